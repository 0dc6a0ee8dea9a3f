import {html} from 'lit';
import {afterEach, describe, expect, it} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {LIMITS, type Comment} from '../../src/protocol/index.js';
import {API, deepAll, fixture, freshPostId, seed, settled, shadow, until, untilState} from './helpers.js';

// Against the real reference server: replies on demand, links to one comment, deep threads, collapse.

async function mount(postId: string, attributes: {pageSize?: number} = {}): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}
    page-size=${attributes.pageSize ?? LIMITS.pageSizeDefault}></colloquy-comments>`);
  await untilState(el, 'ready');
  return el;
}

const bodies = (el: ColloquyComments) => deepAll(el, '[part="body"]').map((b) => b.textContent!.trim());
const button = (el: ColloquyComments, selector: string) => shadow(el).querySelector<HTMLButtonElement>(selector);

/** A root with `count` replies, in a chain and a fan. */
async function thread(postId: string, count: number, body = 'root'): Promise<{root: Comment; replies: Comment[]}> {
  const root = await seed(postId, {body});
  const replies: Comment[] = [];
  for (let i = 0; i < count; i++) replies.push(await seed(postId, {body: `${body} reply ${i}`, parentId: i % 2 && replies.length ? replies.at(-1)!.id : root.id}));
  return {root, replies};
}

describe('big threads', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('shows a busy thread\'s first replies and loads the rest of that thread on demand, saying how many', async () => {
    const postId = freshPostId();
    const {replies} = await thread(postId, LIMITS.repliesPerThread + 5);
    await thread(postId, 2, 'quiet');
    const el = await mount(postId);
    await until(() => expect(bodies(el)).toHaveLength(1 + LIMITS.repliesPerThread + 3)); // shown in batches
    const more = button(el, '[part="more-replies"]')!;
    expect(more.textContent!.trim()).toBe('Show 5 more replies');
    // Under its own thread, not the next one.
    expect(more.closest('li.thread')!.querySelector('article')!.textContent).toContain('root');
    more.click();
    await until(() => expect(bodies(el)).toHaveLength(1 + replies.length + 3));
    expect(button(el, '[part="more-replies"]')).toBeNull();
    // Each reply in its place in the thread, before the next thread.
    const all = bodies(el);
    expect(all.indexOf(`root reply ${replies.length - 1}`)).toBeLessThan(all.indexOf('quiet'));
    await until(() => expect(shadow(el).querySelector('[aria-live]')!.textContent).toBe('5 more replies loaded.'));
    expect(shadow(el).querySelector('h2')!.textContent).toBe(`${1 + replies.length + 3} comments`);
  });

  it('says how many comments later pages hold', async () => {
    const postId = freshPostId();
    for (let i = 0; i < 3; i++) await thread(postId, 1, `t${i}`);
    const el = await mount(postId, {pageSize: 1});
    expect(button(el, '[part="more"]')!.textContent!.trim()).toBe('Show more comments (4)');
  });

  it('opens a link to a comment on a later page, and to a reply past a thread\'s first ones: loads, scrolls, highlights, focuses', async () => {
    const postId = freshPostId();
    await thread(postId, 0, 'first');
    await thread(postId, 0, 'second');
    const far = await thread(postId, LIMITS.repliesPerThread + 3, 'third');
    const target = far.replies.at(-1)!;
    history.replaceState(null, '', `#comment-${encodeURIComponent(target.id)}`);
    const el = await mount(postId, {pageSize: 1});
    await until(() => expect(shadow(el).querySelector('.highlighted')).not.toBeNull());
    const article = shadow(el).querySelector<HTMLElement>('.highlighted')!;
    expect(article.id).toBe(`comment-${target.id}`);
    expect(article.querySelector('[part="body"]')!.textContent!.trim()).toBe(target.body);
    expect(shadow(el).activeElement).toBe(article);
    const box = article.getBoundingClientRect();
    expect(box.bottom).toBeGreaterThan(0);
    expect(box.top).toBeLessThan(innerHeight);

    // Following another link on the same page moves there too.
    history.pushState(null, '', `#comment-${encodeURIComponent(far.root.id)}`);
    dispatchEvent(new HashChangeEvent('hashchange'));
    await until(() => expect(shadow(el).querySelector('.highlighted')!.id).toBe(`comment-${far.root.id}`));
    expect(shadow(el).querySelectorAll('.highlighted')).toHaveLength(1); // the first one's mark is gone
  });

  it('gives every comment a link to itself, and ignores a link to a comment the thread does not have', async () => {
    const postId = freshPostId();
    const {root} = await thread(postId, 1);
    history.replaceState(null, '', '#comment-999999999');
    const el = await mount(postId);
    await settled(el);
    expect(shadow(el).querySelector('.highlighted')).toBeNull();
    const link = shadow(el).querySelector<HTMLAnchorElement>(`#comment-${root.id} a.permalink`)!;
    expect(new URL(link.href).hash).toBe(`#comment-${root.id}`);
  });

  it('says whom a reply answers once replies stop indenting, linking to it', async () => {
    const postId = freshPostId();
    let parent = await seed(postId, {body: 'level 0', author: {name: 'Level 0'}});
    for (let level = 1; level <= 6; level++) parent = await seed(postId, {body: `level ${level}`, author: {name: `Level ${level}`}, parentId: parent.id});
    const el = await mount(postId);
    await until(() => expect(bodies(el)).toHaveLength(7));
    const labels = deepAll(el, 'article.comment').map((a) => a.querySelector('[part="replying-to"]')?.textContent?.trim() ?? null);
    expect(labels).toEqual([null, null, null, null, null, 'replying to Level 4', 'replying to Level 5']);
    const link = shadow(el).querySelectorAll<HTMLAnchorElement>('[part="replying-to"] a')[0]!;
    expect(shadow(el).querySelector(link.getAttribute('href')!)!.textContent).toContain('level 4');
  });

  it('hides and shows a comment\'s replies, saying how many, with the state on the button', async () => {
    const postId = freshPostId();
    await thread(postId, 3);
    const el = await mount(postId);
    await until(() => expect(bodies(el)).toHaveLength(4));
    const toggle = button(el, '[part="collapse-button"]')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent!.trim()).toBe('Hide replies');
    toggle.click();
    await settled(el);
    expect(bodies(el)).toEqual(['root']);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent!.trim()).toBe('Show 3 replies');
    toggle.click();
    await until(() => expect(bodies(el)).toHaveLength(4));
  });

  it('takes the reader from the top of a long thread to the form', async () => {
    const postId = freshPostId();
    await thread(postId, 2);
    const el = await mount(postId);
    button(el, '[part="to-form-button"]')!.click();
    const form = shadow(el).querySelector('section > colloquy-composer')!;
    await until(() => expect(shadow(form).activeElement).not.toBeNull());
  });
});
