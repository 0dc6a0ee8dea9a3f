import {createHash, randomBytes} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

import {sql} from 'kysely';
import {afterAll, describe, expect, it} from 'vitest';

import {createApp} from '../../server/src/app.js';
import type {Db} from '../../server/src/db.js';
import {migrate, NewerSchemaError} from '../../server/src/migrate.js';
import {HISTORY} from '../../server/src/migrations/index.js';
import {markdownToHtml, type Comment, type CreatedComment, type ThreadPage} from '../../server/src/protocol.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {appliedMigrations, freshDatabases, schemaOf} from './databases.js';
import {commentsPath, DATABASES, postJson} from './helpers.js';

const NAMES = HISTORY.map(([name]) => name);
const MIGRATIONS_DIR = join(import.meta.dirname, '../../server/src/migrations');

describe('the migration history', () => {
  it('imports nothing of the living code: each migration carries its own statuses, names and rules', () => {
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}-.*\.ts$/.test(f))) {
      const imports = [...readFileSync(join(MIGRATIONS_DIR, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((from) => from !== 'kysely' && from !== './kind.js'), file).toEqual([]);
    }
  });

  it('lists every migration file once, in the order of their names', () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}-.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
    expect(NAMES).toEqual(files.sort());
  });

  // A released migration is frozen: changing one changes what an old database becomes. To change the
  // schema, append a migration. (0004's pinned text includes its fix for pre-0003 idempotency links.)
  it('keeps released migrations as they were released', () => {
    const digests = Object.fromEntries(NAMES.map((name) =>
      [name, createHash('sha256').update(readFileSync(join(MIGRATIONS_DIR, `${name}.ts`), 'utf8').replaceAll('\r\n', '\n')).digest('hex').slice(0, 16)]));
    expect(digests).toEqual(RELEASED);
  });
});

/** The first 16 hex digits of each released migration's SHA-256 (line ends as LF). */
const RELEASED: Record<string, string> = {
  '0001-initial': '96c9a79e63250679',
  '0002-post-change-notify': '14fe9acdc744bc5e',
  '0003-comment-idempotency-key': '14730e2e12bb0877',
  '0004-ownership': '2843d50ce21a009f',
  '0005-moderation': '02e978caf5775e6f',
  '0006-admin-and-limits': '5b8e51501e801e9e',
  '0007-spam': 'a0e36e7b3fe76691',
  '0008-notifications': '3409fe812161bae4',
  '0009-rendered-bodies': '6a7b9dc30b1ffb50',
  '0010-imports': 'f04bddfd48ac2b44',
};

describe.each(DATABASES)('upgrades on $name', ({url, available}) => {
  const fresh = freshDatabases();
  const opened: Db[] = [];
  const open = async () => {
    const db = await fresh.open(url);
    opened.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of opened) await db.close();
    await fresh.drop(url);
  });

  it.skipIf(!available)('end with the same schema whether a database is new or upgraded one migration at a time', async () => {
    const stepwise = await open();
    for (const name of NAMES) expect(await migrate(stepwise, {to: name}), name).toBe(1);
    const whole = await open();
    expect(await migrate(whole)).toBe(NAMES.length);
    expect(await schemaOf(stepwise)).toEqual(await schemaOf(whole));
    expect(await migrate(whole)).toBe(0);
  });

  it.skipIf(!available)('roll a failed upgrade back whole: the database stays as it was, and the next start finishes it', async () => {
    const db = await open();
    await migrate(db, {to: '0004-ownership'});
    const before = await schemaOf(db);
    // A table in the way of 0005 makes it fail after 0005 has already changed `comments` and `posts`.
    await db.kysely.schema.createTable('moderation_log').addColumn('x', 'integer').execute();
    await expect(migrate(db)).rejects.toThrow();
    expect(await appliedMigrations(db)).toEqual(NAMES.slice(0, 4));
    expect((await schemaOf(db)).filter((line) => !line.includes('moderation_log'))).toEqual(before);
    await db.kysely.schema.dropTable('moderation_log').execute();
    expect(await migrate(db)).toBe(NAMES.length - 4);
    expect(await appliedMigrations(db)).toEqual(NAMES);
  });

  it.skipIf(!available)('refuse a database written by a newer version, and leave it untouched', async () => {
    const db = await open();
    await migrate(db, {to: '0008-notifications'});
    await sql`INSERT INTO schema_migrations (name, timestamp) VALUES ('9999-from-the-future', ${new Date().toISOString()})`.execute(db.kysely);
    const before = await schemaOf(db);
    const error = await migrate(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewerSchemaError);
    expect((error as Error).message).toMatch(new RegExp(`newer version of Colloquy.*9999-from-the-future.*knows up to ${NAMES.at(-1)}`));
    expect(await schemaOf(db)).toEqual(before);
  });

  it.skipIf(!available).each(NAMES.map((name, i) => [name, i] as const))(
    'upgrade a database left at %s, keeping what readers and owners could see, and what they could do',
    async (_name, index) => {
      const db = await open();
      await migrate(db, {to: NAMES[index]!});
      const old = await fillAsOldServer(db, index);
      await migrate(db);
      expect(await appliedMigrations(db)).toEqual(NAMES);
      // SQLite's rebuilt `comments` refers to itself by its final name, and every reference holds.
      if (db.kind === 'sqlite') expect((await sql`PRAGMA foreign_key_check`.execute(db.kysely)).rows).toEqual([]);
      const app = createApp({store: new CommentStore(db), allowedOrigins: ['*']});
      const path = commentsPath(old.postId);

      // Readers see what they saw: published comments, the tombstone with its reply, none of the rest.
      const page = (await (await app.request(`${path}?limit=100`)).json()) as ThreadPage;
      const byId = new Map(page.comments.map((c) => [c.id, c]));
      expect([...byId.keys()].sort()).toEqual(old.visible.map(String).sort());
      expect(page.total).toBe(old.count);
      expect(byId.get(String(old.rich))!.html).toBe(markdownToHtml(RICH_BODY));
      if (old.tombstone) expect(byId.get(String(old.tombstone))).toMatchObject({status: 'deleted', body: '', author: {name: ''}});
      for (const hidden of old.hidden) expect(byId.has(String(hidden))).toBe(false);

      // A retry of a request the old server stored gets that comment back, not a second one.
      const retry = await postJson(app, path, old.keyed.request, {'Idempotency-Key': old.keyed.key});
      expect(retry.status).toBe(201);
      expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
      expect(((await retry.json()) as CreatedComment).id).toBe(String(old.keyed.id));

      // Authors still own what they wrote (since owner tokens exist): their held comment, an edit, a delete.
      if (old.tokens) {
        const own = await postJson(app, `/api/v1/posts/${encodeURIComponent(old.postId)}/own-comments`,
          {tokens: [old.tokens.root, old.tokens.held]});
        const mine = ((await own.json()) as {comments: Comment[]}).comments;
        expect(mine.map((c) => [c.id, c.status]).sort()).toEqual([[String(old.root), 'published'], [String(old.held), 'pending']].sort());
        const edit = await app.request(`${path}/${old.root}`, {method: 'PATCH',
          headers: {'Content-Type': 'application/json', Authorization: `Bearer ${old.tokens.root}`}, body: JSON.stringify({body: 'edited *after* the upgrade'})});
        expect(edit.status).toBe(200);
        expect(((await edit.json()) as Comment).html).toBe(markdownToHtml('edited *after* the upgrade'));
      }

      // Anyone replies to an old comment, and new IDs count on from the old ones.
      const reply = await postJson(app, path, {parentId: String(old.reply), author: {name: 'New'}, body: 'a reply after the upgrade'});
      expect(reply.status).toBe(201);
      const created = (await reply.json()) as CreatedComment;
      expect(Number(created.id)).toBeGreaterThan(Math.max(...old.all));

      if (old.tokens) {
        const removed = await app.request(`${path}/${old.reply}`, {method: 'DELETE', headers: {Authorization: `Bearer ${old.tokens.reply}`}});
        expect(removed.status).toBe(204);
      }
      const after = (await (await app.request(`${path}?limit=100`)).json()) as ThreadPage;
      const replyNow = after.comments.find((c) => c.id === String(old.reply))!;
      expect(replyNow.status).toBe(old.tokens ? 'deleted' : 'published'); // a tombstone: the new reply keeps its place
      expect(after.comments.find((c) => c.id === created.id)!.parentId).toBe(String(old.reply));
      expect(after.total).toBe(old.count + 1 - (old.tokens ? 1 : 0));
    });
});

const RICH_BODY = '**bold**, `code` and [a link](https://example.org)\n\n> quoted';

/**
 * Writes what a server of the schema `NAMES[index]` would have stored for one post: comments and
 * replies, a tombstone with its reply, a held comment, spam, owner tokens and a claimed idempotency
 * key, each only where that schema could hold it. Returns what readers and owners should find.
 */
async function fillAsOldServer(db: Db, index: number) {
  const has = (name: string) => index >= NAMES.indexOf(name);
  const postId = `/upgraded/${NAMES[index]}/${randomBytes(4).toString('hex')}`;
  const now = Date.now() - 60_000; // a minute ago: still inside the edit window
  const tokens = has('0004-ownership')
    ? {root: randomBytes(32).toString('base64url'), reply: randomBytes(32).toString('base64url'), held: randomBytes(32).toString('base64url')}
    : undefined;
  const hash = (token: string | undefined) => (token ? createHash('sha256').update(token).digest('base64url') : null);
  let at = now;
  const insert = async (values: {parent?: {id: number; root: number; depth: number}; name: string; email?: string; body: string;
    status?: string; token?: string; key?: string}) => {
    const row: Record<string, unknown> = {
      post_id: postId, parent_id: values.parent?.id ?? null, root_id: values.parent?.root ?? null, depth: values.parent ? values.parent.depth + 1 : 0,
      author_name: values.name, author_email: values.email ?? null, author_url: null, body: values.body, status: values.status ?? 'published',
      created_ms: at++,
    };
    if (has('0003-comment-idempotency-key')) row.idempotency_key = values.key ?? null;
    if (has('0004-ownership')) row.token_hash = hash(values.token);
    if (has('0009-rendered-bodies')) row.body_html = values.body ? markdownToHtml(values.body) : '';
    const {id} = await db.kysely.insertInto('comments').values(row as never).returning('id').executeTakeFirstOrThrow();
    return {id, at: {id, root: values.parent?.root ?? id, depth: values.parent ? values.parent.depth + 1 : 0}};
  };

  const keyed = {key: `retry-${randomBytes(6).toString('hex')}`,
    request: {parentId: null, author: {name: 'Ada', email: 'ada@example.org'}, body: RICH_BODY}};
  const root = await insert({name: 'Ada', email: 'ada@example.org', body: RICH_BODY, token: tokens?.root,
    ...(has('0003-comment-idempotency-key') ? {key: keyed.key} : {})});
  const reply = await insert({parent: root.at, name: 'Ben', body: 'a reply', token: tokens?.reply});
  const deep = await insert({parent: reply.at, name: 'Cy', body: 'deeper'});
  const other = await insert({name: 'Dee', body: has('0004-ownership') ? '' : 'kept', status: has('0004-ownership') ? 'deleted' : 'published'});
  const otherReply = await insert({parent: other.at, name: 'Eve', body: 'answers what was deleted'});
  const held = await insert({name: 'Fay', body: 'waiting for the owner', status: 'pending', token: tokens?.held});
  const spam = has('0005-moderation') ? await insert({name: 'Spammer', body: 'buy now', status: 'spam'}) : undefined;
  const removed = has('0004-ownership') ? await insert({name: '', body: '', status: 'removed'}) : undefined;

  // The claim of the key: before 0003 it named its comment; since, the comment names its key.
  const fingerprint = createHash('sha256').update(JSON.stringify([postId, null, 'Ada', 'ada@example.org', null, RICH_BODY])).digest('base64url');
  await db.kysely.insertInto('idempotency_keys').values({key: keyed.key, fingerprint, created_ms: Date.now(),
    comment_id: has('0003-comment-idempotency-key') ? null : root.id}).execute();

  const visible = [root.id, reply.id, deep.id, other.id, otherReply.id];
  const count = has('0004-ownership') ? 4 : 5; // the tombstone is not counted
  await db.kysely.insertInto('posts').values({post_id: postId, comment_count: count, last_created_ms: at} as never).execute();
  return {
    postId, tokens, visible, count, keyed: {...keyed, id: root.id},
    root: root.id, reply: reply.id, held: held.id, rich: root.id,
    tombstone: has('0004-ownership') ? other.id : undefined,
    hidden: [held.id, ...(spam ? [spam.id] : []), ...(removed ? [removed.id] : [])],
    all: [root.id, reply.id, deep.id, other.id, otherReply.id, held.id, spam?.id ?? 0, removed?.id ?? 0],
  };
}
