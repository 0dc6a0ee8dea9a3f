import {html} from 'lit';
import {describe, expect, it, vi} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {API, deepAll, fixture, freshPostId, seed, settled, shadow, type, until, untilState} from './helpers.js';

const realFetch = globalThis.fetch;

const comment = (id: string) => ({id, postId: 'p', parentId: null, author: {name: `Author ${id}`}, body: `Body ${id}`,
  createdAt: '2026-01-01T10:00:00.000Z', status: 'published'});

describe('a closed thread', () => {
  it('shows its comments with no form and no Reply buttons when the server says it is closed', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response(JSON.stringify({postId: 'p', order: 'oldest', total: 1,
      nextCursor: null, closed: true, comments: [comment('1')]}), {headers: {'Content-Type': 'application/json'}}));
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    expect(shadow(el).querySelector('.closed')!.textContent).toBe('Comments are closed.');
    expect(shadow(el).querySelector('colloquy-composer')).toBeNull();
    expect(deepAll(el, '[part="reply-button"]')).toHaveLength(0);
    expect(deepAll(el, '[part="body"]').map((b) => b.textContent!.trim())).toEqual(['Body 1']);
  });

  it('closes every form when the server refuses a comment for closing, keeping the reader\'s text where they can copy it', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'before closing'});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
    await untilState(el, 'ready');
    expect(deepAll(el, '[part="reply-button"]')).toHaveLength(1);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => init?.method === 'POST'
      ? new Response(JSON.stringify({type: 'urn:colloquy:problem:comments_closed', title: 'Comments closed', status: 403,
        code: 'comments_closed', detail: 'Comments are closed on this post.'}), {status: 403, headers: {'Content-Type': 'application/problem+json'}})
      : realFetch(input, init));
    const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
    type(form.querySelector<HTMLInputElement>('#name')!, 'Late');
    type(form.querySelector<HTMLTextAreaElement>('#body')!, 'too late to say this');
    form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => expect(shadow(el).querySelector('.closed')?.textContent).toBe('Comments are closed.'));
    await settled(el);
    expect(deepAll(el, '[part="reply-button"]')).toHaveLength(0);
    const kept = shadow(shadow(el).querySelector('section > colloquy-composer')!);
    expect(kept.querySelector<HTMLTextAreaElement>('#body')!.value).toBe('too late to say this');
    expect(kept.querySelector('[role="alert"]')!.textContent).toContain('Comments are closed on this post');
  });

  it('says a held comment awaits moderation, shows it to its author only, and does not count it', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'published already'});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
    await untilState(el, 'ready');
    // The real server publishes at once; a moderated site answers the same post with status pending.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (init?.method !== 'POST') return realFetch(input, init);
      const sent = JSON.parse(String(init.body)) as {body: string};
      return new Response(JSON.stringify({id: '999999', postId, parentId: null, author: {name: 'Held'}, body: sent.body,
        createdAt: new Date().toISOString(), status: 'pending', ownerToken: 't'.repeat(43), editableUntil: new Date(Date.now() + 60_000).toISOString()}),
      {status: 201, headers: {'Content-Type': 'application/json'}});
    });
    const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
    type(form.querySelector<HTMLInputElement>('#name')!, 'Held');
    type(form.querySelector<HTMLTextAreaElement>('#body')!, 'waiting for the owner');
    form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => expect(shadow(el).querySelector('[aria-live]')!.textContent).toBe('Your comment was received and awaits moderation.'));
    expect(deepAll(el, '[part="pending"]').map((p) => p.textContent)).toEqual(['Awaiting moderation']);
    expect(shadow(el).querySelector('h2')!.textContent).toBe('1 comment');
  });
});
