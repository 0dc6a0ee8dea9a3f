import {sql} from 'kysely';
import {afterAll, describe, expect, it} from 'vitest';

import {openDb, type Db} from '../../server/src/db.js';
import {migrate} from '../../server/src/migrate.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {createApp} from '../../server/src/app.js';
import {markdownToHtml, type CreatedComment, type ThreadPage} from '../../server/src/protocol.js';
import {aComment, commentsPath, DATABASES, freshPostId, postJson} from './helpers.js';

describe.each(DATABASES)('migrations on $name', ({url, available}) => {
  const opened: Db[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  });

  it.skipIf(!available)('keep comments written before authors owned them, and IDs keep counting up', async () => {
    const db = await openDb(url ? {databaseUrl: url} : {});
    opened.push(db);
    // A PostgreSQL shared by other tests is already migrated: only a fresh SQLite can start from the old schema.
    const fresh = (await migrate(db, {to: '0003-comment-idempotency-key'})) > 0;
    const postId = freshPostId();
    const app = createApp({store: new CommentStore(db), allowedOrigins: ['*']});
    if (fresh) {
      // Written with the old schema's columns, as a server before the upgrade would have.
      const now = Date.now();
      const root = await db.kysely.insertInto('comments').values({post_id: postId, parent_id: null, root_id: null, depth: 0,
        author_name: 'Old', author_email: 'old@example.org', author_url: null, body: 'before', status: 'published',
        created_ms: now, idempotency_key: null} as never).returning('id').executeTakeFirstOrThrow();
      await db.kysely.insertInto('comments').values({post_id: postId, parent_id: root.id, root_id: root.id, depth: 1,
        author_name: 'Older', author_email: null, author_url: null, body: 'reply', status: 'published',
        created_ms: now + 1, idempotency_key: null} as never).execute();
      await db.kysely.insertInto('posts').values({post_id: postId, comment_count: 2, last_created_ms: now + 1}).execute();
      expect(await migrate(db)).toBeGreaterThan(0);
      if (db.kind === 'sqlite') {
        // The rebuilt table refers to itself by its final name, and every reference holds.
        const {rows} = await sql<{sql: string}>`SELECT sql FROM sqlite_master WHERE name = 'comments'`.execute(db.kysely);
        expect(rows[0]!.sql).toMatch(/parent_id integer REFERENCES "?comments"? \(id\)/);
        expect((await sql`PRAGMA foreign_key_check`.execute(db.kysely)).rows).toEqual([]);
      }
    } else {
      await migrate(db);
      for (const body of ['before', 'reply']) {
        expect((await postJson(app, commentsPath(postId), aComment({body, author: {name: 'Old'}}))).status).toBe(201);
      }
    }
    const page = (await (await app.request(commentsPath(postId))).json()) as ThreadPage;
    expect(page.comments.map((c) => c.body).sort()).toEqual(['before', 'reply']);
    expect(page.total).toBe(2);
    const next = (await (await postJson(app, commentsPath(postId), aComment())).json()) as CreatedComment;
    expect(Number(next.id)).toBeGreaterThan(Math.max(...page.comments.map((c) => Number(c.id))));
    // Old comments have no owner token: nobody can edit them.
    const old = page.comments[0]!;
    const res = await app.request(`/api/v1/posts/${encodeURIComponent(postId)}/comments/${old.id}`, {
      method: 'DELETE', headers: {Authorization: `Bearer ${next.ownerToken}`}});
    expect(res.status).toBe(403);
  });

  it.skipIf(!available)('render the bodies of comments written before bodies were rendered, once, as the server renders new ones', async () => {
    const db = await openDb(url ? {databaseUrl: url} : {});
    opened.push(db);
    const fresh = (await migrate(db, {to: '0008-notifications'})) > 0;
    const postId = freshPostId();
    const app = createApp({store: new CommentStore(db), allowedOrigins: ['*']});
    const bodies = ['**bold** and [a link](https://example.org)', 'plain <b>tag</b> & \'quotes\'', '- a\n- b'];
    if (fresh) {
      const now = Date.now();
      for (const [i, body] of bodies.entries()) {
        await db.kysely.insertInto('comments').values({post_id: postId, parent_id: null, root_id: null, depth: 0, author_name: 'Old',
          author_email: null, author_url: null, body, status: 'published', created_ms: now + i, idempotency_key: null} as never).execute();
      }
      await db.kysely.insertInto('posts').values({post_id: postId, comment_count: bodies.length, last_created_ms: now + 2}).execute();
      expect(await migrate(db)).toBe(1);
    } else {
      await migrate(db);
      for (const body of bodies) expect((await postJson(app, commentsPath(postId), aComment({body}))).status).toBe(201);
    }
    const page = (await (await app.request(commentsPath(postId))).json()) as ThreadPage;
    expect(page.comments.map((c) => [c.body, c.html])).toEqual(bodies.map((body) => [body, markdownToHtml(body)]));
    expect(page.comments[0]!.html).toContain('<strong>bold</strong>');
  });
});
