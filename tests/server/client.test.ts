import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';

import {ApiError} from '../../src/client/api-error.js';
import {CommentsClient} from '../../src/client/client.js';
import {freshPostId, openHarness, type Harness} from './helpers.js';

// The widget's client against the real app in-process: the contract from both ends, no socket.
describe('CommentsClient against the reference server', () => {
  let h: Harness;
  let client: CommentsClient;
  beforeAll(async () => {
    h = await openHarness(undefined);
    client = new CommentsClient({baseUrl: 'https://comments.test/', fetch: async (input, init) => h.app.fetch(new Request(input, init))});
  });
  afterAll(async () => {
    await h?.db.close();
  });

  it('posts, lists and counts', async () => {
    const postId = freshPostId();
    const root = await client.postComment(postId, {parentId: null, author: {name: 'Ada'}, body: 'Hi'});
    await client.postComment(postId, {parentId: root.comment.id, author: {name: 'Bo'}, body: 'Hey'});
    const page = await client.listComments(postId);
    expect(page.comments.map((c) => c.body)).toEqual(['Hi', 'Hey']);
    expect(page.dropped).toBe(0);
    expect(await client.countComments([postId, 'none'])).toEqual({[postId]: 2, none: 0});
  });

  it('hands the owner token back apart from the comment, which carries none', async () => {
    const posted = await client.postComment(freshPostId(), {parentId: null, author: {name: 'Ada'}, body: 'Mine'});
    expect(Object.keys(posted).sort()).toEqual(['comment', 'ownership']);
    expect(Object.keys(posted.comment).sort()).toEqual(['author', 'body', 'createdAt', 'id', 'parentId', 'postId', 'status']);
    expect(JSON.stringify(posted.comment)).not.toContain(posted.ownership!.token);
    expect(Date.parse(posted.ownership!.editableUntil)).toBeGreaterThan(Date.now());
  });

  it('turns problem documents into ApiErrors with the code and the fields', async () => {
    const error = await client.postComment(freshPostId(), {parentId: null, author: {name: ''}, body: ''}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({status: 422, code: 'invalid_field', field: 'author.name'});
    expect((error as ApiError).errors.map((e) => e.field)).toEqual(['author.name', 'body']);
  });

  it('sends the idempotency key, so a repeat returns the same comment', async () => {
    const postId = freshPostId();
    const input = {parentId: null, author: {name: 'Ada'}, body: 'Once'};
    const first = await client.postComment(postId, input, {idempotencyKey: 'key-' + postId});
    const again = await client.postComment(postId, input, {idempotencyKey: 'key-' + postId});
    expect(again).toEqual(first);
    expect(first.ownership?.token).toMatch(/^[\x21-\x7E]{20,}$/);
    expect((await client.listComments(postId)).total).toBe(1);
  });

  it('pages with the cursor it was given', async () => {
    const postId = freshPostId();
    for (const body of ['a', 'b', 'c']) await client.postComment(postId, {parentId: null, author: {name: 'A'}, body});
    const first = await client.listComments(postId, {limit: 2, order: 'newest'});
    const second = await client.listComments(postId, {limit: 2, order: 'newest', cursor: first.nextCursor});
    expect([...first.comments, ...second.comments].map((c) => c.body)).toEqual(['c', 'b', 'a']);
  });
});

describe('CommentsClient faults', () => {
  const make = (fetchImpl: typeof fetch, timeoutMs?: number) =>
    new CommentsClient({baseUrl: 'https://comments.test', fetch: fetchImpl, ...(timeoutMs ? {timeoutMs} : {})});

  it('reports a dead network as code "network"', async () => {
    await expect(make(() => Promise.reject(new TypeError('Failed to fetch'))).listComments('p'))
      .rejects.toMatchObject({name: 'ApiError', code: 'network', status: 0});
  });

  it('gives up on a server that never answers, as code "timeout"', async () => {
    const hang: typeof fetch = (_, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    await expect(make(hang, 50).listComments('p')).rejects.toMatchObject({code: 'timeout'});
  });

  it('lets the caller\'s abort through untouched', async () => {
    const hang: typeof fetch = (_, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const controller = new AbortController();
    const pending = make(hang).listComments('p', {signal: controller.signal});
    controller.abort();
    await expect(pending).rejects.toMatchObject({name: 'AbortError'});
  });

  it.each([
    ['HTML with 200', new Response('<html>', {status: 200}), 'bad_response'],
    ['JSON of the wrong shape', Response.json({hello: 'world'}), 'bad_response'],
    ['a 502 from a proxy', new Response('<h1>Bad Gateway</h1>', {status: 502}), 'http_error'],
    ['a 500 with JSON but no code', Response.json({message: 'x'}, {status: 500}), 'http_error'],
    ['a problem document', Response.json({code: 'rate_limited', detail: 'Slow down.'}, {status: 429}), 'rate_limited'],
  ])('reads %s as code %j', async (_, response, code) => {
    await expect(make(() => Promise.resolve(response)).listComments('p')).rejects.toMatchObject({code});
  });

  it('refuses an api URL that is not http(s), without a request', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    for (const baseUrl of ['', 'javascript:alert(1)', 'file:///etc', 'not a url']) {
      const client = new CommentsClient({baseUrl, fetch: fetchSpy});
      await expect(client.listComments('p')).rejects.toMatchObject({code: 'config'});
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('builds URLs under /api/v1, keeping a path prefix and encoding the post ID as one segment', async () => {
    const fetchSpy = vi.fn<typeof fetch>(() => Promise.resolve(Response.json({postId: 'x', order: 'oldest', total: 0, comments: [], nextCursor: null})));
    await new CommentsClient({baseUrl: 'https://host.example/comments/?q=1#h', fetch: fetchSpy}).listComments('/blog/a b?c', {order: 'newest'});
    expect(String(fetchSpy.mock.calls[0]![0])).toBe('https://host.example/comments/api/v1/posts/%2Fblog%2Fa%20b%3Fc/comments?order=newest');
    expect(fetchSpy.mock.calls[0]![1]).toMatchObject({credentials: 'omit', mode: 'cors'});
  });
});
