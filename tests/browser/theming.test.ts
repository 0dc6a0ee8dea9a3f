import {html} from 'lit';
import {afterEach, describe, expect, it} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {API, deep, fixture, freshPostId, seed, shadow, untilState} from './helpers.js';

const pageStyle = (css: string) => {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  return style;
};

describe('theming <colloquy-comments> from the page', () => {
  const added: HTMLElement[] = [];
  afterEach(() => {
    added.splice(0).forEach((el) => el.remove());
  });

  async function mountWithReply(): Promise<ColloquyComments> {
    const postId = freshPostId();
    await seed(postId, {body: 'Styled', author: {name: 'Ada', url: 'https://ada.example'}});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
    await untilState(el, 'ready');
    return el;
  }

  it('styles every documented part with ::part() from the page, reply forms included', async () => {
    added.push(pageStyle(`
      colloquy-comments::part(heading) { color: rgb(1, 0, 0); }
      colloquy-comments::part(comment) { color: rgb(2, 0, 0); }
      colloquy-comments::part(author) { color: rgb(3, 0, 0); }
      colloquy-comments::part(time) { color: rgb(4, 0, 0); }
      colloquy-comments::part(body) { color: rgb(5, 0, 0); }
      colloquy-comments::part(reply-button) { color: rgb(6, 0, 0); }
      colloquy-comments::part(composer) { color: rgb(7, 0, 0); }
      colloquy-comments::part(submit) { color: rgb(8, 0, 0); }
    `));
    const el = await mountWithReply();
    const comment = shadow(el).querySelector<HTMLElement>('article.comment')!;
    comment.querySelector<HTMLButtonElement>('[part="reply-button"]')!.click();
    await untilState(el, 'ready');
    const color = (part: string, root: Element = el) => getComputedStyle(deep(root, `[part~="${part}"]`)).color;
    expect(color('heading')).toBe('rgb(1, 0, 0)');
    expect(color('comment')).toBe('rgb(2, 0, 0)');
    expect(color('author')).toBe('rgb(3, 0, 0)');
    expect(color('time')).toBe('rgb(4, 0, 0)');
    expect(color('body')).toBe('rgb(5, 0, 0)');
    expect(color('reply-button')).toBe('rgb(6, 0, 0)');
    const replyComposer = comment.querySelector('colloquy-composer')!;
    expect(color('composer', replyComposer)).toBe('rgb(7, 0, 0)');
    expect(color('submit', replyComposer)).toBe('rgb(8, 0, 0)');
    const rootComposer = [...shadow(el).querySelectorAll('colloquy-composer')].at(-1)!;
    expect(color('submit', rootComposer)).toBe('rgb(8, 0, 0)');
  });

  it('takes --colloquy-* tokens from the page, and inherits its font', async () => {
    added.push(pageStyle(`colloquy-comments { --colloquy-color-accent: rgb(9, 8, 7); font-family: monospace; }`));
    const el = await mountWithReply();
    expect(getComputedStyle(deep(el, '[part="author"] a')).color).toBe('rgb(9, 8, 7)');
    const composer = [...shadow(el).querySelectorAll('colloquy-composer')].at(-1)!;
    expect(getComputedStyle(deep(composer, '[part="submit"]')).backgroundColor).toBe('rgb(9, 8, 7)');
    expect(getComputedStyle(deep(composer, 'textarea')).fontFamily).toBe('monospace');
  });

  it('follows theme="dark" and the page\'s color-scheme', async () => {
    const el = await mountWithReply();
    const accent = () => getComputedStyle(deep(el, '[part="author"] a')).color;
    const light = accent();
    el.theme = 'dark';
    await el.updateComplete;
    const dark = accent();
    expect(dark).not.toBe(light);
    el.theme = 'auto';
    await el.updateComplete;
    expect(accent()).toBe(light);
    el.style.colorScheme = 'dark'; // a page that declares dark
    expect(accent()).toBe(dark);
  });
});
