import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import type {CreatedComment, Problem, ThreadPage} from '../../server/src/protocol.js';
import {createApp} from '../../server/src/app.js';
import {ReadCache} from '../../server/src/read-cache.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {ModerationStore} from '../../server/src/store/moderation.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

describe.each(DATABASES)('moderation on $name', ({url, available}) => {
  // One app per site-wide mode, all on the same database (an in-memory SQLite is one per connection).
  const sites: Record<'none' | 'first' | 'all', Harness> = {} as never;
  let moderation: ModerationStore;
  beforeAll(async () => {
    if (!available) return;
    const base = await openHarness(url);
    for (const mode of ['none', 'first', 'all'] as const) {
      const store = new CommentStore(base.db, {moderation: {mode, closeAfterDays: 30}});
      const cache = new ReadCache();
      sites[mode] = {db: base.db, store, cache, app: createApp({store, allowedOrigins: ['*'], cache})};
    }
    moderation = new ModerationStore(base.db);
  });
  afterAll(async () => {
    await sites.none?.db.close();
  });

  async function post(site: Harness, postId: string, body: Record<string, unknown> = aComment(), headers: Record<string, string> = {}) {
    return postJson(site.app, commentsPath(postId), body, headers);
  }
  async function created(site: Harness, postId: string, body?: Record<string, unknown>): Promise<CreatedComment> {
    const res = await post(site, postId, body);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as CreatedComment;
  }
  async function page(site: Harness, postId: string): Promise<ThreadPage> {
    for (const s of Object.values(sites)) s.cache.invalidate(postId); // the admin routes do this; the store alone does not
    return (await (await site.app.request(commentsPath(postId))).json()) as ThreadPage;
  }
  async function own(site: Harness, postId: string, tokens: string[]) {
    const res = await site.app.request(`/api/v1/posts/${encodeURIComponent(postId)}/own-comments`, {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({tokens})});
    return ((await res.json()) as {comments: {id: string; status: string}[]}).comments;
  }

  it.skipIf(!available)('with `all`, holds every comment: its author sees it, readers do not, until it is approved', async () => {
    const postId = freshPostId();
    const held = await created(sites.all, postId);
    expect(held.status).toBe('pending');
    expect((await page(sites.all, postId))).toMatchObject({comments: [], total: 0});
    expect(await own(sites.all, postId, [held.ownerToken])).toMatchObject([{id: held.id, status: 'pending'}]);
    const [queued] = await moderation.list({status: 'queue', postId});
    expect(queued).toMatchObject({id: held.id, status: 'pending', heldFor: 'every comment waits on this site',
      author: {name: 'Ada', email: 'ada@example.org'}});

    await moderation.act(Number(held.id), 'approve', 'owner');
    expect(await page(sites.all, postId)).toMatchObject({total: 1, comments: [{id: held.id, status: 'published'}]});
    expect((await moderation.log(5)).find((e) => e.commentId === held.id)).toMatchObject({actor: 'owner', action: 'approve',
      postId, detail: 'pending → published'});
  });

  it.skipIf(!available)('with `first`, holds an author\'s first comment; once one is approved, the next ones publish', async () => {
    const postId = freshPostId();
    const email = `${crypto.randomUUID()}@example.org`;
    const first = await created(sites.first, postId, aComment({author: {name: 'Newcomer', email}}));
    expect(first.status).toBe('pending');
    const second = await created(sites.first, postId, aComment({author: {name: 'Newcomer', email}}));
    expect(second.status).toBe('pending'); // nothing approved yet
    await moderation.act(Number(first.id), 'approve', 'owner');
    expect((await created(sites.first, postId, aComment({author: {name: 'newcomer', email: email.toUpperCase()}}))).status).toBe('published');
    // Someone else with the same name, or the same email under another name, or no email at all, still waits.
    expect((await created(sites.first, postId, aComment({author: {name: 'Newcomer', email: `x${email}`}}))).status).toBe('pending');
    expect((await created(sites.first, postId, aComment({author: {name: 'Impostor', email}}))).status).toBe('pending');
    expect((await created(sites.first, postId, aComment({author: {name: 'Newcomer'}}))).status).toBe('pending');
    expect((await page(sites.first, postId)).total).toBe(2);
  });

  it.skipIf(!available)('lets a post override the site\'s mode, and go back to it', async () => {
    const postId = freshPostId();
    await moderation.setPost(postId, {moderation: 'all'}, 'owner');
    expect((await created(sites.none, postId)).status).toBe('pending');
    await moderation.setPost(postId, {moderation: null}, 'owner');
    expect((await created(sites.none, postId)).status).toBe('published');
    expect(await moderation.post(postId)).toEqual({moderation: null, closed: false});
  });

  it.skipIf(!available)('closes a thread: new comments and replies are refused, the page says so, a retry of a stored one still answers', async () => {
    const postId = freshPostId();
    const key = crypto.randomUUID();
    const before = (await (await post(sites.none, postId, aComment(), {'Idempotency-Key': key})).json()) as CreatedComment;
    await moderation.setPost(postId, {closed: true}, 'owner');
    const refused = await post(sites.none, postId);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Problem).code).toBe('comments_closed');
    expect((await post(sites.none, postId, aComment({parentId: before.id}))).status).toBe(403);
    const retried = await post(sites.none, postId, aComment(), {'Idempotency-Key': key});
    expect(retried.status).toBe(201);
    expect(((await retried.json()) as CreatedComment).id).toBe(before.id);
    expect(await page(sites.none, postId)).toMatchObject({closed: true, total: 1});
    await moderation.setPost(postId, {closed: false}, 'owner');
    expect((await post(sites.none, postId)).status).toBe(201);
    expect((await page(sites.none, postId)).closed).toBe(false);
  });

  it.skipIf(!available)('closes a thread by age when the site says so', async () => {
    const postId = freshPostId();
    await created(sites.none, postId);
    await sites.none.db.kysely.updateTable('posts').set({opened_ms: Date.now() - 31 * 86_400_000}).where('post_id', '=', postId).execute();
    expect((await post(sites.none, postId)).status).toBe(403);
    expect((await page(sites.none, postId)).closed).toBe(true);
  });

  it.skipIf(!available)('rejects and marks as spam out of sight; a hidden comment with replies leaves a tombstone that tells nothing', async () => {
    const postId = freshPostId();
    const spam = await created(sites.all, postId, aComment({body: 'buy now'}));
    const rejected = await created(sites.all, postId, aComment({body: 'off topic'}));
    await moderation.act(Number(spam.id), 'spam', 'owner');
    await moderation.act(Number(rejected.id), 'reject', 'owner');
    expect((await moderation.list({status: 'spam', postId})).map((c) => c.body)).toEqual(['buy now']);
    expect((await page(sites.none, postId)).comments).toEqual([]);

    const parent = await created(sites.none, postId, aComment({body: 'rude words'}));
    await created(sites.none, postId, aComment({parentId: parent.id, body: 'a calm answer'}));
    expect((await page(sites.none, postId)).total).toBe(2);
    await moderation.act(Number(parent.id), 'reject', 'owner');
    const after = await page(sites.none, postId);
    expect(after.total).toBe(1);
    expect(after.comments.map((c) => [c.status, c.body, c.author.name])).toEqual([['deleted', '', ''], ['published', 'a calm answer', 'Ada']]);
    expect(JSON.stringify(after)).not.toContain('rude');
    // The owner still has the text, and can approve it back.
    expect((await moderation.list({postId, text: 'rude'}))[0]!.body).toBe('rude words');
  });

  it.skipIf(!available)('deletes for good when a moderator deletes, and refuses an unknown comment', async () => {
    const postId = freshPostId();
    const mine = await created(sites.none, postId);
    await moderation.act(Number(mine.id), 'delete', 'owner');
    expect((await page(sites.none, postId))).toMatchObject({comments: [], total: 0});
    await expect(moderation.act(Number(mine.id), 'approve', 'owner')).rejects.toMatchObject({code: 'not_found'});
    await expect(moderation.act(2_000_000_000, 'approve', 'owner')).rejects.toMatchObject({code: 'not_found'});
  });

  it.skipIf(!available)('deletes by the same rule as an author: a tombstone while replies need it, gone with the last of them', async () => {
    const postId = freshPostId();
    const root = await created(sites.none, postId, aComment({body: 'root'}));
    const reply = await created(sites.none, postId, aComment({body: 'reply', parentId: root.id}));
    await moderation.act(Number(root.id), 'delete', 'owner');
    expect(await page(sites.none, postId)).toMatchObject({total: 1, comments: [{id: root.id, status: 'deleted', body: ''}, {id: reply.id}]});
    await moderation.act(Number(reply.id), 'delete', 'owner');
    expect(await page(sites.none, postId)).toMatchObject({comments: [], total: 0});
    expect((await moderation.list({postId})).map((c) => c.status)).toEqual(['removed', 'removed']);
  });

  it.skipIf(!available)('edits a comment\'s text as a moderator', async () => {
    const postId = freshPostId();
    const mine = await created(sites.none, postId);
    await moderation.edit(Number(mine.id), 'trimmed by the owner', 'owner');
    expect((await page(sites.none, postId)).comments[0]).toMatchObject({body: 'trimmed by the owner', editedAt: expect.any(String)});
  });

  it.skipIf(!available)('filters by status, post, author and text, taking % and _ literally', async () => {
    const postId = freshPostId();
    const tag = crypto.randomUUID().slice(0, 8);
    await created(sites.none, postId, aComment({author: {name: `Zed ${tag}`, email: `zed-${tag}@example.org`}, body: `100% sure_${tag}`}));
    await created(sites.none, postId, aComment({author: {name: 'Other'}, body: `1000 sure ${tag}`}));
    expect((await moderation.list({author: `zed ${tag}`})).map((c) => c.author.name)).toEqual([`Zed ${tag}`]);
    expect((await moderation.list({author: `ZED-${tag}@`})).length).toBe(1);
    expect((await moderation.list({text: `100% sure_${tag}`})).length).toBe(1);
    expect((await moderation.list({text: `0_ sure`, postId})).length).toBe(0);
    expect((await moderation.list({postId, status: 'published'})).length).toBe(2);
    const [newest, older] = await moderation.list({postId});
    expect((await moderation.list({postId, before: Number(newest!.id)})).map((c) => c.id)).toEqual([older!.id]);
  });
});
