import {gunzipSync} from 'node:zlib';

import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {createApp} from '../../server/src/app.js';
import type {Comment, CountsResponse, ThreadPage} from '../../server/src/protocol.js';
import {ReadCache} from '../../server/src/read-cache.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

const text = (body: {bytes: Uint8Array}) => Buffer.from(body.bytes).toString('utf8');

describe('ReadCache', () => {
  it('keeps an answer until a write touches one of its posts', async () => {
    const cache = new ReadCache();
    let reads = 0;
    const read = () => cache.get('k', ['a', 'b'], async () => ({n: ++reads}));
    expect(JSON.parse(text(await read()))).toEqual({n: 1});
    expect(JSON.parse(text(await read()))).toEqual({n: 1});
    cache.invalidate('c');
    expect(JSON.parse(text(await read()))).toEqual({n: 1});
    cache.invalidate('b');
    expect(JSON.parse(text(await read()))).toEqual({n: 2});
  });

  it('does not keep an answer read while a write to its post happened', async () => {
    const cache = new ReadCache();
    let release!: () => void;
    const slow = cache.get('k', ['a'], () => new Promise((resolve) => (release = () => resolve({stale: true}))));
    cache.invalidate('a'); // the write commits while the read is under way
    release();
    expect(JSON.parse(text(await slow))).toEqual({stale: true}); // that reader gets what it read…
    expect(JSON.parse(text(await cache.get('k', ['a'], async () => ({fresh: true}))))).toEqual({fresh: true}); // …nobody else
  });

  it('sends readers who miss together to the database once, but never joins a read older than a write', async () => {
    const cache = new ReadCache();
    let reads = 0;
    const releases: (() => void)[] = [];
    const produce = () => new Promise<unknown>((resolve) => {
      const n = ++reads;
      releases.push(() => resolve({n}));
    });
    const together = [cache.get('k', ['a'], produce), cache.get('k', ['a'], produce), cache.get('k', ['a'], produce)];
    expect(reads).toBe(1);
    cache.invalidate('a'); // a write lands while that read is under way: later readers read again
    const after = cache.get('k', ['a'], produce);
    expect(reads).toBe(2);
    for (const release of releases) release();
    expect((await Promise.all(together)).map((b) => JSON.parse(text(b)))).toEqual([{n: 1}, {n: 1}, {n: 1}]);
    expect(JSON.parse(text(await after))).toEqual({n: 2});
    // A failed read is not shared with whoever comes next.
    await expect(cache.get('x', ['b'], async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(JSON.parse(text(await cache.get('x', ['b'], async () => ({ok: true}))))).toEqual({ok: true});
  });

  it('stays within its byte budget, dropping the least recently used answers', async () => {
    const cache = new ReadCache(10_000);
    for (let i = 0; i < 50; i++) await cache.get(`k${i}`, [`p${i}`], async () => 'x'.repeat(1_000));
    expect(cache.size.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.size.entries).toBeGreaterThan(0);
  });

  it('keeps nothing while disabled (a change feed is down), and everything again once enabled', async () => {
    const cache = new ReadCache();
    cache.reset(false);
    let reads = 0;
    await cache.get('k', ['a'], async () => ++reads);
    await cache.get('k', ['a'], async () => ++reads);
    expect(reads).toBe(2);
    cache.reset(true);
    await cache.get('k', ['a'], async () => ++reads);
    await cache.get('k', ['a'], async () => ++reads);
    expect(reads).toBe(3);
  });
});

describe.each(DATABASES)('HTTP caching of reads on $name', ({url, available}) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await openHarness(url);
  });
  afterAll(async () => {
    await h?.db.close();
  });

  it.skipIf(!available)('sends a strong ETag and Cache-Control, answers If-None-Match with 304, and a new ETag after a write', async () => {
    const postId = freshPostId('cache');
    await postJson(h.app, commentsPath(postId), aComment());
    for (const path of [commentsPath(postId), `/api/v1/counts?post=${encodeURIComponent(postId)}&post=other`]) {
      const first = await h.app.request(path);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]{27}"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=10, stale-while-revalidate=60');
      const again = await h.app.request(path, {headers: {'If-None-Match': etag}});
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect((await h.app.request(path, {headers: {'If-None-Match': `"other", W/${etag}`}})).status).toBe(304);
      expect((await h.app.request(path, {headers: {'If-None-Match': '"other"'}})).status).toBe(200);
    }
    const before = await (await h.app.request(commentsPath(postId))).json() as ThreadPage;
    const countsBefore = await (await h.app.request(`/api/v1/counts?post=${encodeURIComponent(postId)}`)).json() as CountsResponse;
    const etag = (await h.app.request(commentsPath(postId))).headers.get('etag')!;

    const posted = (await (await postJson(h.app, commentsPath(postId), aComment({body: 'second'}))).json()) as Comment;
    const after = await h.app.request(commentsPath(postId), {headers: {'If-None-Match': etag}});
    expect(after.status).toBe(200);
    const page = (await after.json()) as ThreadPage;
    expect(page.total).toBe(before.total + 1);
    expect(page.comments.map((c) => c.id)).toContain(posted.id);
    const counts = await (await h.app.request(`/api/v1/counts?post=${encodeURIComponent(postId)}`)).json() as CountsResponse;
    expect(counts.counts[postId]).toBe(countsBefore.counts[postId]! + 1);
  });

  it.skipIf(!available)('sends a big answer gzipped to clients that take gzip, the same JSON either way', async () => {
    const postId = freshPostId('gzip');
    for (let i = 0; i < 10; i++) await postJson(h.app, commentsPath(postId), aComment({body: `comment ${i} ${'words '.repeat(40)}`}));
    const plain = await h.app.request(commentsPath(postId));
    const zipped = await h.app.request(commentsPath(postId), {headers: {'Accept-Encoding': 'br, gzip'}});
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(zipped.headers.get('etag')).toBe(plain.headers.get('etag')!.replace(/"$/, '-gz"')); // other bytes, other ETag
    for (const etag of [plain.headers.get('etag')!, zipped.headers.get('etag')!]) {
      expect((await h.app.request(commentsPath(postId), {headers: {'If-None-Match': etag, 'Accept-Encoding': 'gzip'}})).status).toBe(304);
    }
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(gunzipSync(bytes).toString('utf8')).toBe(await plain.text());
  });

  it.skipIf(!available)('takes its Cache-Control from the configuration', async () => {
    const app = createApp({store: h.store, allowedOrigins: ['*'], cacheControl: 'no-cache'});
    expect((await app.request(commentsPath(freshPostId()))).headers.get('cache-control')).toBe('no-cache');
  });

  it.skipIf(!available)('never caches an error', async () => {
    const res = await h.app.request(commentsPath(freshPostId(), '?cursor=forged'));
    expect(res.status).toBe(400);
    expect(res.headers.get('etag')).toBeNull();
  });
});
