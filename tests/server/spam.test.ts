import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {hashPassword} from '../../server/src/admin/passwords.js';
import {createApp} from '../../server/src/app.js';
import type {CreatedComment, Problem, ThreadPage} from '../../server/src/protocol.js';
import {ReadCache} from '../../server/src/read-cache.js';
import {SPAM_LIMITS} from '../../server/src/spam/signals.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {ModerationStore} from '../../server/src/store/moderation.js';
import {adminOn, aComment, awayFromWindowEdge, commentsPath, DATABASES, freshPostId, openHarness, postJson, screeningOn, type Harness} from './helpers.js';

let nextNetwork = 1;
/** An address on a network no other test uses. */
const freshAddress = () => `10.${Math.floor(nextNetwork / 250) % 250}.${nextNetwork++ % 250}.7`;

describe.each(DATABASES)('spam screening on $name', ({url, available}) => {
  let h: Harness;
  let apps: ReturnType<typeof createApp>[];
  let moderation: ModerationStore;
  beforeAll(async () => {
    if (!available) return;
    h = await openHarness(url);
    moderation = new ModerationStore(h.db);
    const users = new Map([['owner', await hashPassword('pw')]]);
    // Two instances on one database: the limits must hold across both.
    apps = [0, 1].map(() => {
      const admin = adminOn(h.db, users);
      return createApp({store: new CommentStore(h.db), allowedOrigins: ['*'], cache: new ReadCache(), screening: screeningOn(h.db, {}, admin), admin});
    });
  });
  afterAll(async () => {
    await h?.db.close();
  });

  /** Posts as the widget would (with the time its form was open), unless `body` says otherwise. */
  function post(postId: string, body: Record<string, unknown>, address = freshAddress(), app = apps[0]!) {
    return postJson(app, commentsPath(postId), {composeMs: 30_000, ...body}, {'X-Forwarded-For': address});
  }
  async function stored(res: Response): Promise<CreatedComment> {
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as CreatedComment;
  }
  async function visible(postId: string): Promise<string[]> {
    return ((await (await apps[1]!.request(commentsPath(postId))).json()) as ThreadPage).comments.map((c) => c.body);
  }
  async function heldFor(id: string): Promise<[string, string | null]> {
    const row = await h.db.kysely.selectFrom('comments').select(['status', 'held_for']).where('id', '=', Number(id)).executeTakeFirstOrThrow();
    return [row.status, row.held_for];
  }

  it.skipIf(!available)('refuses a flood from one network across instances, with Retry-After, while other networks post', async () => {
    await awayFromWindowEdge(60_000);
    const postId = freshPostId();
    const address = freshAddress();
    for (let i = 0; i < SPAM_LIMITS.perNetworkMinute; i++) {
      await stored(await post(postId, aComment({body: `comment number ${i} from the same place`}), address, apps[i % 2]));
    }
    // The same /24, another address: still the same network.
    const refused = await post(postId, aComment({body: 'one more'}), address.replace(/\.7$/, '.8'), apps[1]);
    expect(refused.status).toBe(429);
    expect(((await refused.clone().json()) as Problem).code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await stored(await post(postId, aComment({body: 'someone else'})));
    // No address is kept anywhere: limit keys and comments hold keyed hashes only.
    const keys = (await h.db.kysely.selectFrom('rate_limits').select('key').execute()).map((r) => r.key).join(' ');
    const networks = (await h.db.kysely.selectFrom('comments').select('network_key').where('post_id', '=', postId).execute()).map((r) => r.network_key).join(' ');
    expect(`${keys} ${networks}`).not.toMatch(/10\.\d+\.\d+/);
  });

  it.skipIf(!available)('files a filled honeypot as spam: its author is told it waits, readers never see it', async () => {
    const postId = freshPostId();
    const bot = await stored(await post(postId, aComment({trap: 'https://spam.example', body: 'nice post'})));
    expect(bot.status).toBe('pending');
    expect(await heldFor(bot.id)).toEqual(['spam', 'filled the field people cannot see']);
    expect(await visible(postId)).toEqual([]);
    const own = await apps[0]!.request(`/api/v1/posts/${encodeURIComponent(postId)}/own-comments`, {method: 'POST',
      headers: {'Content-Type': 'application/json'}, body: JSON.stringify({tokens: [bot.ownerToken]})});
    expect(((await own.json()) as {comments: {status: string}[]}).comments.map((c) => c.status)).toEqual(['pending']);
  });

  it.skipIf(!available)('holds what looks wrong, and says why on the admin page', async () => {
    const postId = freshPostId();
    const quick = await stored(await post(postId, aComment({body: 'typed in no time at all', composeMs: 300})));
    const links = await stored(await post(postId, aComment({body: 'https://a.example https://b.example https://c.example https://d.example'})));
    const calm = await stored(await post(postId, aComment({body: 'A calm, considered reply.', composeMs: 40_000})));
    const formless = await stored(await post(postId, aComment({body: 'straight to the API', composeMs: undefined})));
    expect([quick.status, links.status, calm.status, formless.status]).toEqual(['pending', 'pending', 'published', 'pending']);
    expect((await heldFor(formless.id))[1]).toBe('posted without the comment form');
    expect((await heldFor(quick.id))[1]).toBe('posted 0.3 s after the form appeared');
    expect((await heldFor(links.id))[1]).toBe('4 links');
    expect(await visible(postId)).toEqual(['A calm, considered reply.']);
    const queue = await moderation.list({status: 'queue', postId});
    expect(queue.map((c) => c.heldFor).sort()).toEqual(['4 links', 'posted 0.3 s after the form appeared', 'posted without the comment form']);
  });

  it.skipIf(!available)('holds the same long text posted again and again, and whatever holds a term the owner banned', async () => {
    const postId = freshPostId();
    const text = `Visit my wonderful site for deals ${crypto.randomUUID()}`;
    const statuses = [];
    for (let i = 0; i < SPAM_LIMITS.repeatsSpam; i++) statuses.push((await stored(await post(postId, aComment({body: text})))).status);
    expect(statuses).toEqual(['published', 'published', 'pending', 'pending', 'pending', 'pending']);
    expect((await moderation.list({postId, status: 'spam'})).length).toBe(1);

    const signIn = await apps[0]!.request('/admin/api/session', {method: 'POST', headers: {'Content-Type': 'application/json',
      'X-Forwarded-For': freshAddress()}, body: JSON.stringify({user: 'owner', password: 'pw'})});
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const {csrf} = (await signIn.json()) as {csrf: string};
    const admin = (method: string, path: string, body: unknown) => apps[0]!.request(`/admin/api/${path}`, {method,
      headers: {'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf}, body: JSON.stringify(body)});
    expect(await (await admin('PUT', 'spam/terms', {terms: ['Casino', ' ', 'casino royale']})).json()).toEqual({terms: ['Casino', 'casino royale']});
    const held = await stored(await post(postId, aComment({body: 'The casino downtown is lovely.'})));
    expect(await heldFor(held.id)).toEqual(['pending', 'contains "Casino"']);
    await admin('PUT', 'spam/terms', {terms: []});
  });

  it.skipIf(!available)('files comments from a banned email or a banned network as spam', async () => {
    const postId = freshPostId();
    const email = `${crypto.randomUUID()}@spam.example`;
    const signIn = await apps[1]!.request('/admin/api/session', {method: 'POST', headers: {'Content-Type': 'application/json',
      'X-Forwarded-For': freshAddress()}, body: JSON.stringify({user: 'owner', password: 'pw'})});
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const {csrf} = (await signIn.json()) as {csrf: string};
    const ban = (body: unknown) => apps[1]!.request('/admin/api/bans', {method: 'POST',
      headers: {'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf}, body: JSON.stringify(body)});
    expect((await ban({kind: 'email', email: email.toUpperCase(), note: 'pills'})).status).toBe(200);
    const fromEmail = await stored(await post(postId, aComment({author: {name: 'X', email}, body: 'hello there'})));
    expect(await heldFor(fromEmail.id)).toEqual(['spam', 'banned email or network']);

    const address = freshAddress();
    const first = await stored(await post(postId, aComment({body: 'a first comment from here'}), address));
    expect(first.status).toBe('published');
    expect((await ban({kind: 'network', commentId: first.id})).status).toBe(200);
    const next = await stored(await post(postId, aComment({body: 'and another one'}), address.replace(/\.7$/, '.9')));
    expect(await heldFor(next.id)).toEqual(['spam', 'banned email or network']);
    const {bans} = (await (await apps[1]!.request('/admin/api/spam', {headers: {Cookie: cookie}})).json()) as {bans: {id: string; kind: string}[]};
    expect(bans.map((b) => b.kind).sort()).toEqual(['email', 'network']);
    expect(JSON.stringify(bans)).not.toContain(email);
    for (const b of bans) {
      await apps[1]!.request(`/admin/api/bans/${encodeURIComponent(b.id)}`, {method: 'DELETE', headers: {Cookie: cookie, 'X-CSRF-Token': csrf}});
    }
    expect((await stored(await post(postId, aComment({body: 'allowed again'}), address))).status).toBe('published');
  });
});
