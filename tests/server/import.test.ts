import {spawnSync} from 'node:child_process';
import {createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';

import {sql} from 'kysely';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {createApp} from '../../server/src/app.js';
import type {Db} from '../../server/src/db.js';
import {READERS} from '../../server/src/import/formats.js';
import {importRecords, type ImportOptions, type ImportSummary} from '../../server/src/import/importer.js';
import type {Format, SourceComment} from '../../server/src/import/records.js';
import {migrate} from '../../server/src/migrate.js';
import type {Comment, ThreadPage} from '../../server/src/protocol.js';
import {ReadCache} from '../../server/src/read-cache.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {node, start} from './command.js';
import {freshDatabases} from './databases.js';
import {aComment, commentsPath, DATABASES, postJson} from './helpers.js';

// A DOM for reading the text of HTML, as a reader sees it (turndown's own parser).
interface TextNode {
  readonly nodeType: number;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<TextNode>;
}
const domino = createRequire(import.meta.url)('@mixmark-io/domino') as {createDocument(html: string): {body: TextNode}};
/** The words of HTML as a reader sees them, each text node apart (blocks do not run together). */
const textOf = (html: string): string => {
  const texts: string[] = [];
  const walk = (node: TextNode) => {
    if (node.nodeType === 3) texts.push(node.nodeValue ?? '');
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(domino.createDocument(`<body>${html}</body>`).body);
  return texts.join(' ').replace(/\s+/g, ' ').trim();
};

const FIXTURES = join(import.meta.dirname, 'fixtures/import');
const fixture = (file: string) => createReadStream(join(FIXTURES, file));

/** Every comment of a fixture as its reader sees it, to compare with what was stored. */
async function sourceComments(format: Format, file: string): Promise<SourceComment[]> {
  const comments: SourceComment[] = [];
  for await (const record of READERS[format]({stream: fixture(file)})) if (record.kind === 'comment') comments.push(record);
  return comments;
}

describe.each(DATABASES)('importing on $name', ({url, available}) => {
  const fresh = freshDatabases();
  let db: Db;
  let app: ReturnType<typeof createApp>;
  const run = (format: Format, file: string, options: Partial<ImportOptions> = {}) =>
    importRecords(db, READERS[format]({stream: fixture(file)}), {source: format, postIdRule: 'path', ...options});
  const thread = async (postId: string): Promise<readonly Comment[]> =>
    ((await (await app.request(`${commentsPath(postId)}?limit=100`)).json()) as ThreadPage).comments;
  const rowCount = async () => Number((await sql<{n: number}>`SELECT count(*) AS n FROM comments`.execute(db.kysely)).rows[0]!.n);

  beforeAll(async () => {
    if (!available) return;
    db = await fresh.open(url);
    await migrate(db);
    // No read cache: these tests write behind the app's back (the command's test checks a running server's cache).
    app = createApp({store: new CommentStore(db), allowedOrigins: ['*'], cache: new ReadCache(0)});
  });
  afterAll(async () => {
    await db?.close();
    await fresh.drop(url);
  });

  describe('a Disqus export', () => {
    let summary: ImportSummary;
    beforeAll(async () => {
      if (available) summary = await run('disqus', 'disqus.xml');
    });

    it.skipIf(!available)('maps each thread to its URL\'s path, one page\'s variants to one post, and says what it skipped', () => {
      expect(summary.threads.map((t) => [t.sourceId, t.postId ?? null, t.comments])).toEqual([
        ['5001', '/2019/05/self-hosting/', 9], ['5002', '/2019/05/self-hosting/', 1], ['5003', '/2020/01/quiet-post/', 0], ['5004', null, 0]]);
      expect(summary.imported).toEqual({published: 7, pending: 0, hidden: 0}); // and the deleted parent, as a tombstone
      expect(summary.tombstones).toBe(1);
      expect(summary.madeTopLevel).toBe(1);
      expect(summary.skipped).toEqual({'thread not in the file': 1, 'hidden at the source': 2});
    });

    it.skipIf(!available)('shows readers the thread as it was: replies in place, a tombstone for a deleted parent, no spam or deleted leaves', async () => {
      const comments = await thread('/2019/05/self-hosting/');
      const byName = (name: string) => comments.find((c) => c.author.name === name)!;
      expect(comments.map((c) => c.author.name).sort()).toEqual(
        ['', 'Ada Quill', 'Anonymous', 'Ben', 'Chidi Okafor', 'Dana Kim', 'Eitan Levi', 'Mallory'].sort());
      expect(byName('Ben').parentId).toBe(byName('Ada Quill').id);
      const tombstone = byName('');
      expect(tombstone).toMatchObject({status: 'deleted', body: '', parentId: null});
      expect(byName('Chidi Okafor').parentId).toBe(tombstone.id);
      expect(byName('Anonymous').parentId).toBeNull(); // its parent is not in the file
      expect(comments.some((c) => /watches|Gone for good|rude/i.test(c.body))).toBe(false);
      expect(byName('Ada Quill').createdAt).toBe('2019-05-02T10:15:30.000Z');
      expect(byName('Dana Kim').createdAt).toBe('2019-05-04T12:00:00.000Z');
      const page = (await (await app.request(commentsPath('/2019/05/self-hosting/'))).json()) as ThreadPage;
      expect(page.total).toBe(7);
    });

    it.skipIf(!available)('keeps every word readers saw, as Markdown rendered by the one path, and none of a hostile comment\'s code', async () => {
      const shown = new Map((await thread('/2019/05/self-hosting/')).map((c) => [c.createdAt, c]));
      for (const source of await sourceComments('disqus', 'disqus.xml')) {
        const stored = shown.get(source.createdAt.toISOString());
        if (!stored || stored.status !== 'published' || !('html' in source.body)) continue;
        const rendered = textOf(stored.html ?? stored.body);
        const words = textOf(source.body.html).split(' ').filter((w) => !/alert/.test(w));
        for (const word of words) expect(rendered, `"${word}" of comment ${source.sourceId}`).toContain(word);
      }
      const ada = [...shown.values()].find((c) => c.author.name === 'Ada Quill')!;
      expect(ada.body).toContain('**Disqus**');
      expect(ada.html).toContain('<a href="https://quill.example.org/other"');
      expect(ada.html).toContain('<code>npm start</code>');
      const ben = [...shown.values()].find((c) => c.author.name === 'Ben')!;
      expect(ben.html).toMatch(/<blockquote>/);
      expect(ben.html).toContain('&lt;img&gt;'); // the escaped tag is text, as it was
      const mallory = [...shown.values()].find((c) => c.author.name === 'Mallory')!;
      expect(mallory.author).toEqual({name: 'Mallory'}); // no javascript: website, no bidi override
      expect(`${mallory.body}${mallory.html}`).not.toMatch(/javascript:|onerror|onclick|<script|alert/);
    });

    it.skipIf(!available)('keeps emails for the owner and never serves them; stores no IP address', async () => {
      const rows = await db.kysely.selectFrom('comments').select(['author_email', 'author_name']).where('post_id', '=', '/2019/05/self-hosting/').execute();
      expect(rows.find((r) => r.author_name === 'Ada Quill')!.author_email).toBe('ada@example.net');
      const served = await (await app.request(`${commentsPath('/2019/05/self-hosting/')}?limit=100`)).text();
      expect(served).not.toContain('@example');
      expect(JSON.stringify(await db.kysely.selectFrom('comments').selectAll().execute())).not.toMatch(/203\.0\.113\.7|198\.51\.100\.4/);
    });

    it.skipIf(!available)('changes nothing when the same file is imported again', async () => {
      const before = await rowCount();
      const again = await run('disqus', 'disqus.xml');
      expect(again.imported).toEqual({published: 0, pending: 0, hidden: 0});
      expect(again.skipped['already imported']).toBe(10);
      expect(await rowCount()).toBe(before);
      expect((await thread('/2019/05/self-hosting/')).length).toBe(8);
    });

    it.skipIf(!available)('settles counts and tombstones again when run after an import cut short before its end', async () => {
      // What a kill after the last batch and before the end leaves: the posts' counts and tombstones unsettled.
      await db.kysely.deleteFrom('posts').where('post_id', '=', '/2019/05/self-hosting/').execute();
      await db.kysely.updateTable('comments').set({status: 'deleted'}).where('post_id', '=', '/2019/05/self-hosting/')
        .where('status', '=', 'removed').execute();
      await run('disqus', 'disqus.xml');
      const page = (await (await app.request(commentsPath('/2019/05/self-hosting/'))).json()) as ThreadPage;
      expect(page.total).toBe(7);
      expect(page.comments.filter((c) => c.status === 'deleted')).toHaveLength(1);
    });

    it.skipIf(!available)('adds only what is new from a newer export of the same site, replies to old comments included', async () => {
      const newer = readFileSync(join(FIXTURES, 'disqus.xml'), 'utf8').replace('</disqus>', `
  <post dsq:id="9100"><id/><message><![CDATA[<p>A reply written after the first export.</p>]]></message>
    <createdAt>2019-06-01T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>ada@example.net</email><name>Ada Quill</name><isAnonymous>false</isAnonymous></author>
    <thread dsq:id="5001"/><parent dsq:id="9007"/></post>
</disqus>`);
      const summary = await importRecords(db, READERS.disqus({stream: [newer]}), {source: 'disqus', postIdRule: 'path'});
      expect(summary.imported.published).toBe(1);
      const comments = await thread('/2019/05/self-hosting/');
      const reply = comments.find((c) => c.body.includes('after the first export'))!;
      expect(comments.find((c) => c.id === reply.parentId)!.author.name).toBe('Dana Kim');
    });
  });

  describe('a WordPress export', () => {
    let summary: ImportSummary;
    beforeAll(async () => {
      if (available) summary = await run('wordpress', 'wordpress.xml');
    });

    it.skipIf(!available)('takes approved comments, holds unapproved ones, skips spam, trash, pingbacks and trackbacks', () => {
      expect(summary.threads.map((t) => [t.postId, t.comments])).toEqual(
        [['/2023/12/tomatoes-in-december/', 5], ['/?p=1', 1], ['/about/', 0]]);
      expect(summary.imported).toEqual({published: 3, pending: 1, hidden: 0});
      expect(summary.skipped).toEqual({'pingback or trackback': 2, 'hidden at the source': 2});
    });

    it.skipIf(!available)('puts a reply listed before its parent under it, with dates from the GMT fields', async () => {
      const comments = await thread('/2023/12/tomatoes-in-december/');
      expect(comments.map((c) => [c.author.name, c.createdAt])).toEqual([
        ['Ivan Petrov', '2023-12-02T10:30:00.000Z'], ['Hana', '2023-12-02T14:00:05.000Z']]);
      expect(comments[1]!.parentId).toBe(comments[0]!.id);
      expect(comments[0]!.body).toBe('Tomatoes in *December*? How do you keep them warm?'); // the control character is gone
      expect(comments[1]!.html).toMatch(/greenhouse\.<br>\s*They get no heating at all\.<\/p>\s*<p>Second paragraph/);
      expect((await thread('/?p=1'))[0]!.createdAt).toBe('2022-01-01T00:00:00.000Z'); // no GMT date: the local one
    });

    it.skipIf(!available)('holds a comment WordPress had not approved, and counts authors with imported comments as known', async () => {
      const held = await db.kysely.selectFrom('comments').select(['status', 'held_for']).where('author_name', '=', 'Newcomer').executeTakeFirstOrThrow();
      expect(held).toEqual({status: 'pending', held_for: 'imported: waiting for moderation at its source'});
      const first = createApp({store: new CommentStore(db, {moderation: {mode: 'first', closeAfterDays: 0}}), allowedOrigins: ['*']});
      const known = await postJson(first, commentsPath('/2023/12/tomatoes-in-december/'),
        aComment({author: {name: 'Ivan Petrov', email: 'ivan@example.org'}, body: 'Back again'}));
      expect(((await known.json()) as Comment).status).toBe('published');
      const stranger = await postJson(first, commentsPath('/2023/12/tomatoes-in-december/'),
        aComment({author: {name: 'Stranger', email: 'stranger@example.org'}, body: 'First time here'}));
      expect(((await stranger.json()) as Comment).status).toBe('pending');
    });

    it.skipIf(!available)('maps threads by slug with --post-id identifier, and by whole URL with url', async () => {
      const bySlug = await importRecords(db, READERS.wordpress({stream: fixture('wordpress.xml')}), {source: 'wp-slug', postIdRule: 'identifier', dryRun: true});
      expect(bySlug.threads.map((t) => t.postId)).toEqual(['tomatoes-in-december', 'hello-world', 'about']);
      const byUrl = await importRecords(db, READERS.wordpress({stream: fixture('wordpress.xml')}), {source: 'wp-url', postIdRule: 'url', dryRun: true});
      expect(byUrl.threads.map((t) => t.postId)).toEqual(['https://hana.example.com/2023/12/tomatoes-in-december/', 'https://hana.example.com/?p=1', 'https://hana.example.com/about/']);
    });
  });

  describe('Blogger, in its three shapes', () => {
    it.skipIf(!available)('the classic export: posts give the threads (drafts none), replies follow their related link, a removed comment with a reply stays as a tombstone', async () => {
      const summary = await run('blogger', 'blogger-export.xml');
      expect(summary.threads.map((t) => [t.postId, t.comments])).toEqual([['/2013/11/jollof-right-way.html', 4]]);
      const comments = await thread('/2013/11/jollof-right-way.html');
      const [uma, removed] = comments;
      expect(uma).toMatchObject({author: {name: 'Uma Patel', url: 'https://uma.example.com/'}, createdAt: '2013-11-03T07:15:27.000Z'});
      expect(uma!.body).toBe('Tried it last night & it was **perfect**.\n\nMy family asked for seconds.');
      expect(removed).toMatchObject({status: 'deleted', body: ''});
      const kemi = comments.find((c) => c.author.name === 'Kemi')!;
      expect(kemi).toMatchObject({parentId: uma!.id, createdAt: '2013-11-04T01:00:00.000Z', author: {name: 'Kemi'}}); // a Blogger profile is not a website
      const reply = comments.find((c) => c.parentId === removed!.id)!;
      expect(reply.html).toContain('&lt;script&gt;');
      const stored = await db.kysely.selectFrom('comments').select('author_email').where('post_id', '=', '/2013/11/jollof-right-way.html').execute();
      expect(stored.every((row) => row.author_email === null)).toBe(true); // Blogger's noreply placeholder is nobody's address
    });

    it.skipIf(!available)('a blog\'s public comments feed: each comment names its post, and replies their parent', async () => {
      const summary = await run('blogger', 'blogger-comments-feed.xml');
      expect(summary.threads.map((t) => [t.postId, t.comments])).toEqual([['/2011/10/nach-suzhou.html', 2], ['/2011/12/canals.html', 1]]);
      const [sam, rosa] = await thread('/2011/10/nach-suzhou.html');
      expect(rosa).toMatchObject({parentId: sam!.id, author: {name: 'Rosa Díaz', url: 'https://rosa.example.es/'}});
      expect(rosa!.body).toBe('And the [garden](https://en.wikipedia.org/wiki/Humble_Administrator%27s_Garden)? free prize');
    });

    it.skipIf(!available)('Google Takeout: post paths from blogger:filename, replies from blogger:inReplyTo, deleted comments left out', async () => {
      const summary = await run('blogger', 'blogger-takeout.atom');
      expect(summary.threads.map((t) => [t.postId, t.comments])).toEqual([['/2020/02/through-the-tunnel.html', 3]]);
      expect(summary.skipped).toEqual({'hidden at the source': 1});
      const [kemi, jonas] = await thread('/2020/02/through-the-tunnel.html');
      expect(kemi).toMatchObject({author: {name: 'Kemi Adeyemi', url: 'https://kemi.example.ng/'}, body: 'My train stopped in that tunnel **twice**!'});
      expect(jonas).toMatchObject({parentId: kemi!.id, author: {name: 'Jonas'}});
    });
  });

  describe('Remark42 and Isso', () => {
    it.skipIf(!available)('a Remark42 backup: threads by full URL reduced to their path, HTML bodies, escaped names unescaped, deleted replies left out', async () => {
      const summary = await run('remark42', 'remark42-backup.jsonl');
      expect(summary.threads.map((t) => [t.postId, t.comments])).toEqual([['/notes/first/', 3], ['/notes/second/', 1]]);
      expect(summary.skipped).toEqual({'hidden at the source': 1});
      const [gus, obrien] = await thread('/notes/first/');
      expect(gus).toMatchObject({author: {name: 'Gus Lindqvist'}, createdAt: '2021-06-01T07:11:12.000Z',
        body: 'Remark42 was fine, but I wanted **Markdown** editing & a smaller embed.'});
      expect(obrien).toMatchObject({parentId: gus!.id, author: {name: "O'Brien & Sons"}, body: 'Same. Also: `docker compose up` was all it took.'});
    });

    it.skipIf(!available)('an Isso database, read in place: Markdown bodies, Unix times, its queue held, its tombstones kept for their replies', async () => {
      const {default: SQLite} = await import('better-sqlite3');
      const dir = mkdtempSync(join(tmpdir(), 'colloquy-isso-'));
      const file = join(dir, 'comments.db');
      const isso = new SQLite(file);
      // Isso's own schema (isso/db/threads.py and comments.py).
      isso.exec(`CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
        CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER, created FLOAT NOT NULL, modified FLOAT,
          mode INTEGER, remote_addr VARCHAR, text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0,
          dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, notification INTEGER NOT NULL DEFAULT 0);`);
      isso.prepare('INSERT INTO threads (id, uri, title) VALUES (?, ?, ?)').run(1, '/posts/hello-isso/', 'Hello, Isso');
      isso.prepare('INSERT INTO threads (id, uri, title) VALUES (?, ?, ?)').run(2, '/posts/empty/', 'Nobody wrote here');
      const add = isso.prepare('INSERT INTO comments (tid, id, parent, created, mode, remote_addr, text, author, email, website, voters) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      add.run(1, null, 1388534400.5, 1, '127.0.0.0', 'Hello *Isso* users.\n\n> quoted\n\n    code block', 'Nora Berg', 'nora@example.org', 'https://nora.example.org', Buffer.alloc(0));
      add.run(2, null, 1388538000.0, 4, '127.0.0.0', '', null, null, null, Buffer.alloc(0));
      add.run(3, 2, 1388541600.25, 1, '127.0.0.0', 'Answering what was deleted. <b>bold?</b>', null, null, 'javascript:alert(1)', Buffer.alloc(0));
      add.run(4, 1, 1388545200.0, 2, '127.0.0.0', 'Still in the queue', 'Queued', 'q@example.org', null, Buffer.alloc(0));
      isso.close();
      try {
        const summary = await importRecords(db, READERS.isso({stream: [], path: file}), {source: 'isso', postIdRule: 'path'});
        expect(summary.threads.map((t) => [t.postId, t.comments])).toEqual([['/posts/hello-isso/', 4], ['/posts/empty/', 0]]);
        expect(summary.imported).toEqual({published: 2, pending: 1, hidden: 0});
        const [nora, tombstone, answer] = await thread('/posts/hello-isso/');
        expect(nora).toMatchObject({author: {name: 'Nora Berg', url: 'https://nora.example.org/'}, createdAt: '2014-01-01T00:00:00.000Z'});
        expect(nora!.html).toMatch(/<em>Isso<\/em>[\s\S]*<blockquote>[\s\S]*<pre><code>code block/);
        expect(tombstone).toMatchObject({status: 'deleted', body: ''});
        expect(answer).toMatchObject({parentId: tombstone!.id, author: {name: 'Anonymous'}});
        expect(answer!.html).toContain('&lt;b&gt;bold?&lt;/b&gt;');
        const again = await importRecords(db, READERS.isso({stream: [], path: file}), {source: 'isso', postIdRule: 'path'});
        expect(again.skipped['already imported']).toBe(4);
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    });
  });

  it.skipIf(!available)('writes nothing in a dry run, and says which posts have comments already', async () => {
    const before = await rowCount();
    const dry = await importRecords(db, READERS.disqus({stream: fixture('disqus.xml')}), {source: 'disqus-again', postIdRule: 'path', dryRun: true});
    expect(await rowCount()).toBe(before);
    expect(dry.imported.published).toBe(7); // new to this source
    expect(dry.threads.find((t) => t.sourceId === '5001')).toMatchObject({postId: '/2019/05/self-hosting/', existing: 8});
    expect(dry.threads.find((t) => t.sourceId === '5003')).toMatchObject({existing: 0});
  });

  it.skipIf(!available)('refuses a file that is not well-formed XML, saying where, and keeps what came before it', async () => {
    const broken = '<?xml version="1.0"?><disqus xmlns="http://disqus.com"><thread dsq:id="1" xmlns:dsq="http://disqus.com/disqus-internals"><link>https://x.example/a</link></thread><post><message>unclosed</disqus>';
    await expect(importRecords(db, READERS.disqus({stream: [broken]}), {source: 'broken', postIdRule: 'path'})).rejects.toThrow(/1:\d+: /);
  });
});

describe('colloquy-server import (the command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-import-'));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));
  const command = (args: string[], input?: Buffer) => {
    const [cmd, argv] = node(['import', '--data-dir', join(dir, 'data'), ...args]);
    return spawnSync(cmd, argv, {encoding: 'utf8', ...(input ? {input} : {})});
  };

  it('dry-runs, then imports a gzipped file found to be WordPress, then imports it again to no effect', () => {
    const gz = join(dir, 'site.xml.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, 'wordpress.xml'))));
    const dry = command(['--dry-run', gz]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: nothing was written/);
    expect(dry.stdout).toMatch(/\/2023\/12\/tomatoes-in-december\/ {2}5 comments/);
    const real = command([gz]);
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toContain('Imported: 3 published, 1 awaiting moderation');
    const again = command(['--json', '-'], readFileSync(gz));
    expect(JSON.parse(again.stdout)).toMatchObject({imported: {published: 0, pending: 0}, skipped: {'already imported': 6}});
  });

  it('imports beside a running server on the same SQLite folder, whose cached pages then show the new comments', async () => {
    const data = join(dir, 'live');
    const server = start(['--data-dir', data]);
    try {
      const page = async () => ((await (await fetch(`${await server.url}/api/v1/posts/${encodeURIComponent('/2019/05/self-hosting/')}/comments`)).json()) as ThreadPage).total;
      expect(await page()).toBe(0);
      expect(await page()).toBe(0); // now answered from the server's memory
      const [cmd, argv] = node(['import', '--data-dir', data, join(FIXTURES, 'disqus.xml')]);
      const imported = spawnSync(cmd, argv, {encoding: 'utf8'});
      expect(imported.status, imported.stderr).toBe(0);
      expect(await page()).toBe(7);
    } finally {
      server.child.kill('SIGTERM');
      await server.exit;
    }
  });

  it('tells Disqus, WordPress, Blogger and Colloquy files apart by their first bytes', async () => {
    const {sniffFormat} = await import('../../server/src/import/formats.js');
    const head = (file: string) => readFileSync(join(FIXTURES, file)).subarray(0, 4096);
    expect(['disqus.xml', 'wordpress.xml', 'blogger-export.xml', 'blogger-comments-feed.xml', 'blogger-takeout.atom', 'remark42-backup.jsonl']
      .map((f) => sniffFormat(head(f)))).toEqual(['disqus', 'wordpress', 'blogger', 'blogger', 'blogger', 'remark42']);
    expect(sniffFormat(Buffer.from('SQLite format 3\0rest of the header'))).toBe('isso');
    expect(sniffFormat(Buffer.from('{"format":"colloquy-export","version":1}\n'))).toBe('colloquy');
    expect(sniffFormat(Buffer.from('<rss><channel></channel></rss>'))).toBeUndefined();
  });

  it('refuses a file it cannot tell the format of, and a missing file, with exit code 2', () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just some notes');
    const unknown = command([text]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('give --format');
    const missing = command([join(dir, 'nope.xml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});
