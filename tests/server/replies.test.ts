import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {LIMITS, type Comment, type RepliesPage, type ThreadPage} from '../../server/src/protocol.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

// A page holds each root thread's first replies; the rest of a busy thread comes on demand, by cursor.
describe.each(DATABASES)('replies on demand, on $name', ({url, available}) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await openHarness(url);
  });
  afterAll(async () => {
    await h?.db.close();
  });

  const repliesPath = (postId: string, rootId: string, query = '') =>
    `/api/v1/posts/${encodeURIComponent(postId)}/comments/${encodeURIComponent(rootId)}/replies${query}`;

  async function post(postId: string, parentId: string | null, body: string): Promise<Comment> {
    const res = await postJson(h.app, commentsPath(postId), aComment({parentId, body}));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Comment;
  }

  /** A root with `count` replies: chains and fans mixed, as real threads go. Returns the root and the replies in the order written. */
  async function busyThread(postId: string, count: number): Promise<{root: Comment; replies: Comment[]}> {
    const root = await post(postId, null, 'root');
    const replies: Comment[] = [];
    for (let i = 0; i < count; i++) {
      const parent = i % 3 === 0 || replies.length === 0 ? root : replies[Math.floor(i / 2)]!;
      replies.push(await post(postId, parent.id, `reply ${i}`));
    }
    return {root, replies};
  }

  async function json<T>(path: string, status = 200): Promise<T> {
    const res = await h.app.request(path);
    expect(res.status, await res.clone().text()).toBe(status);
    return (await res.json()) as T;
  }

  it.skipIf(!available)('holds a thread\'s first replies in a page, each with its parent, and says how many more there are', async () => {
    const postId = freshPostId();
    const busy = await busyThread(postId, LIMITS.repliesPerThread + 15);
    const quiet = await busyThread(postId, 3);
    const page = await json<ThreadPage>(commentsPath(postId));
    const ids = page.comments.map((c) => c.id);
    const first = busy.replies.slice(0, LIMITS.repliesPerThread).map((c) => c.id);
    expect(ids).toEqual([busy.root.id, quiet.root.id, ...first, ...quiet.replies.map((c) => c.id)]);
    for (const comment of page.comments) if (comment.parentId) expect(ids).toContain(comment.parentId);
    expect(page.total).toBe(2 + LIMITS.repliesPerThread + 15 + 3);
    expect(Object.keys(page.moreReplies ?? {})).toEqual([busy.root.id]);
    expect(page.moreReplies![busy.root.id]!.remaining).toBe(15);
  });

  it.skipIf(!available)('pages through the rest of a thread in the order written, however small the pages, without repeats', async () => {
    const postId = freshPostId();
    const {root, replies} = await busyThread(postId, LIMITS.repliesPerThread + 7);
    const page = await json<ThreadPage>(commentsPath(postId));
    let cursor: string | undefined = page.moreReplies![root.id]!.cursor;
    const seen = page.comments.filter((c) => c.parentId !== null).map((c) => c.id);
    for (let remaining = 7; cursor; ) {
      const next: RepliesPage = await json<RepliesPage>(repliesPath(postId, root.id, `?limit=3&cursor=${cursor}`));
      expect(next).toMatchObject({postId, rootId: root.id});
      seen.push(...next.comments.map((c) => c.id));
      remaining -= next.comments.length;
      expect(next.more?.remaining ?? 0).toBe(remaining);
      cursor = next.more?.cursor;
    }
    expect(seen).toEqual(replies.map((c) => c.id));
    // Without a cursor: the thread's replies from the first, each rendered like any comment.
    const all = await json<RepliesPage>(repliesPath(postId, root.id, `?limit=${LIMITS.repliesPageSizeMax}`));
    expect(all.comments.map((c) => c.id)).toEqual(replies.map((c) => c.id));
    // Plain text comes without HTML (clients show its paragraphs); anything else with it.
    expect(all.comments[0]!.html).toBeUndefined();
    expect(all.more).toBeNull();
  });

  it.skipIf(!available)('counts a reply written while a reader pages, and never skips one', async () => {
    const postId = freshPostId();
    const {root, replies} = await busyThread(postId, LIMITS.repliesPerThread + 2);
    const page = await json<ThreadPage>(commentsPath(postId));
    const late = await post(postId, replies[0]!.id, 'late reply');
    const rest = await json<RepliesPage>(repliesPath(postId, root.id, `?cursor=${page.moreReplies![root.id]!.cursor}`));
    expect(rest.comments.map((c) => c.id)).toEqual([...replies.slice(LIMITS.repliesPerThread), late].map((c) => c.id));
  });

  it.skipIf(!available)('refuses a cursor of another thread or post, a reply or unknown comment as the root, and a bad limit', async () => {
    const postId = freshPostId();
    const a = await busyThread(postId, LIMITS.repliesPerThread + 1);
    const b = await busyThread(postId, LIMITS.repliesPerThread + 1);
    const page = await json<ThreadPage>(commentsPath(postId));
    const cursorOfA = page.moreReplies![a.root.id]!.cursor;
    for (const path of [repliesPath(postId, b.root.id, `?cursor=${cursorOfA}`), repliesPath(freshPostId(), a.root.id, `?cursor=${cursorOfA}`)]) {
      const res = await h.app.request(path);
      expect([400, 404]).toContain(res.status);
    }
    expect((await h.app.request(repliesPath(postId, b.root.id, `?cursor=${cursorOfA}`))).status).toBe(400);
    for (const root of [a.replies[0]!.id, '9999999', 'abc', '0']) expect((await h.app.request(repliesPath(postId, root))).status).toBe(404);
    expect((await h.app.request(repliesPath(freshPostId(), a.root.id))).status).toBe(404);
    for (const limit of ['0', '-1', '1.5', 'x', String(LIMITS.repliesPageSizeMax + 1)]) {
      expect((await h.app.request(repliesPath(postId, a.root.id, `?limit=${limit}`))).status).toBe(400);
    }
  });
});
