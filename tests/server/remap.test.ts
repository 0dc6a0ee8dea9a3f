import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {afterAll, describe, expect, it} from 'vitest';

import {remapPosts, RemapError} from '../../server/src/store/remap.js';
import type {CountsResponse, ThreadPage} from '../../server/src/protocol.js';
import {node, start} from './command.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

describe.each(DATABASES)('remapping threads on $name', ({url, available}) => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.db.close();
  });

  it.skipIf(!available)('moves threads by prefix, merges one that lands on a post with comments, and leaves the rest', async () => {
    const h = await openHarness(url);
    harnesses.push(h);
    const site = freshPostId('site');
    const [from, to] = [`${site}/blog/`, `${site}/posts/`];
    const post = async (postId: string, body: string) => expect((await postJson(h.app, commentsPath(postId), aComment({body}))).status).toBe(201);
    await post(`${from}a`, 'on a');
    await post(`${from}b`, 'on old b');
    await post(`${to}b`, 'on new b');
    await post(`${site}/other`, 'elsewhere');
    const page = async (postId: string) => ((await (await h.app.request(`${commentsPath(postId)}?limit=100`)).json()) as ThreadPage);
    expect((await page(`${from}a`)).total).toBe(1); // cached now: the move must reach the cache

    const dry = await remapPosts(h.db, [{from, to}], {dryRun: true});
    expect(dry).toEqual([{from: `${from}a`, to: `${to}a`, comments: 1, merged: false}, {from: `${from}b`, to: `${to}b`, comments: 1, merged: true}]);
    expect((await page(`${from}a`)).total).toBe(1);

    await remapPosts(h.db, [{from, to}]);
    if (h.db.kind === 'sqlite') h.cache.reset(true); // PostgreSQL's change feed tells the cache; a SQLite server hears of another process's writes
    await expect.poll(async () => (await page(`${from}a`)).total).toBe(0);
    expect((await page(`${to}a`)).comments.map((c) => c.body)).toEqual(['on a']);
    const merged = await page(`${to}b`);
    expect(merged.comments.map((c) => c.body).sort()).toEqual(['on new b', 'on old b']);
    expect(merged.total).toBe(2);
    const counts = (await (await h.app.request(`/api/v1/counts?post=${encodeURIComponent(`${from}b`)}&post=${encodeURIComponent(`${to}b`)}`)).json()) as CountsResponse;
    expect(counts.counts).toEqual({[`${from}b`]: 0, [`${to}b`]: 2});
    expect((await page(`${site}/other`)).total).toBe(1);
    await expect(remapPosts(h.db, [{from: `${site}/other`, to: `${site}/\u0007`}])).rejects.toThrow(RemapError);
  });
});

describe('colloquy-server remap (the command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-remap-'));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it('moves threads by a rules file, beside a running server whose pages then show the move', async () => {
    const data = join(dir, 'data');
    const server = start(['--data-dir', data]);
    try {
      const base = await server.url;
      await fetch(`${base}/api/v1/posts/${encodeURIComponent('/2019/old-name/')}/comments`, {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({author: {name: 'Ada'}, body: 'moving with the page'})});
      const total = async (postId: string) => ((await (await fetch(`${base}/api/v1/posts/${encodeURIComponent(postId)}/comments`)).json()) as ThreadPage).total;
      expect(await total('/2019/new-name/')).toBe(0);
      const rules = join(dir, 'rules.txt');
      writeFileSync(rules, '# the 2019 rename\n/2019/old-name/ /2019/new-name/\n\n');
      const [cmd, argv] = node(['remap', '--data-dir', data, '--rules', rules]);
      const result = spawnSync(cmd, argv, {encoding: 'utf8'});
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('/2019/old-name/ → /2019/new-name/  1 comment');
      expect(await total('/2019/new-name/')).toBe(1);
      expect(await total('/2019/old-name/')).toBe(0);
    } finally {
      server.child.kill('SIGTERM');
      await server.exit;
    }
  });
});
