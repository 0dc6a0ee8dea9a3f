import {createHmac, timingSafeEqual} from 'node:crypto';

import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';

import {createApp} from '../../server/src/app.js';
import {emailFor, Notifier, type CommentNotice} from '../../server/src/notify/notifier.js';
import {Outbox} from '../../server/src/notify/outbox.js';
import type {CreatedComment} from '../../server/src/protocol.js';
import {ReadCache} from '../../server/src/read-cache.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, screeningOn, type Harness} from './helpers.js';
import {startInbox, startWebhookReceiver} from './notify-servers.js';

const SECRET = 'a-webhook-secret-of-some-length';

/** What a receiver should do: recompute the signature over `<timestamp>.<body>` and compare in constant time. */
function verified(headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const timestamp = Number(headers['colloquy-timestamp']);
  const expected = Buffer.from(`v1=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(String(headers['colloquy-signature']));
  return Math.abs(Date.now() / 1000 - timestamp) < 300 && given.length === expected.length && timingSafeEqual(given, expected);
}

describe.each(DATABASES)('the owner hears about held comments, on $name', ({url, available}) => {
  let h: Harness;
  let inbox: Awaited<ReturnType<typeof startInbox>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let notifier: Notifier;
  let outbox: Outbox;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    if (!available) return;
    h = await openHarness(url);
    inbox = await startInbox();
    // The receiver fails twice before it accepts: the notice must be retried, with backoff.
    receiver = await startWebhookReceiver([500, 503]);
    outbox = new Outbox(h.db);
    notifier = new Notifier(outbox, {
      email: {to: 'owner@example.org', from: 'Colloquy <colloquy@example.org>', smtpUrl: inbox.url},
      webhook: {url: receiver.url, secret: SECRET},
      every: false, publicUrl: () => 'https://comments.example.org/', retryBaseMs: 50, maxAttempts: 5,
    });
    app = createApp({store: new CommentStore(h.db, {moderation: {mode: 'first', closeAfterDays: 0}}), allowedOrigins: ['*'],
      cache: new ReadCache(), notifier, screening: screeningOn(h.db)});
  });
  afterAll(async () => {
    await notifier?.stop();
    await inbox?.close();
    await receiver?.close();
    await h?.db.close();
  });

  const post = (postId: string, body: Record<string, unknown>) =>
    postJson(app, commentsPath(postId), {composeMs: 30_000, ...body}, {'X-Forwarded-For': `10.9.${Math.floor(Math.random() * 250)}.1`});

  it.skipIf(!available)('emails the owner in plain text and posts a signed webhook, retried until the receiver takes it', async () => {
    const postId = freshPostId();
    const held = (await (await post(postId, aComment({author: {name: 'Mallory', email: 'mallory@example.org'},
      body: 'Hello <script>alert(1)</script> [click](https://evil.example)\nsecond line'}))).json()) as CreatedComment;
    expect(held.status).toBe('pending');
    await vi.waitFor(async () => {
      await notifier.poke();
      expect(receiver.deliveries.filter((d) => d.answered === 200)).toHaveLength(1);
      expect(inbox.mails).toHaveLength(1);
    }, {timeout: 15_000, interval: 60});

    const [mail] = inbox.mails;
    expect(mail!.to).toEqual(['owner@example.org']);
    expect(mail!.raw).toMatch(/^Content-Type: text\/plain/im);
    expect(mail!.raw).not.toMatch(/text\/html/i);
    expect(mail!.decoded).toContain('Comment awaiting moderation on');
    expect(mail!.decoded).toContain('mallory@example.org');
    expect(mail!.decoded).toContain('Held because: first comment from this author');
    expect(mail!.decoded).toContain('> Hello <script>alert(1)</script> [click](https://evil.example)');
    expect(mail!.decoded).toContain(`https://comments.example.org/admin?post=${encodeURIComponent(postId)}`);

    expect(receiver.deliveries.map((d) => d.answered)).toEqual([500, 503, 200]);
    for (const delivery of receiver.deliveries) expect(verified(delivery.headers, delivery.body)).toBe(true);
    expect(verified(receiver.deliveries[2]!.headers, receiver.deliveries[2]!.body.replace('pending', 'published'))).toBe(false);
    const notice = JSON.parse(receiver.deliveries[2]!.body) as CommentNotice;
    expect(notice).toMatchObject({event: 'comment.held', comment: {id: held.id, postId, authorEmail: 'mallory@example.org',
      heldFor: 'first comment from this author'}});
    expect(notice).not.toHaveProperty('comment.ownerToken');
    const sent = await outbox.list();
    expect(sent.filter((n) => n.channel === 'webhook')[0]).toMatchObject({attempts: 3, done: true, lastError: null});
  });

  it.skipIf(!available)('says nothing of comments published at once (unless asked) or filed as spam', async () => {
    const before = inbox.mails.length;
    const postId = freshPostId();
    await post(postId, aComment({trap: 'http://bot.example', body: 'spam spam spam'}));
    const quiet = createApp({store: new CommentStore(h.db), allowedOrigins: ['*'], notifier});
    expect((await postJson(quiet, commentsPath(postId), aComment())).status).toBe(201);
    await notifier.poke();
    expect(inbox.mails.length).toBe(before);
  });

  it.skipIf(!available)('gives up after the last attempt and keeps the reason', async () => {
    const dead = await startWebhookReceiver(Array(10).fill(500));
    const giving = new Notifier(new Outbox(h.db), {webhook: {url: dead.url, secret: SECRET}, every: true,
      publicUrl: () => 'https://comments.example.org/', retryBaseMs: 10, maxAttempts: 3});
    const quietApp = createApp({store: new CommentStore(h.db), allowedOrigins: ['*'], notifier: giving});
    expect((await postJson(quietApp, commentsPath(freshPostId()), aComment())).status).toBe(201);
    await vi.waitFor(async () => {
      await giving.poke();
      expect(dead.deliveries).toHaveLength(3);
    }, {timeout: 10_000, interval: 30});
    await giving.poke();
    const [last] = await outbox.list(1);
    expect(last).toMatchObject({channel: 'webhook', attempts: 3, done: true, lastError: 'the webhook answered HTTP 500'});
    await giving.stop();
    await dead.close();
    // Other instances of the test left their own notices; nothing in the queue stays claimed for ever.
    await notifier.poke();
  });
});

describe('the owner\'s email', () => {
  it('keeps every line a commenter controls on one line, and quotes the text', () => {
    const {subject, text} = emailFor({event: 'comment.held', adminUrl: 'https://c.example/admin?post=p',
      comment: {id: '1', postId: '/p\nBcc: x@example.org', parentId: null, author: {name: 'A\u2028B', url: 'https://a.example'}, body: 'line 1\nline 2',
        createdAt: '2026-01-01T00:00:00.000Z', status: 'pending', authorEmail: 'a@example.org', heldFor: 'r'}});
    expect(subject).toBe('[Colloquy] Comment awaiting moderation on /p Bcc: x@example.org');
    expect(text).toContain('Author: A B <a@example.org>');
    expect(text).toContain('> line 1\n> line 2');
  });
});
