import {sql} from 'kysely';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import type {Comment, ThreadPage} from '../../server/src/protocol.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

const postgres = DATABASES.find((d) => d.name === 'PostgreSQL')!;

/** Pages through a thread oldest first, `limit` roots at a time, calling `between` after each page. */
async function readAll(h: Harness, postId: string, limit: number, between: (page: number) => Promise<void> = async () => undefined) {
  const seen: Comment[] = [];
  let lastRequestAt = 0;
  let cursor: string | null = null;
  for (let n = 0; n === 0 || cursor; n++) {
    lastRequestAt = performance.now();
    const res: Response = await h.app.request(commentsPath(postId, `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    expect(res.status).toBe(200);
    const page = (await res.json()) as ThreadPage;
    seen.push(...page.comments);
    cursor = page.nextCursor;
    await between(n);
  }
  return {seen, lastRequestAt};
}

describe.skipIf(!postgres.available)('paging while others post, on PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(postgres.url);
    // Fault injection with a real part: a trigger that holds one writer's transaction open after its
    // INSERT, as a slow network or a busy disk would, so other writers commit before it.
    const run = (text: string) => sql.raw(text).execute(h.db.kysely);
    await run(`CREATE OR REPLACE FUNCTION colloquy_test_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body LIKE 'colloquy-test-slow%' THEN PERFORM pg_sleep(0.8); END IF; RETURN NEW; END $$`);
    await run('DROP TRIGGER IF EXISTS colloquy_test_slow_insert ON comments');
    await run(`CREATE TRIGGER colloquy_test_slow_insert AFTER INSERT ON comments
      FOR EACH ROW EXECUTE FUNCTION colloquy_test_slow_insert()`);
  });
  afterAll(async () => {
    await sql.raw('DROP TRIGGER IF EXISTS colloquy_test_slow_insert ON comments').execute(h.db.kysely).catch(() => undefined);
    await h?.db.close();
  });

  it('never lets a late commit land behind a cursor a reader already holds', async () => {
    const postId = freshPostId('race');
    const post = async (body: string) => {
      const res = await postJson(h.app, commentsPath(postId), aComment({body}));
      expect(res.status).toBe(201);
      return {comment: (await res.json()) as Comment, committedAt: performance.now()};
    };
    for (const body of ['x1', 'x2']) await post(body);
    const slow = post('colloquy-test-slow'); // its transaction stays open for 0.8 s after its INSERT
    await new Promise((resolve) => setTimeout(resolve, 150));
    const quick = Promise.all(['b', 'c', 'd'].map((body) => post(body)));
    await new Promise((resolve) => setTimeout(resolve, 150));

    // The reader pages while the slow write is still open, then once more after it has committed.
    const {seen, lastRequestAt} = await readAll(h, postId, 2, async (page) => {
      if (page === 1) await slow;
    });
    const written = [await slow, ...(await quick)];
    const missed = written.filter((w) => w.committedAt < lastRequestAt && !seen.some((c) => c.id === w.comment.id));
    expect(missed.map((w) => w.comment.body)).toEqual([]);

    // Dates and IDs follow commit order: the slow comment, committed first, reads first.
    const {seen: all} = await readAll(h, postId, 100);
    expect(all.map((c) => c.body).slice(0, 3)).toEqual(['x1', 'x2', 'colloquy-test-slow']);
    expect(all.map((c) => c.body).slice(3).sort()).toEqual(['b', 'c', 'd']);
  });
});

describe.each(DATABASES)('paging while others post, on $name', ({url, available}) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await openHarness(url);
  });
  afterAll(async () => {
    await h?.db.close();
  });

  it.skipIf(!available)('shows each reader every root committed before its last page request', async () => {
    const postId = freshPostId('race');
    const acknowledged: {id: string; at: number}[] = [];
    let writing = true;
    const writers = Promise.all(Array.from({length: 6}, async (_, w) => {
      for (let i = 0; writing && i < 40; i++) {
        const res = await postJson(h.app, commentsPath(postId), aComment({body: `w${w}-${i}`}), {'Idempotency-Key': `${postId}-${w}-${i}`});
        expect(res.status).toBe(201);
        acknowledged.push({id: ((await res.json()) as Comment).id, at: performance.now()});
      }
    }));
    const readers = Promise.all(Array.from({length: 3}, () => readAll(h, postId, 3)));
    const results = await readers;
    writing = false;
    await writers;
    for (const {seen, lastRequestAt} of results) {
      const ids = new Set(seen.map((c) => c.id));
      expect(acknowledged.filter((a) => a.at < lastRequestAt && !ids.has(a.id))).toEqual([]);
      expect(ids.size).toBe(seen.length); // and no root twice
    }
  });
});
