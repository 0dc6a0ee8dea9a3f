import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {sql} from 'kysely';
import {afterAll, describe, expect, it} from 'vitest';

import type {CreatedComment, ThreadPage} from '../../server/src/protocol.js';
import {PeopleStore} from '../../server/src/store/people.js';
import {ModerationStore} from '../../server/src/store/moderation.js';
import {node} from './command.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

describe.each(DATABASES)('one person\'s data on $name', ({url, available}) => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.db.close();
  });

  it.skipIf(!available)('finds every comment with an address, whatever its case, and erases them: tombstones where replies need them, nothing of the person left', async () => {
    const h = await openHarness(url);
    harnesses.push(h);
    const postId = freshPostId('people');
    const email = `Erin.${crypto.randomUUID().slice(0, 8)}@Example.org`;
    const post = async (body: Record<string, unknown>) => (await (await postJson(h.app, commentsPath(postId), aComment(body))).json()) as CreatedComment;
    const answered = await post({body: 'Erin, answered', author: {name: 'Erin', email, url: 'https://erin.example.org'}});
    await post({body: 'A reply', parentId: answered.id, author: {name: 'Other', email: 'other@example.org'}});
    await post({body: 'Erin, alone', author: {name: 'Erin', email: email.toLowerCase()}});
    const people = new PeopleStore(h.db);
    // A notice to the owner about Erin's comment, as the outbox keeps it.
    await h.db.kysely.insertInto('notifications').values({channel: 'email', payload: JSON.stringify({comment: {authorEmail: email, body: 'Erin, alone'}}),
      attempts: 1, next_ms: 0, done_ms: Date.now(), last_error: null, created_ms: Date.now()}).execute();

    const found = await people.find(email.toUpperCase());
    expect(found.comments.map((c) => c.body).sort()).toEqual(['Erin, alone', 'Erin, answered']);
    expect(found.comments[0]!.author.email?.toLowerCase()).toBe(email.toLowerCase());

    expect(await people.erase(email, 'owner')).toMatchObject({comments: 2, tombstones: 1, posts: [postId]});
    h.cache.invalidate(postId); // the admin route does this
    const page = (await (await h.app.request(`${commentsPath(postId)}?limit=100`)).json()) as ThreadPage;
    expect(page.comments.map((c) => [c.status, c.author.name, c.body])).toEqual([['deleted', '', ''], ['published', 'Other', 'A reply']]);
    expect(page.total).toBe(1);
    const {rows} = await sql<Record<string, unknown>>`SELECT * FROM comments WHERE post_id = ${postId}`.execute(h.db.kysely);
    expect(JSON.stringify(rows), JSON.stringify(rows)).not.toMatch(/erin/i);
    expect((await people.find(email)).comments).toEqual([]);
    const notices = await h.db.kysely.selectFrom('notifications').select('payload').execute();
    expect(JSON.stringify(notices)).not.toMatch(/erin/i);
    const logged = (await new ModerationStore(h.db).log(5)).find((e) => e.action === 'erase person')!;
    expect(logged).toMatchObject({actor: 'owner', detail: '2 comment(s), 1 kept as tombstones'});
    expect(JSON.stringify(logged)).not.toMatch(/erin/i);
  });
});

describe('colloquy-server person (the command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-person-'));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it('prints a person\'s comments as JSON, then erases them', async () => {
    const h = await openHarness(undefined);
    await h.db.close();
    const run = (args: string[]) => {
      const [cmd, argv] = node(['person', '--data-dir', join(dir, 'data'), ...args]);
      return spawnSync(cmd, argv, {encoding: 'utf8'});
    };
    const [cmd, argv] = node(['import', '--data-dir', join(dir, 'data'), join(import.meta.dirname, 'fixtures/import/disqus.xml')]);
    expect(spawnSync(cmd, argv, {encoding: 'utf8'}).status).toBe(0);
    const shown = run(['--email', 'ada@example.net']);
    expect(shown.status, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({email: 'ada@example.net', comments: [{author: {name: 'Ada Quill'}}]});
    const erased = run(['--email', 'ada@example.net', '--erase']);
    expect(erased.stdout).toContain('Erased 1 comment; 1 kept as "Comment deleted" for their replies.');
    expect(JSON.parse(run(['--email', 'ada@example.net']).stdout).comments).toEqual([]);
    expect(run(['--email', 'not-an-address']).status).toBe(2);
  });
});
