import {afterAll, describe, expect, it, vi} from 'vitest';

import {createApp} from '../../server/src/app.js';
import {openDb, type Db} from '../../server/src/db.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {ModerationStore} from '../../server/src/store/moderation.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 400)); // a notification's round trip, and then some

describe.each(DATABASES)('the change feed on $name', ({url, available}) => {
  const opened: (Harness | Db)[] = [];
  afterAll(async () => {
    for (const o of opened) await ('db' in o ? o.db : o).close();
  });

  it.skipIf(!available)('tells the read cache of each committed write once (on PostgreSQL, not again when its own notification comes back)', async () => {
    const h = await openHarness(url);
    opened.push(h);
    await vi.waitFor(async () => {
      const postId = freshPostId('ready');
      await h.app.request(commentsPath(postId));
      expect(h.cache.size.entries).toBeGreaterThan(0); // on PostgreSQL, caching waits for the notifications to flow
    });
    const invalidate = vi.spyOn(h.cache, 'invalidate');
    const postId = freshPostId('once');
    expect((await postJson(h.app, commentsPath(postId), aComment())).status).toBe(201);
    await settle();
    expect(invalidate.mock.calls.filter(([p]) => p === postId)).toHaveLength(1);

    // A held comment changes nothing readers see: no page is dropped for it.
    const held = createApp({store: new CommentStore(h.db, {moderation: {mode: 'all', closeAfterDays: 0}}), allowedOrigins: ['*'], cache: h.cache});
    const quiet = freshPostId('held');
    expect((await postJson(held, commentsPath(quiet), aComment())).status).toBe(201);
    await settle();
    expect(invalidate.mock.calls.filter(([p]) => p === quiet)).toHaveLength(0);

    // The owner's actions, from any store on the database, announce themselves too.
    await new ModerationStore(h.db).setPost(quiet, {closed: true}, 'owner');
    await settle();
    expect(invalidate.mock.calls.filter(([p]) => p === quiet)).toHaveLength(1);
  });

});

describe('the change feed across instances on PostgreSQL', () => {
  const pg = DATABASES[1]!;
  const opened: (Harness | Db)[] = [];
  afterAll(async () => {
    for (const o of opened) await ('db' in o ? o.db : o).close();
  });

  it.skipIf(!pg.available)('hears another instance\'s writes through the database', async () => {
    const h = await openHarness(pg.url);
    opened.push(h);
    const other = await openDb({databaseUrl: pg.url!});
    opened.push(other);
    await vi.waitFor(async () => {
      await h.app.request(commentsPath(freshPostId('ready')));
      expect(h.cache.size.entries).toBeGreaterThan(0);
    });
    const invalidate = vi.spyOn(h.cache, 'invalidate');
    const postId = freshPostId('elsewhere');
    await new CommentStore(other).add(postId, {...aComment(), parentId: null} as never);
    await vi.waitFor(() => expect(invalidate.mock.calls.filter(([p]) => p === postId)).toHaveLength(1));
  });
});
