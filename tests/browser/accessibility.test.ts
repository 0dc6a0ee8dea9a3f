import axe from 'axe-core';
import {html} from 'lit';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {page} from 'vitest/browser';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {LOCALES} from '../../src/i18n/locales.js';
import {API, deep, fixture, freshPostId, seed, settled, shadow, until, untilState} from './helpers.js';

/** Runs axe-core on the widget (through its shadow roots) and returns every violation, described. */
async function violations(el: Element): Promise<string[]> {
  await settled(el);
  // axe measures colours from what is painted, and `content-visibility: auto` leaves threads off screen
  // unpainted until scrolled near: its contrast check then meets the page behind them
  // (dequelabs/axe-core#2768). Paint every thread for the check; the styles under test are otherwise unchanged.
  if (el.shadowRoot && !el.shadowRoot.querySelector('style[data-axe]')) {
    const paintAll = document.createElement('style');
    paintAll.dataset.axe = '';
    paintAll.textContent = '.thread { content-visibility: visible !important; }'; // after the adopted sheets in the cascade
    el.shadowRoot.append(paintAll);
  }
  const results = await axe.run(el, {resultTypes: ['violations']});
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}

/** A thread with what commenters write: code too wide for a phone, a table, links, a quote, a long name, RTL text. */
async function realThread(): Promise<string> {
  const postId = freshPostId();
  const root = await seed(postId, {author: {name: 'Ada Quill', url: 'https://ada.example'},
    body: `A **root** comment with [a link](https://example.com) and code:\n\n\`\`\`\n${'const wide = "no break here"; '.repeat(8)}\n\`\`\`\n\n| a | b | c | d | e | f |\n|---|:-:|--:|---|---|---|\n| ${'1234567890 | '.repeat(6)}\n\n> a quote\n\n1. one\n2. two`});
  const reply = await seed(postId, {parentId: root.id, author: {name: 'Bob'}, body: 'A reply with `inline code` and https://example.org'});
  await seed(postId, {parentId: reply.id, author: {name: 'سارا'}, body: 'پاسخ به فارسی'});
  await seed(postId, {author: {name: 'N'.repeat(80)}, body: `${'unbroken'.repeat(30)}`});
  return postId;
}

describe('accessibility (axe-core) of <colloquy-comments>', () => {
  afterEach(async () => {
    await page.viewport(1280, 800);
  });

  for (const [label, width, theme] of [['at 1280 px, light', 1280, 'light'], ['at 320 px, dark', 320, 'dark'], ['at 320 px, light', 320, 'light']] as const) {
    describe(label, () => {
      async function mount(): Promise<ColloquyComments> {
        await page.viewport(width, 800);
        await until(() => expect(innerWidth).toBe(width)); // laid out at this width, not the last test's
        // A dark theme is for a dark page: the widget inherits the page's background and text colour.
        const pageStyle = theme === 'dark' ? 'background: #121212; color: #e8e8e8; color-scheme: dark' : 'background: #fff; color: #1a1a1a';
        const wrapper = await fixture<HTMLElement>(html`<div style=${pageStyle}><colloquy-comments api=${API}
          post-id=${await realThread()} theme=${theme}></colloquy-comments></div>`);
        const el = wrapper.querySelector('colloquy-comments')! as ColloquyComments;
        await untilState(el, 'ready');
        return el;
      }

      it('has no violations with a thread loaded', async () => {
        expect(await violations(await mount())).toEqual([]);
      });

      it('has no violations with a reply form open', async () => {
        const el = await mount();
        deep<HTMLButtonElement>(el, '[part="reply-button"]').click();
        await until(() => expect(shadow(el).querySelectorAll('article.comment')[0]!.querySelector('colloquy-composer')).not.toBeNull());
        expect(await violations(el)).toEqual([]);
      });

      it('has no violations while the form shows validation errors', async () => {
        const el = await mount();
        const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
        form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
        await until(() => expect(form.querySelector('[aria-invalid="true"]')).not.toBeNull());
        expect(await violations(el)).toEqual([]);
      });
    });
  }

  it('has no violations when the thread is empty', async () => {
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${freshPostId()}></colloquy-comments>`);
    await untilState(el, 'empty');
    expect(await violations(el)).toEqual([]);
  });

  it('has no violations when the server cannot be reached', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'error');
    expect(await violations(el)).toEqual([]);
  });

  it('has no violations when a post fails', async () => {
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${await realThread()}></colloquy-comments>`);
    await untilState(el, 'ready');
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
    for (const [id, value] of [['name', 'Ada'], ['body', 'Hello']] as const) {
      const field = form.querySelector<HTMLInputElement>(`#${id}`)!;
      field.value = value;
      field.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
    }
    form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => expect(form.querySelector('[role="alert"]')).not.toBeNull());
    expect(await violations(el)).toEqual([]);
  });

  it('has no violations on the reader\'s own comment: its actions, the edit form, the delete confirmation, a tombstone, "Forget me"', async () => {
    const postId = await realThread();
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
    await untilState(el, 'ready');
    const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
    for (const [id, value] of [['name', 'Ada'], ['body', 'Mine']] as const) {
      const field = form.querySelector<HTMLInputElement>(`#${id}`)!;
      field.value = value;
      field.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
    }
    form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    const mine = await until(() => {
      const found = [...shadow(el).querySelectorAll('article.comment')].find((c) => c.querySelector('.edit-button'));
      expect(found).toBeDefined();
      return found!;
    });
    expect(await violations(el)).toEqual([]);
    mine.querySelector<HTMLButtonElement>('.edit-button')!.click();
    await settled(el);
    expect(await violations(el)).toEqual([]);
    mine.querySelector<HTMLButtonElement>('form.edit .button-quiet')!.click();
    await settled(el);
    mine.querySelector<HTMLButtonElement>('.delete-button')!.click();
    await settled(el);
    expect(await violations(el)).toEqual([]);
    shadow(el).querySelector<HTMLButtonElement>('[part="forget-button"]')!.click();
    await settled(el);
    expect(await violations(el)).toEqual([]);
    // A tombstone: the root comment, deleted by its author, keeps its replies.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response(JSON.stringify({postId: 'p', order: 'oldest', total: 1,
      nextCursor: null, comments: [
        {id: '1', postId: 'p', parentId: null, author: {name: ''}, body: '', createdAt: '2026-01-01T00:00:00.000Z', status: 'deleted'},
        {id: '2', postId: 'p', parentId: '1', author: {name: 'Bo'}, body: 'reply', createdAt: '2026-01-02T00:00:00.000Z', status: 'published'},
      ]}), {headers: {'Content-Type': 'application/json'}}));
    const tombstoned = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await until(() => expect(deep(tombstoned, '[part="deleted"]').textContent).toBe('Comment deleted'));
    expect(await violations(tombstoned)).toEqual([]);
  });
});

describe('accessibility (axe-core) in every language', () => {
  let postId: string;

  for (const [index, locale] of LOCALES.entries()) {
    it(`${locale}: the thread, the form opened with errors and a preview, a reply form, and flat nesting have no violations`, async () => {
      postId ??= await realThread();
      const theme = index % 2 ? 'dark' : 'light'; // both themes across the languages
      const pageStyle = theme === 'dark' ? 'background: #121212; color: #e8e8e8; color-scheme: dark' : 'background: #fff; color: #1a1a1a';
      const wrapper = await fixture<HTMLElement>(html`<div lang=${locale} style=${pageStyle}><colloquy-comments api=${API}
        post-id=${postId} theme=${theme}></colloquy-comments></div>`);
      const el = wrapper.querySelector('colloquy-comments')! as ColloquyComments;
      await untilState(el, 'ready');
      expect(shadow(el).querySelector('section')!.lang).toBe(locale);
      expect(await violations(el), 'the thread, its form one line').toEqual([]);

      const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
      form.querySelector<HTMLTextAreaElement>('#body')!.focus();
      form.querySelector<HTMLButtonElement>('[part="submit"]')!.click(); // nothing typed: every required field refused
      await until(() => expect(form.querySelector('[aria-invalid="true"]')).not.toBeNull());
      expect(await violations(el), 'the form, open, with errors').toEqual([]);
      const body = form.querySelector<HTMLTextAreaElement>('#body')!;
      body.value = '**Bold**, `code` and a [link](https://example.com)';
      body.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
      form.querySelector<HTMLButtonElement>('#preview-tab')!.click();
      await until(() => expect(form.querySelector('#preview-panel strong')).not.toBeNull());
      expect(await violations(el), 'the preview').toEqual([]);

      deep<HTMLButtonElement>(el, '[part="reply-button"]').click();
      await until(() => expect(shadow(el).querySelector('article.comment colloquy-composer')).not.toBeNull());
      el.setAttribute('nesting', 'flat');
      expect(await violations(el), 'a reply form, flat nesting').toEqual([]);
    });
  }
});
