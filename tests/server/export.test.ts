import {spawnSync} from 'node:child_process';
import {createReadStream, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';

import {Ajv2020} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {createApp} from '../../server/src/app.js';
import type {Db} from '../../server/src/db.js';
import {exportRecords} from '../../server/src/export/export.js';
import {restoreExport} from '../../server/src/export/restore.js';
import {EXPORT_JSON_SCHEMA} from '../../server/src/export/schema.js';
import {READERS} from '../../server/src/import/formats.js';
import {importRecords} from '../../server/src/import/importer.js';
import {migrate} from '../../server/src/migrate.js';
import type {Comment, CreatedComment, ThreadPage} from '../../server/src/protocol.js';
import {ReadCache} from '../../server/src/read-cache.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {ModerationStore} from '../../server/src/store/moderation.js';
import {Secrets} from '../../server/src/store/secrets.js';
import {SpamStore} from '../../server/src/store/spam.js';
import {node, start} from './command.js';
import {freshDatabases} from './databases.js';
import {aComment, commentsPath, DATABASES, postJson} from './helpers.js';

const pg = DATABASES[1]!;
const appOn = (db: Db, mode: 'none' | 'all' = 'none') =>
  createApp({store: new CommentStore(db, {moderation: {mode, closeAfterDays: 0}}), allowedOrigins: ['*'], cache: new ReadCache(0)});

/** A site with everything an export must carry: threads, replies, a tombstone, held and hidden comments, edits, moderation, bans, terms, imports. */
async function fillSite(db: Db) {
  const app = appOn(db);
  const post = async (postId: string, body: Record<string, unknown>, target = app) =>
    (await (await postJson(target, commentsPath(postId), body)).json()) as CreatedComment;
  const root = await post('/a', aComment({body: 'First **root**'}));
  const reply = await post('/a', aComment({body: 'A reply', parentId: root.id, author: {name: 'Ben', email: 'ben@example.org'}}));
  const gone = await post('/a', aComment({body: 'Deleted, with a reply'}));
  await post('/a', aComment({body: 'Reply to the deleted one', parentId: gone.id}));
  await app.request(`${commentsPath('/a')}/${gone.id}`, {method: 'DELETE', headers: {Authorization: `Bearer ${gone.ownerToken}`}});
  await app.request(`${commentsPath('/a')}/${reply.id}`, {method: 'PATCH', headers: {'Content-Type': 'application/json',
    Authorization: `Bearer ${reply.ownerToken}`}, body: JSON.stringify({body: 'A reply, *edited*'})});
  const held = await post('/b', aComment({body: 'Waiting for the owner'}), appOn(db, 'all'));
  const spam = await post('/b', aComment({body: 'Buy now'}));
  const moderation = new ModerationStore(db);
  await moderation.act(Number(spam.id), 'spam', 'owner');
  const hidden = await post('/b', aComment({body: 'Hidden by the owner, with a reply'}));
  await post('/b', aComment({body: 'Under the hidden one', parentId: hidden.id}));
  await moderation.act(Number(hidden.id), 'reject', 'owner');
  await moderation.setPost('/b', {closed: true, moderation: 'first'}, 'owner');
  const spamStore = new SpamStore(db, new Secrets(db.kysely));
  await spamStore.ban('email', await spamStore.key('email', 'troll@example.org'), 'owner', 'repeat offender');
  await spamStore.setBannedTerms(['casino', 'pills']);
  await importRecords(db, READERS.disqus({stream: createReadStream(join(import.meta.dirname, 'fixtures/import/disqus.xml'))}), {source: 'disqus', postIdRule: 'path'});
  return {root, reply, held, posts: ['/a', '/b', '/2019/05/self-hosting/']};
}

async function lines(db: Db, publicOnly = false): Promise<string[]> {
  const out: string[] = [];
  for await (const record of exportRecords(db, {publicOnly})) out.push(JSON.stringify(record));
  return out;
}

async function* each<T>(items: readonly T[]) {
  yield* items;
}

describe('export and restore', () => {
  const fresh = freshDatabases();
  const opened: Db[] = [];
  const open = async (url: string | undefined) => {
    const db = await fresh.open(url);
    opened.push(db);
    await migrate(db);
    return db;
  };
  afterAll(async () => {
    for (const db of opened) await db.close();
    await fresh.drop(pg.url);
  });

  const directions = [['SQLite', 'PostgreSQL'], ['PostgreSQL', 'SQLite'], ['SQLite', 'SQLite']] as const;
  it.skipIf(!pg.available).each(directions)('%s → %s: the same threads, IDs, dates, statuses and moderation, and old owner tokens still work',
    async (from, to) => {
      const source = await open(from === 'SQLite' ? undefined : pg.url);
      const site = await fillSite(source);
      const exported = await lines(source);
      const target = await open(to === 'SQLite' ? undefined : pg.url);
      const summary = await restoreExport(target, each(exported));
      expect(summary.comments).toBe(exported.filter((l) => l.startsWith('{"type":"comment"')).length);

      const [a, b] = [appOn(source), appOn(target)];
      for (const postId of site.posts) {
        const read = async (app: ReturnType<typeof appOn>) => (await app.request(`${commentsPath(postId)}?limit=100`)).json();
        expect(await read(b), postId).toEqual(await read(a));
      }
      const counts = `/api/v1/counts?${site.posts.map((p) => `post=${encodeURIComponent(p)}`).join('&')}`;
      expect(await (await b.request(counts)).json()).toEqual(await (await a.request(counts)).json());
      expect(await new ModerationStore(target).list({limit: 200})).toEqual(await new ModerationStore(source).list({limit: 200}));
      expect(await new ModerationStore(target).log()).toEqual(await new ModerationStore(source).log());
      expect(await new ModerationStore(target).post('/b')).toEqual({closed: true, moderation: 'first'});
      const spamOf = (db: Db) => new SpamStore(db, new Secrets(db.kysely));
      expect(await spamOf(target).bans()).toEqual(await spamOf(source).bans());
      expect(await spamOf(target).bannedTerms()).toEqual(['casino', 'pills']);

      // Authors keep their comments: the held one shows to them, and they edit and delete with their old tokens.
      const own = await postJson(b, '/api/v1/posts/%2Fb/own-comments', {tokens: [site.held.ownerToken]});
      expect(((await own.json()) as {comments: Comment[]}).comments.map((c) => [c.id, c.status])).toEqual([[site.held.id, 'pending']]);
      const edit = await b.request(`${commentsPath('/a')}/${site.root.id}`, {method: 'PATCH', headers: {'Content-Type': 'application/json',
        Authorization: `Bearer ${site.root.ownerToken}`}, body: JSON.stringify({body: 'Edited after the move'})});
      expect(edit.status).toBe(200);
      const removed = await b.request(`${commentsPath('/a')}/${site.reply.id}`, {method: 'DELETE', headers: {Authorization: `Bearer ${site.reply.ownerToken}`}});
      expect(removed.status).toBe(204);
      // New comments count on from the old IDs; the imported file is known as imported.
      const next = (await (await postJson(b, commentsPath('/a'), aComment())).json()) as CreatedComment;
      expect(Number(next.id)).toBeGreaterThan(Math.max(...exported.filter((l) => l.startsWith('{"type":"comment"')).map((l) => JSON.parse(l).id as number)));
      const again = await importRecords(target, READERS.disqus({stream: createReadStream(join(import.meta.dirname, 'fixtures/import/disqus.xml'))}), {source: 'disqus', postIdRule: 'path'});
      expect(again.imported.published).toBe(0);
    });

  it('writes lines its published JSON Schema accepts; the public export holds only what readers see', async () => {
    const db = await open(undefined);
    await fillSite(db);
    const ajv = new Ajv2020({strict: false});
    addFormats.default(ajv);
    ajv.addSchema(EXPORT_JSON_SCHEMA);
    const header = ajv.getSchema('colloquy-export-1#/$defs/header')!;
    const record = ajv.getSchema('colloquy-export-1#/$defs/record')!;
    for (const publicOnly of [false, true]) {
      const [first, ...rest] = await lines(db, publicOnly);
      expect(header(JSON.parse(first!)), JSON.stringify(header.errors)).toBe(true);
      for (const line of rest) expect(record(JSON.parse(line)), `${line}: ${JSON.stringify(record.errors)}`).toBe(true);
    }
    const publicLines = await lines(db, true);
    const text = publicLines.join('\n');
    expect(text).not.toMatch(/@example|tokenHash|authorKey|networkKey|"type":"(?:meta|ban|term|moderation|imported)"/);
    expect(text).not.toMatch(/Waiting for the owner|Buy now|Hidden by the owner/);
    const statuses = new Set(publicLines.slice(1).map((l) => JSON.parse(l)).filter((r) => r.type === 'comment').map((r) => r.status));
    expect([...statuses].sort()).toEqual(['deleted', 'published']);
  });

  it('refuses to restore into a database that has comments, and a file that is not an export, saying why', async () => {
    const db = await open(undefined);
    await fillSite(db);
    await expect(restoreExport(db, each(await lines(db)))).rejects.toThrow(/empty database, and this one has \d+ comments/);
    const empty = await open(undefined);
    await expect(restoreExport(empty, each(['{"hello":"world"}']))).rejects.toThrow(/not a Colloquy export/);
    const [first] = await lines(db);
    await expect(restoreExport(empty, each([first!, '{"type":"comment","id":"x"}']))).rejects.toThrow(/line 2 is not an export record/);
  });
});

describe('colloquy-server export, import and backup (the commands)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-export-'));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));
  const run = (args: string[]) => {
    const [cmd, argv] = node(args);
    return spawnSync(cmd, argv, {encoding: 'utf8'});
  };
  let server: ReturnType<typeof start>;
  beforeAll(async () => {
    server = start(['--data-dir', join(dir, 'live')]);
    const url = await server.url;
    for (const body of ['one', 'two', 'three']) {
      await fetch(`${url}/api/v1/posts/%2Fmoved/comments`, {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({author: {name: 'Ada', email: 'ada@example.org'}, body})});
    }
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exit;
  });

  it('exports a running server\'s database, and imports it into a new folder that serves the same thread', async () => {
    const file = join(dir, 'site.jsonl.gz');
    const exported = run(['export', '--data-dir', join(dir, 'live'), '--output', file]);
    expect(exported.status, exported.stderr).toBe(0);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text.split('\n')[0]).toMatch(/^\{"format":"colloquy-export","version":1,/);
    expect(text).toContain('ada@example.org');
    const restored = run(['import', '--data-dir', join(dir, 'moved'), file]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored 1 posts, 3 comments/);
    const copy = start(['--data-dir', join(dir, 'moved')]);
    try {
      const read = async (url: string) => ((await (await fetch(`${url}/api/v1/posts/%2Fmoved/comments`)).json()) as ThreadPage).comments;
      expect(await read(await copy.url)).toEqual(await read(await server.url));
    } finally {
      copy.child.kill('SIGTERM');
      await copy.exit;
    }
  });

  it('backs up the embedded database while the server runs, and refuses with PostgreSQL', async () => {
    const copy = join(dir, 'backup.sqlite');
    const backup = run(['backup', '--data-dir', join(dir, 'live'), copy]);
    expect(backup.status, backup.stderr).toBe(0);
    const restored = join(dir, 'from-backup');
    const {mkdirSync, copyFileSync} = await import('node:fs');
    mkdirSync(restored);
    copyFileSync(copy, join(restored, 'colloquy.sqlite'));
    const again = start(['--data-dir', restored]);
    try {
      const page = (await (await fetch(`${await again.url}/api/v1/posts/%2Fmoved/comments`)).json()) as ThreadPage;
      expect(page.comments.map((c) => c.body)).toEqual(['one', 'two', 'three']);
    } finally {
      again.child.kill('SIGTERM');
      await again.exit;
    }
    const refused = run(['backup', '--database-url', 'postgres://localhost/x', copy]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('pg_dump');
  });
});
