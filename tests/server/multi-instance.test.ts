import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';

import type {Comment, RepliesPage, ThreadPage} from '../../server/src/protocol.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

const postgres = DATABASES.find((d) => d.name === 'PostgreSQL')!;
const until = (check: () => Promise<void>) => vi.waitFor(check, {timeout: 10_000, interval: 50});

// Several stateless server instances on one PostgreSQL: what a site does when it outgrows one machine.
describe.skipIf(!postgres.available)('several server instances on one PostgreSQL', () => {
  let instances: Harness[] = [];
  beforeAll(async () => {
    // Started together: their migrations race, and the advisory lock must make that safe.
    instances = await Promise.all([0, 1, 2].map(() => openHarness(postgres.url)));
  });
  afterAll(async () => {
    await Promise.all(instances.map((h) => h.db.close()));
  });

  it('shows a comment posted on one instance from every other', async () => {
    const postId = freshPostId();
    const res = await postJson(instances[0]!.app, commentsPath(postId), aComment());
    const posted = (await res.json()) as Comment;
    const reply = await postJson(instances[1]!.app, commentsPath(postId), aComment({parentId: posted.id}));
    expect(reply.status).toBe(201);
    for (const h of instances) {
      const page = (await (await h.app.request(commentsPath(postId))).json()) as ThreadPage;
      expect(page.comments.map((c) => c.id)).toContain(posted.id);
      expect(page.total).toBe(2);
    }
  });

  it('stores one comment when a retried request lands on different instances at once', async () => {
    const postId = freshPostId();
    const key = crypto.randomUUID();
    const responses = await Promise.all(Array.from({length: 12}, (_, i) =>
      postJson(instances[i % instances.length]!.app, commentsPath(postId), aComment(), {'Idempotency-Key': key})));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(201));
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as Comment).id)));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(11);
  });

  it('keeps a thread whole when replies arrive on every instance at once', async () => {
    const postId = freshPostId();
    const root = (await (await postJson(instances[0]!.app, commentsPath(postId), aComment())).json()) as Comment;
    const replies = await Promise.all(Array.from({length: 30}, (_, i) =>
      postJson(instances[i % instances.length]!.app, commentsPath(postId), aComment({parentId: root.id, body: `r${i}`}))));
    expect(replies.every((r) => r.status === 201)).toBe(true);
    const page = (await (await instances[2]!.app.request(commentsPath(postId))).json()) as ThreadPage;
    expect(page.total).toBe(31);
    // The page holds the thread's first replies; the rest follow its cursor, on another instance.
    const more = page.moreReplies![root.id]!;
    const rest = (await (await instances[1]!.app.request(`${commentsPath(postId)}/${root.id}/replies?cursor=${more.cursor}`)).json()) as RepliesPage;
    const all = [...page.comments, ...rest.comments].filter((c) => c.parentId === root.id);
    expect(all).toHaveLength(30);
    expect(new Set(all.map((c) => c.body))).toEqual(new Set(Array.from({length: 30}, (_, i) => `r${i}`)));
  });

  it('drops a cached page on every instance when any instance writes to its post (LISTEN/NOTIFY)', async () => {
    const postId = freshPostId();
    await postJson(instances[0]!.app, commentsPath(postId), aComment());
    const read = async (h: Harness) => (await (await h.app.request(commentsPath(postId))).json()) as ThreadPage;
    // Warm: instance 0 keeps the page once its change feed is up.
    await until(async () => {
      expect((await read(instances[0]!)).total).toBe(1);
      expect(instances[0]!.cache.size.entries).toBeGreaterThan(0);
    });
    const posted = (await (await postJson(instances[1]!.app, commentsPath(postId), aComment({body: 'elsewhere'}))).json()) as Comment;
    await until(async () => {
      const page = await read(instances[0]!);
      expect(page.total).toBe(2);
      expect(page.comments.map((c) => c.id)).toContain(posted.id);
    });
    const counts = (await (await instances[2]!.app.request(`/api/v1/counts?post=${encodeURIComponent(postId)}`)).json()) as {counts: Record<string, number>};
    expect(counts.counts[postId]).toBe(2);
  });
});
