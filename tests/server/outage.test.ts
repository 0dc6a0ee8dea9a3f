import {randomUUID} from 'node:crypto';

import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';

import type {Comment, ThreadPage} from '../../server/src/protocol.js';
import {start} from './command.js';
import {startCluster, type PgCluster} from './pg-cluster.js';

const pgBin = inject('pgBin');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A PostgreSQL of its own, so restarting it disturbs no other test; the server runs as the real command.
describe.skipIf(!pgBin)('the server while PostgreSQL restarts or is down', () => {
  let cluster: PgCluster;
  let server: ReturnType<typeof start>;
  let base: string;
  beforeAll(async () => {
    cluster = await startCluster(pgBin!);
    server = start(['--database-url', cluster.url]);
    base = await server.url;
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    cluster?.destroy();
  });

  const postId = `/outage/${randomUUID()}`;
  const commentsUrl = () => `${base}/api/v1/posts/${encodeURIComponent(postId)}/comments`;

  /** Posts once with `key`; any answer is returned, a refused connection is a test failure. */
  async function postOnce(key: string, i: number | string): Promise<Response> {
    return fetch(commentsUrl(), {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Idempotency-Key': key},
      body: JSON.stringify({author: {name: `Writer ${i}`}, body: `comment ${i}`}),
    });
  }

  /** What the widget does: retry with the same key until the server has it. */
  async function postUntilStored(key: string, i: number | string): Promise<Comment> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const res = await postOnce(key, i);
      if (res.status === 201) return (await res.json()) as Comment;
      expect(res.status).toBe(503);
      await res.body?.cancel();
      await sleep(250);
    }
    throw new Error(`comment ${i} was never stored`);
  }

  it.each(['fast', 'immediate'] as const)('rides out `pg_ctl restart -m %s` under a write burst: 201 or 503, then each retry stores once', async (mode) => {
    // Twelve writers post without pause from before the restart until after it.
    const writes: {key: string; i: string}[] = [];
    const firstAnswers: number[] = [];
    let writing = true;
    const burst = Promise.all(Array.from({length: 12}, async (_, writer) => {
      for (let n = 0; writing; n++) {
        const w = {key: randomUUID(), i: `${mode}-${writer}-${n}`};
        writes.push(w);
        const res = await postOnce(w.key, w.i);
        firstAnswers.push(res.status);
        if (res.status === 503) {
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(await res.json()).toMatchObject({code: 'unavailable'});
          await sleep(20);
        } else {
          await res.body?.cancel();
        }
      }
    }));
    await sleep(300);
    await cluster.restart(mode);
    await sleep(300);
    writing = false;
    await burst;

    expect(firstAnswers.filter((s) => s !== 201 && s !== 503), 'answers other than 201 and 503').toEqual([]);
    expect(firstAnswers).toContain(503); // the restart really happened under load
    expect(firstAnswers).toContain(201);
    expect(server.child.exitCode).toBeNull(); // still running

    const stored = await Promise.all(writes.map((w) => postUntilStored(w.key, w.i)));
    expect(new Set(stored.map((c) => c.id)).size).toBe(writes.length);

    const all: Comment[] = [];
    for (let cursor: string | null = '', first = true; first || cursor; first = false) {
      const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: ThreadPage = await fetch(`${commentsUrl()}${query}`).then((r) => r.json() as Promise<ThreadPage>);
      all.push(...page.comments);
      cursor = page.nextCursor;
    }
    const bodies = all.map((c) => c.body).filter((b) => b.startsWith(`comment ${mode}-`));
    expect(bodies.length).toBe(writes.length); // every write is there, once
    expect(new Set(bodies)).toEqual(new Set(writes.map((w) => `comment ${w.i}`)));
  });

  it('answers 503 while the database is down, reports it on /healthz, and recovers by itself', async () => {
    await cluster.stop('fast');
    try {
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toMatch(/^\d+$/);
      const read = await fetch(commentsUrl());
      expect(read.status).toBe(503);
      expect(await read.json()).toMatchObject({code: 'unavailable', status: 503});
      const write = await postOnce('down-1', 1);
      expect(write.status).toBe(503);
    } finally {
      await cluster.start();
    }
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await fetch(`${base}/healthz`)).status;
      if (status !== 200) await sleep(250);
    }
    expect(status).toBe(200);
    expect((await postOnce('down-1', 1)).status).toBe(201);
    expect(server.child.exitCode).toBeNull();
  });
});
