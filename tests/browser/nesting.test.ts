import {html} from 'lit';
import {describe, expect, it, vi} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {fixture, settled, shadow, until, untilState} from './helpers.js';

/**
 * A thread where reading order and time order differ: Ada's root, Bob and Cy answer her, then Dee
 * answers Bob (last of all). In a tree Dee sits under Bob; in one list, oldest first, she comes after Cy.
 */
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const reply = (id: string, parentId: string, name: string, minute: number) => ({
  id, postId: 'p', parentId, author: {name}, body: `Body of ${name}`, createdAt: at(minute), status: 'published',
});
const THREAD = {postId: 'p', order: 'oldest', total: 5, nextCursor: null, comments: [
  {id: '1', postId: 'p', parentId: null, author: {name: 'Ada'}, body: 'Body of Ada', createdAt: at(0), status: 'published'},
  reply('2', '1', 'Bob', 1),
  reply('3', '1', 'Cy', 2),
  reply('4', '2', 'Dee', 3),
  {id: '5', postId: 'p', parentId: null, author: {name: 'Eve'}, body: 'Body of Eve', createdAt: at(4), status: 'published'},
]};

async function mount(nesting?: string): Promise<ColloquyComments> {
  vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response(JSON.stringify(THREAD), {headers: {'Content-Type': 'application/json'}}));
  const el = await fixture<ColloquyComments>(nesting === undefined
    ? html`<colloquy-comments api="https://comments.example" post-id="p"></colloquy-comments>`
    : html`<colloquy-comments api="https://comments.example" post-id="p" nesting=${nesting}></colloquy-comments>`);
  await untilState(el, 'ready');
  return el;
}

const articles = (el: ColloquyComments) => [...shadow(el).querySelectorAll<HTMLElement>('article.comment')];
const names = (el: ColloquyComments) => articles(el).map((a) => a.querySelector('[part="author"]')!.textContent!.trim());
const articleOf = (el: ColloquyComments, name: string) => articles(el).find((a) => a.querySelector('[part="author"]')!.textContent!.trim() === name)!;
const left = (el: ColloquyComments, name: string) => articleOf(el, name).getBoundingClientRect().left;
const replyingTo = (el: ColloquyComments, name: string) => articleOf(el, name).querySelector('[part="replying-to"]')?.textContent?.trim();
const toggles = (el: ColloquyComments) => articles(el).filter((a) => a.querySelector('[part="collapse-button"]')).map((a) => a.querySelector('[part="author"]')!.textContent!.trim());

describe('nesting models', () => {
  it('tree (the default) nests each reply under the comment it answers, a level further in', async () => {
    const el = await mount();
    expect(names(el)).toEqual(['Ada', 'Bob', 'Dee', 'Cy', 'Eve']);
    expect(left(el, 'Bob')).toBeGreaterThan(left(el, 'Ada'));
    expect(left(el, 'Dee')).toBeGreaterThan(left(el, 'Bob'));
    expect(left(el, 'Cy')).toBe(left(el, 'Bob'));
    expect(replyingTo(el, 'Dee')).toBeUndefined(); // its place says it
    expect(toggles(el)).toEqual(['Ada', 'Bob']);
  });

  it('one-level lists all of a thread\'s replies under its first comment, oldest first, saying whom they answer beyond it', async () => {
    const el = await mount('one-level');
    expect(names(el)).toEqual(['Ada', 'Bob', 'Cy', 'Dee', 'Eve']);
    expect(left(el, 'Bob')).toBeGreaterThan(left(el, 'Ada'));
    expect(left(el, 'Dee')).toBe(left(el, 'Bob'));
    expect(left(el, 'Cy')).toBe(left(el, 'Bob'));
    expect(replyingTo(el, 'Dee')).toBe('replying to Bob');
    expect(replyingTo(el, 'Bob')).toBeUndefined(); // Ada's thread: its first comment is just above
    // The link goes to the comment answered.
    expect(articleOf(el, 'Dee').querySelector('[part="replying-to"] a')!.getAttribute('href')).toBe(`#${articleOf(el, 'Bob').id}`);
    // Only the first comment hides and shows the replies, all of them.
    expect(toggles(el)).toEqual(['Ada']);
    const toggle = articleOf(el, 'Ada').querySelector<HTMLButtonElement>('[part="collapse-button"]')!;
    expect(toggle.textContent).toBe('Hide replies');
    toggle.click();
    await settled(el);
    expect(names(el)).toEqual(['Ada', 'Eve']);
    expect(articleOf(el, 'Ada').querySelector('[part="collapse-button"]')!.textContent).toBe('Show 3 replies');
  });

  it('flat shows every comment at one level, each reply saying whom it answers', async () => {
    const el = await mount('flat');
    expect(names(el)).toEqual(['Ada', 'Bob', 'Cy', 'Dee', 'Eve']);
    for (const name of ['Bob', 'Cy', 'Dee', 'Eve']) expect(left(el, name), name).toBe(left(el, 'Ada'));
    expect(replyingTo(el, 'Bob')).toBe('replying to Ada');
    expect(replyingTo(el, 'Cy')).toBe('replying to Ada');
    expect(replyingTo(el, 'Dee')).toBe('replying to Bob');
    expect(replyingTo(el, 'Eve')).toBeUndefined();
  });

  it('follows a change of the attribute, and falls back to tree (with a warning) on an unknown value', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const el = await mount('flat');
    el.setAttribute('nesting', 'one-level');
    await settled(el);
    expect(left(el, 'Dee')).toBe(left(el, 'Bob'));
    expect(left(el, 'Bob')).toBeGreaterThan(left(el, 'Ada'));
    el.setAttribute('nesting', 'sideways');
    await settled(el);
    expect(names(el)).toEqual(['Ada', 'Bob', 'Dee', 'Cy', 'Eve']);
    expect(left(el, 'Dee')).toBeGreaterThan(left(el, 'Bob'));
    expect(warn.mock.calls.flat().join(' ')).toContain('nesting="sideways"');
  });

  it('mirrors in a right-to-left language: one-level replies indent from the right', async () => {
    const el = await mount('one-level');
    el.setAttribute('lang', 'he');
    await until(() => expect(shadow(el).querySelector('section')!.dir).toBe('rtl'));
    await settled(el);
    const right = (name: string) => articleOf(el, name).getBoundingClientRect().right;
    expect(right('Bob')).toBeLessThan(right('Ada'));
    expect(right('Dee')).toBe(right('Bob'));
  });
});
