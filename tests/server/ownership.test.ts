import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {LIMITS, type Comment, type CreatedComment, type Problem, type ThreadPage} from '../../server/src/protocol.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

describe.each(DATABASES)('authors own their comments, on $name', ({url, available}) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await openHarness(url);
  });
  afterAll(async () => {
    await h?.db.close();
  });

  const commentPath = (postId: string, id: string) => `/api/v1/posts/${encodeURIComponent(postId)}/comments/${encodeURIComponent(id)}`;
  const bearer = (token: string) => ({Authorization: `Bearer ${token}`});

  async function create(postId: string, body: Record<string, unknown> = aComment(), headers: Record<string, string> = {}): Promise<CreatedComment> {
    const res = await postJson(h.app, commentsPath(postId), body, headers);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as CreatedComment;
  }
  function edit(postId: string, id: string, body: unknown, headers: Record<string, string>) {
    return h.app.request(commentPath(postId, id), {method: 'PATCH', headers: {'Content-Type': 'application/json', ...headers},
      body: JSON.stringify(body)});
  }
  function remove(postId: string, id: string, headers: Record<string, string>) {
    return h.app.request(commentPath(postId, id), {method: 'DELETE', headers});
  }
  async function page(postId: string): Promise<ThreadPage> {
    return (await (await h.app.request(commentsPath(postId))).json()) as ThreadPage;
  }
  async function count(postId: string): Promise<number> {
    const res = await h.app.request(`/api/v1/counts?post=${encodeURIComponent(postId)}`);
    return ((await res.json()) as {counts: Record<string, number>}).counts[postId]!;
  }
  async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = JSON.parse(text) as Problem;
    expect(problem.code).toBe(code);
    return problem;
  }
  async function stored(id: string) {
    return h.db.kysely.selectFrom('comments').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
  }

  describe.skipIf(!available)('editing', () => {
    it('lets the author change the body within the window, marks it edited, and shows it to every reader at once', async () => {
      const postId = freshPostId();
      const mine = await create(postId);
      const before = await h.app.request(commentsPath(postId));
      const res = await edit(postId, mine.id, {body: '  Fixed a *typo*  '}, bearer(mine.ownerToken));
      expect(res.status, await res.clone().text()).toBe(200);
      const edited = (await res.json()) as Comment;
      expect(edited).toMatchObject({id: mine.id, body: 'Fixed a *typo*', html: '<p>Fixed a <em>typo</em></p>\n', status: 'published', createdAt: mine.createdAt});
      expect(Date.parse(edited.editedAt!)).toBeGreaterThanOrEqual(Date.parse(mine.createdAt));
      expect(edited).not.toHaveProperty('ownerToken');
      const after = await h.app.request(commentsPath(postId));
      expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
      expect(((await after.json()) as ThreadPage).comments).toEqual([edited]);
    });

    it('answers the same edit again with the same comment, and does not move its edit date', async () => {
      const postId = freshPostId();
      const mine = await create(postId);
      const first = (await (await edit(postId, mine.id, {body: 'once'}, bearer(mine.ownerToken))).json()) as Comment;
      const again = await edit(postId, mine.id, {body: 'once'}, bearer(mine.ownerToken));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(first);
    });

    it('refuses a wrong, missing or malformed token, and says nothing about the comment', async () => {
      const postId = freshPostId();
      const mine = await create(postId);
      const other = await create(postId);
      await expectProblem(await edit(postId, mine.id, {body: 'x'}, bearer(other.ownerToken)), 403, 'token_invalid');
      await expectProblem(await edit(postId, mine.id, {body: 'x'}, {}), 403, 'token_invalid');
      await expectProblem(await edit(postId, mine.id, {body: 'x'}, {Authorization: mine.ownerToken}), 403, 'token_invalid');
      await expectProblem(await edit(postId, mine.id, {body: 'x'}, bearer('t'.repeat(LIMITS.ownerTokenMaxLength + 1))), 403, 'token_invalid');
      expect((await stored(mine.id)).body).toBe(mine.body);
    });

    it('answers 404 for a comment that is not on this post, whatever the token', async () => {
      const postId = freshPostId();
      const mine = await create(postId);
      await expectProblem(await edit(freshPostId(), mine.id, {body: 'x'}, bearer(mine.ownerToken)), 404, 'not_found');
      for (const id of ['999999999', '0', '-1', 'abc', '99999999999999']) {
        await expectProblem(await edit(postId, id, {body: 'x'}, bearer(mine.ownerToken)), 404, 'not_found');
      }
    });

    it('refuses an edit once the window has closed, and a body the policy refuses', async () => {
      const postId = freshPostId();
      const mine = await create(postId);
      await expectProblem(await edit(postId, mine.id, {body: '   '}, bearer(mine.ownerToken)), 422, 'invalid_field');
      await expectProblem(await edit(postId, mine.id, {body: 'a\u0000b'}, bearer(mine.ownerToken)), 422, 'invalid_field');
      await h.db.kysely.updateTable('comments').set({created_ms: Date.now() - h.store.editWindowMs - 1000})
        .where('id', '=', Number(mine.id)).execute();
      await expectProblem(await edit(postId, mine.id, {body: 'too late'}, bearer(mine.ownerToken)), 403, 'edit_window_closed');
    });

    it('gives a retried post (same Idempotency-Key) the same owner token, which works', async () => {
      const postId = freshPostId();
      const key = crypto.randomUUID();
      const first = await create(postId, aComment(), {'Idempotency-Key': key});
      const again = await create(postId, aComment(), {'Idempotency-Key': key});
      expect(again.ownerToken).toBe(first.ownerToken);
      expect((await edit(postId, first.id, {body: 'fixed'}, bearer(again.ownerToken))).status).toBe(200);
      const other = await create(postId, aComment(), {'Idempotency-Key': crypto.randomUUID()});
      expect(other.ownerToken).not.toBe(first.ownerToken);
    });

    it('stores only a hash of the token', async () => {
      const postId = freshPostId();
      const mine = await create(postId);
      const row = await stored(mine.id);
      expect(row.token_hash).toMatch(/^[\w-]{43}$/);
      expect(JSON.stringify(row)).not.toContain(mine.ownerToken);
    });
  });

  describe.skipIf(!available)('deleting', () => {
    it('removes a comment without replies for everyone, counts one fewer, and answers a repeat the same', async () => {
      const postId = freshPostId();
      const keep = await create(postId);
      const mine = await create(postId);
      expect(await count(postId)).toBe(2);
      expect((await remove(postId, mine.id, bearer(mine.ownerToken))).status).toBe(204);
      expect((await page(postId)).comments.map((c) => c.id)).toEqual([keep.id]);
      expect((await page(postId)).total).toBe(1);
      expect(await count(postId)).toBe(1);
      expect((await remove(postId, mine.id, bearer(mine.ownerToken))).status).toBe(204);
      expect(await count(postId)).toBe(1);
      await expectProblem(await edit(postId, mine.id, {body: 'back'}, bearer(mine.ownerToken)), 410, 'comment_deleted');
      await expectProblem(await remove(postId, mine.id, bearer(keep.ownerToken)), 404, 'not_found');
    });

    it('keeps a tombstone with no name, text or email where a deleted comment has replies', async () => {
      const postId = freshPostId();
      const mine = await create(postId);
      const reply = await create(postId, aComment({parentId: mine.id, body: 'an answer'}));
      expect((await remove(postId, mine.id, bearer(mine.ownerToken))).status).toBe(204);
      const {comments, total} = await page(postId);
      expect(total).toBe(1);
      expect(comments).toEqual([
        {id: mine.id, postId, parentId: null, author: {name: ''}, body: '', createdAt: mine.createdAt, status: 'deleted'},
        expect.objectContaining({id: reply.id, parentId: mine.id, body: 'an answer'}),
      ]);
      const row = await stored(mine.id);
      expect([row.author_name, row.author_email, row.author_url, row.body]).toEqual(['', null, null, '']);
      // Nobody can reply to a tombstone.
      const res = await postJson(h.app, commentsPath(postId), aComment({parentId: mine.id}));
      await expectProblem(res, 422, 'parent_not_found');
    });

    it('takes an empty tombstone away with the last reply below it, all the way up', async () => {
      const postId = freshPostId();
      const root = await create(postId);
      const middle = await create(postId, aComment({parentId: root.id}));
      const leaf = await create(postId, aComment({parentId: middle.id}));
      const sibling = await create(postId, aComment({parentId: root.id}));
      await remove(postId, root.id, bearer(root.ownerToken));
      await remove(postId, middle.id, bearer(middle.ownerToken));
      expect((await page(postId)).comments.map((c) => [c.id, c.status])).toEqual([
        [root.id, 'deleted'], [middle.id, 'deleted'], [leaf.id, 'published'], [sibling.id, 'published']]);
      await remove(postId, leaf.id, bearer(leaf.ownerToken));
      expect((await page(postId)).comments.map((c) => [c.id, c.status])).toEqual([[root.id, 'deleted'], [sibling.id, 'published']]);
      await remove(postId, sibling.id, bearer(sibling.ownerToken));
      expect((await page(postId)).comments).toEqual([]);
      expect(await count(postId)).toBe(0);
    });

    it('counts a comment once however many deletes race for it, and an edit racing a delete is whole or refused', async () => {
      const postId = freshPostId();
      await create(postId);
      const mine = await create(postId);
      const answers = await Promise.all([
        ...Array.from({length: 6}, () => remove(postId, mine.id, bearer(mine.ownerToken))),
        ...Array.from({length: 6}, (_, i) => edit(postId, mine.id, {body: `edit ${i}`}, bearer(mine.ownerToken))),
      ]);
      expect(answers.slice(0, 6).map((r) => r.status)).toEqual(Array(6).fill(204));
      for (const res of answers.slice(6)) expect([200, 410]).toContain(res.status);
      expect(await count(postId)).toBe(1);
      expect((await stored(mine.id)).body).toBe('');
      expect((await page(postId)).comments).toHaveLength(1);
    });

    it('refuses a reply racing the delete of its parent, or keeps the parent as a tombstone for it', async () => {
      const postId = freshPostId();
      const parent = await create(postId);
      const [reply, deleted] = await Promise.all([
        postJson(h.app, commentsPath(postId), aComment({parentId: parent.id})),
        remove(postId, parent.id, bearer(parent.ownerToken)),
      ]);
      expect(deleted.status).toBe(204);
      const {comments} = await page(postId);
      if (reply.status === 201) expect(comments.map((c) => c.status)).toEqual(['deleted', 'published']);
      else expect([reply.status, comments]).toEqual([422, []]);
    });
  });

  describe.skipIf(!available)('own comments', () => {
    async function own(postId: string, body: unknown) {
      return h.app.request(`/api/v1/posts/${encodeURIComponent(postId)}/own-comments`, {
        method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
    }

    it('shows an author their comments on a post, including one awaiting moderation that readers do not see', async () => {
      const postId = freshPostId();
      const visible = await create(postId);
      const held = await create(postId, aComment({body: 'waiting'}));
      const someoneElse = await create(postId);
      const gone = await create(postId);
      const elsewhere = await create(freshPostId());
      await h.db.kysely.updateTable('comments').set({status: 'pending'}).where('id', '=', Number(held.id)).execute();
      await remove(postId, gone.id, bearer(gone.ownerToken));
      h.cache.invalidate(postId);
      expect((await page(postId)).comments.map((c) => c.id)).toEqual([visible.id, someoneElse.id]);

      const res = await own(postId, {tokens: [visible.ownerToken, held.ownerToken, gone.ownerToken, elsewhere.ownerToken, 'unknown']});
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const {comments} = (await res.json()) as {comments: Comment[]};
      expect(comments.map((c) => [c.id, c.status])).toEqual([[visible.id, 'published'], [held.id, 'pending']]);
      expect(JSON.stringify(comments)).not.toContain('ada@example.org');
    });

    it('refuses a request that is not a short list of tokens', async () => {
      const postId = freshPostId();
      await expectProblem(await own(postId, {}), 422, 'invalid_field');
      await expectProblem(await own(postId, {tokens: 'abc'}), 422, 'invalid_field');
      await expectProblem(await own(postId, {tokens: [1]}), 422, 'invalid_field');
      await expectProblem(await own(postId, {tokens: ['has space']}), 422, 'invalid_field');
      await expectProblem(await own(postId, {tokens: Array(LIMITS.ownTokensMax + 1).fill('a')}), 422, 'invalid_field');
      expect((await own(postId, {tokens: []})).status).toBe(200);
    });
  });
});
