import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {FIELD_REASONS, LIMITS, type Comment, type CreatedComment, type Problem, type ThreadPage} from '../../server/src/protocol.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

describe.each(DATABASES)('the protocol API on $name', ({url, available}) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await openHarness(url);
  });
  afterAll(async () => {
    await h?.db.close();
  });

  async function post(postId: string, body: unknown, headers?: Record<string, string>) {
    return postJson(h.app, commentsPath(postId), body, headers);
  }
  async function created(postId: string, body: unknown = aComment()): Promise<Comment> {
    const res = await post(postId, body);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Comment;
  }
  async function page(postId: string, query = ''): Promise<ThreadPage> {
    const res = await h.app.request(commentsPath(postId, query));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as ThreadPage;
  }
  async function expectProblem(res: Response, status: number, code: string, field?: string): Promise<Problem> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as Problem;
    expect(body).toMatchObject({status, code, type: `urn:colloquy:problem:${code}`});
    expect(body.detail.length).toBeGreaterThan(0);
    if (field !== undefined) {
      expect(body.field).toBe(field);
      expect(body.detail).toContain(field);
    }
    for (const error of body.errors ?? []) expect(FIELD_REASONS).toContain(error.reason);
    return body;
  }

  describe.skipIf(!available)('health', () => {
    it('answers /healthz with 200 while the database answers', async () => {
      const res = await h.app.request('/healthz');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('ok');
    });
  });

  describe.skipIf(!available)('reading', () => {
    it('answers an unknown post with an empty first page', async () => {
      const postId = freshPostId();
      expect(await page(postId)).toEqual({postId, order: 'oldest', total: 0, comments: [], nextCursor: null, closed: false});
    });

    it('takes post IDs with slashes, spaces and any script, percent-encoded as one segment', async () => {
      for (const postId of ['/blog/2026/11/hello world?x=1#y', 'ملاحظات/١', '%2F already%20encoded']) {
        const comment = await created(postId);
        expect(comment.postId).toBe(postId);
        expect((await page(postId)).comments.map((c) => c.id)).toEqual([comment.id]);
      }
    });

    it('refuses post IDs that are too long or hold control characters', async () => {
      await expectProblem(await h.app.request(commentsPath('x'.repeat(LIMITS.postIdMaxLength + 1))), 400, 'invalid_request', 'postId');
      await expectProblem(await h.app.request(commentsPath('a\u0000b')), 400, 'invalid_request', 'postId');
    });

    it('pages by root threads, each page carrying whole threads, in either order', async () => {
      const postId = freshPostId();
      const roots: Comment[] = [];
      for (let i = 0; i < 5; i++) {
        const root = await created(postId, aComment({body: `root ${i}`}));
        roots.push(root);
        const reply = await created(postId, aComment({parentId: root.id, body: `reply to ${i}`}));
        await created(postId, aComment({parentId: reply.id, body: `reply to reply ${i}`}));
      }
      const seen: string[][] = [];
      let cursor: string | null = null;
      do {
        const p: ThreadPage = await page(postId, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(p.total).toBe(15);
        const pageRoots = p.comments.filter((c) => c.parentId === null);
        expect(pageRoots.length).toBeLessThanOrEqual(2);
        // Every comment on the page belongs to one of its roots' threads.
        expect(p.comments.length).toBe(pageRoots.length * 3);
        seen.push(pageRoots.map((c) => c.body));
        cursor = p.nextCursor;
      } while (cursor);
      expect(seen).toEqual([['root 0', 'root 1'], ['root 2', 'root 3'], ['root 4']]);

      const newest = await page(postId, '?order=newest&limit=3');
      expect(newest.order).toBe('newest');
      expect(newest.comments.filter((c) => c.parentId === null).map((c) => c.body)).toEqual(['root 4', 'root 3', 'root 2']);
      const rest = await page(postId, `?order=newest&limit=3&cursor=${encodeURIComponent(newest.nextCursor!)}`);
      expect(rest.comments.filter((c) => c.parentId === null).map((c) => c.body)).toEqual(['root 1', 'root 0']);
      expect(rest.nextCursor).toBeNull();
    });

    it('lists replies oldest first under every root order', async () => {
      const postId = freshPostId();
      const root = await created(postId);
      const first = await created(postId, aComment({parentId: root.id, body: 'first'}));
      const second = await created(postId, aComment({parentId: root.id, body: 'second'}));
      for (const order of ['oldest', 'newest']) {
        const replies = (await page(postId, `?order=${order}`)).comments.filter((c) => c.parentId === root.id);
        expect(replies.map((c) => c.id)).toEqual([first.id, second.id]);
      }
    });

    it('refuses a bad order, limit or cursor with the parameter named', async () => {
      const postId = freshPostId();
      await expectProblem(await h.app.request(commentsPath(postId, '?order=random')), 400, 'invalid_request', 'order');
      for (const limit of ['0', '-1', '1.5', 'ten', String(LIMITS.pageSizeMax + 1), '']) {
        await expectProblem(await h.app.request(commentsPath(postId, `?limit=${limit}`)), 400, 'invalid_request', 'limit');
      }
      for (const cursor of ['nonsense', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["2026-01-01T00:00:00Z", 1e12]').toString('base64url')]) {
        await expectProblem(await h.app.request(commentsPath(postId, `?cursor=${cursor}`)), 400, 'invalid_request', 'cursor');
      }
    });
  });

  describe.skipIf(!available)('posting', () => {
    it('stores a comment and returns it, without the email, as Markdown source', async () => {
      const postId = freshPostId();
      const body = '<script>alert(1)</script> **bold** [x](javascript:alert(1))';
      const res = await post(postId, aComment({body: `  ${body}\n`}));
      expect(res.status).toBe(201);
      const text = await res.text();
      expect(text).not.toContain('ada@example.org');
      const {ownerToken, editableUntil, ...comment} = JSON.parse(text) as CreatedComment;
      expect(comment).toMatchObject({postId, parentId: null, body, status: 'published',
        author: {name: 'Ada', url: 'https://ada.example.org/'}});
      expect(ownerToken).toMatch(/^[\w-]{43}$/);
      expect(Date.parse(editableUntil) - Date.parse(comment.createdAt)).toBe(15 * 60_000);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(comment.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.parse(comment.createdAt) - Date.now())).toBeLessThan(60_000);

      const listed = await h.app.request(commentsPath(postId));
      const listedText = await listed.text();
      expect(listedText).not.toContain('ada@example.org');
      expect((JSON.parse(listedText) as ThreadPage).comments).toEqual([comment]);
    });

    it('omits an author URL that was left blank', async () => {
      const comment = await created(freshPostId(), {author: {name: 'Bo', url: '  ', email: ''}, body: 'hi'});
      expect(comment.author).toEqual({name: 'Bo'});
    });

    it('nests replies, and refuses a parent that is missing, malformed or on another post', async () => {
      const postId = freshPostId();
      const root = await created(postId);
      const reply = await created(postId, aComment({parentId: root.id}));
      expect(reply.parentId).toBe(root.id);
      const other = await created(freshPostId());
      for (const parentId of [other.id, '999999', 'abc', '99999999999999', '0', '-1', '1e3']) {
        await expectProblem(await post(postId, aComment({parentId})), 422, 'parent_not_found', 'parentId');
      }
    });

    it(`refuses replies deeper than ${LIMITS.maxDepth} levels`, async () => {
      const postId = freshPostId();
      let parent = await created(postId);
      for (let depth = 1; depth <= LIMITS.maxDepth; depth++) parent = await created(postId, aComment({parentId: parent.id}));
      await expectProblem(await post(postId, aComment({parentId: parent.id})), 422, 'thread_too_deep', 'parentId');
      expect((await page(postId)).total).toBe(LIMITS.maxDepth + 1);
    });

    it.each([
      ['a missing name', {author: {}, body: 'x'}, 'author.name'],
      ['a blank name', {author: {name: '   '}, body: 'x'}, 'author.name'],
      ['a name that is not text', {author: {name: 42}, body: 'x'}, 'author.name'],
      ['a name with a bidi override', {author: {name: 'evil\u202Egnp.exe'}, body: 'x'}, 'author.name'],
      ['a name too long', {author: {name: 'n'.repeat(LIMITS.nameMaxLength + 1)}, body: 'x'}, 'author.name'],
      ['a javascript: website', {author: {name: 'A', url: 'javascript:alert(1)'}, body: 'x'}, 'author.url'],
      ['a data: website', {author: {name: 'A', url: 'data:text/html,<script>alert(1)</script>'}, body: 'x'}, 'author.url'],
      ['a relative website', {author: {name: 'A', url: '//evil.example'}, body: 'x'}, 'author.url'],
      ['an invalid email', {author: {name: 'A', email: 'not-an-email'}, body: 'x'}, 'author.email'],
      ['a missing author', {body: 'x'}, 'author'],
      ['a blank body', {author: {name: 'A'}, body: ' \n\t '}, 'body'],
      ['a body too long', {author: {name: 'A'}, body: 'b'.repeat(LIMITS.bodyMaxLength + 1)}, 'body'],
      ['a body with NUL', {author: {name: 'A'}, body: 'a\u0000b'}, 'body'],
      ['a parent ID that is a number', {author: {name: 'A'}, body: 'x', parentId: 1}, 'parentId'],
    ])('refuses %s, naming the field', async (_, body, field) => {
      const problem = await expectProblem(await post(freshPostId(), body), 422, 'invalid_field', field);
      expect(problem.errors?.[0]?.field).toBe(field);
    });

    it('lists every invalid field at once', async () => {
      const problem = await expectProblem(await post(freshPostId(), {author: {name: '', url: 'ftp://x'}, body: ''}), 422, 'invalid_field');
      expect(problem.errors?.map((e) => e.field).sort()).toEqual(['author.name', 'author.url', 'body']);
    });

    it.each([
      ['an array', '[]'], ['a string', '"hello"'], ['null', 'null'], ['a number', '42'],
    ])('refuses %s as the body', async (_, raw) => {
      await expectProblem(await post(freshPostId(), raw), 422, 'invalid_field');
    });

    it('refuses a body that is not JSON, or not sent as JSON', async () => {
      await expectProblem(await post(freshPostId(), '{"author": '), 400, 'invalid_json');
      await expectProblem(await post(freshPostId(), ''), 400, 'invalid_json');
      const form = await h.app.request(commentsPath(freshPostId()), {method: 'POST', body: 'author=x',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}});
      await expectProblem(form, 415, 'unsupported_media_type');
    });

    it('refuses a 10 MB body with 413, declared or streamed, and stores nothing', async () => {
      const postId = freshPostId();
      const huge = JSON.stringify(aComment({body: 'x'.repeat(10 * 1024 * 1024)}));
      await expectProblem(await post(postId, huge), 413, 'payload_too_large');
      const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) controller.enqueue(chunk); else controller.close();
        },
      });
      const streamed = await h.app.request(commentsPath(postId), {method: 'POST', body: stream,
        headers: {'Content-Type': 'application/json'}, duplex: 'half'} as RequestInit);
      await expectProblem(streamed, 413, 'payload_too_large');
      expect((await page(postId)).total).toBe(0);
    });

    it('never answers hostile JSON with a 500', async () => {
      const postId = freshPostId();
      const bodies: unknown[] = [
        {author: {name: 'A'}, body: 'x', __proto__: {polluted: true}},
        JSON.parse('{"author":{"name":"A","__proto__":{"x":1}},"body":"y","constructor":{"prototype":{"z":1}}}'),
        {author: {name: ['A']}, body: {}},
        {author: 'A', body: 'x'},
        {author: {name: 'A'}, body: 'x', parentId: {$gt: ''}},
        {author: {name: 'A'}, body: 'x', parentId: "1; DROP TABLE comments; --"},
        {author: {name: 'A'.repeat(100_000)}, body: 'x'},
        {author: {name: '\uD800'}, body: '\uDFFF lone surrogates'},
      ];
      for (const body of bodies) {
        const res = await post(postId, body);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBeLessThan(500);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const listed = await page(postId);
      expect(listed.comments.every((c) => c.author.name === 'A' || c.author.name.length <= LIMITS.nameMaxLength)).toBe(true);
    });
  });

  describe.skipIf(!available)('idempotency', () => {
    it('answers a repeated key with the first comment, marked as a replay', async () => {
      const postId = freshPostId();
      const key = crypto.randomUUID();
      const first = await post(postId, aComment(), {'Idempotency-Key': key});
      const again = await post(postId, aComment(), {'Idempotency-Key': key});
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(await first.json());
      expect((await page(postId)).total).toBe(1);
    });

    it('stores one comment when the same request races with itself', async () => {
      const postId = freshPostId();
      const key = crypto.randomUUID();
      const responses = await Promise.all(Array.from({length: 8}, () => post(postId, aComment(), {'Idempotency-Key': key})));
      expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
      const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as Comment).id)));
      expect(ids.size).toBe(1);
      expect((await page(postId)).total).toBe(1);
    });

    it('refuses a key reused for a different comment, and an invalid key', async () => {
      const postId = freshPostId();
      const key = crypto.randomUUID();
      await created(postId);
      expect((await post(postId, aComment(), {'Idempotency-Key': key})).status).toBe(201);
      await expectProblem(await post(postId, aComment({body: 'different'}), {'Idempotency-Key': key}), 422, 'idempotency_key_reused');
      await expectProblem(await post(freshPostId(), aComment(), {'Idempotency-Key': key}), 422, 'idempotency_key_reused');
      await expectProblem(await post(postId, aComment(), {'Idempotency-Key': 'k'.repeat(LIMITS.idempotencyKeyMaxLength + 1)}),
        400, 'invalid_request', 'Idempotency-Key');
      await expectProblem(await post(postId, aComment(), {'Idempotency-Key': 'has space'}), 400, 'invalid_request', 'Idempotency-Key');
    });

    it('forgets keys after a day, so the table does not grow for ever', async () => {
      const postId = freshPostId();
      const key = crypto.randomUUID();
      expect((await post(postId, aComment(), {'Idempotency-Key': key})).status).toBe(201);
      expect(await h.store.purgeIdempotencyKeys()).toBe(0); // a fresh key stays
      await h.db.kysely.updateTable('idempotency_keys').set({created_ms: Date.now() - 25 * 3_600_000}).where('key', '=', key).execute();
      expect(await h.store.purgeIdempotencyKeys()).toBeGreaterThanOrEqual(1);
      const reused = await post(postId, aComment({body: 'a new comment, a day later'}), {'Idempotency-Key': key});
      expect(reused.status).toBe(201);
      expect((await page(postId)).total).toBe(2);
    });

    it('stores one reply when the same reply races with itself, with its place in the thread', async () => {
      const postId = freshPostId();
      const parent = await created(postId);
      const key = crypto.randomUUID();
      const responses = await Promise.all(Array.from({length: 8}, () =>
        post(postId, aComment({parentId: parent.id}), {'Idempotency-Key': key})));
      expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
      const replies = await Promise.all(responses.map(async (r) => (await r.json()) as Comment));
      expect(new Set(replies.map((r) => r.id)).size).toBe(1);
      expect(replies[0]!.parentId).toBe(parent.id);
      expect((await page(postId)).total).toBe(2);
    });

    it('lets a key that failed validation be used again', async () => {
      const postId = freshPostId();
      const key = crypto.randomUUID();
      await expectProblem(await post(postId, aComment({parentId: '424242'}), {'Idempotency-Key': key}), 422, 'parent_not_found');
      expect((await post(postId, aComment(), {'Idempotency-Key': key})).status).toBe(201);
    });
  });

  describe.skipIf(!available)('counts', () => {
    it('counts visible comments, replies included, with 0 for unknown posts', async () => {
      const a = freshPostId();
      const b = freshPostId();
      const root = await created(a);
      await created(a, aComment({parentId: root.id}));
      await created(b);
      const res = await h.app.request(`/api/v1/counts?post=${encodeURIComponent(a)}&post=${encodeURIComponent(b)}&post=nobody&post=nobody`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({counts: {[a]: 2, [b]: 1, nobody: 0}});
    });

    it('refuses no post, too many, or an invalid one', async () => {
      await expectProblem(await h.app.request('/api/v1/counts'), 400, 'invalid_request', 'post');
      const many = Array.from({length: LIMITS.countsMaxPosts + 1}, (_, i) => `post=p${i}`).join('&');
      await expectProblem(await h.app.request(`/api/v1/counts?${many}`), 400, 'invalid_request', 'post');
      await expectProblem(await h.app.request(`/api/v1/counts?post=${'x'.repeat(LIMITS.postIdMaxLength + 1)}`), 400, 'invalid_request', 'post');
    });
  });
});
