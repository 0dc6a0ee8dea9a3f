import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {hashPassword, verifyPassword} from '../../server/src/admin/passwords.js';
import {createApp} from '../../server/src/app.js';
import type {CreatedComment, Problem, ThreadPage} from '../../server/src/protocol.js';
import {readCacheFor} from '../../server/src/server.js';
import {SIGN_IN_LIMITS} from '../../server/src/routes/admin.js';
import {CommentStore} from '../../server/src/store/comments.js';
import {adminOn, aComment, awayFromWindowEdge, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

const PASSWORD = 'correct horse battery staple';

describe('admin passwords', () => {
  it('hashes with scrypt and a salt, and verifies only the right password', async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hashPassword(PASSWORD)).not.toBe(hash);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(`${PASSWORD} `, hash)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'plain-text')).toBe(false);
  });
});

describe.each(DATABASES)('the admin API on $name', ({url, available}) => {
  let h: Harness;
  let apps: ReturnType<typeof createApp>[];
  let hash: string;
  beforeAll(async () => {
    if (!available) return;
    h = await openHarness(url);
    hash = await hashPassword(PASSWORD);
    // Two instances on one database: sessions and limits must hold across both.
    apps = [0, 1].map(() => {
      const store = new CommentStore(h.db, {moderation: {mode: 'all', closeAfterDays: 0}});
      return createApp({store, allowedOrigins: ['*'], cache: readCacheFor(h.db, 16), admin: adminOn(h.db, new Map([['owner', hash]]))});
    });
  });
  afterAll(async () => {
    await h?.db.close();
  });

  /** Requests as a browser on the admin page would: same origin, with the cookie and the token. */
  function call(app: ReturnType<typeof createApp>, method: string, path: string, {cookie, csrf, body, headers = {}}:
    {cookie?: string; csrf?: string; body?: unknown; headers?: Record<string, string>} = {}) {
    return app.request(`http://localhost/admin/api/${path}`, {method, headers: {
      'Sec-Fetch-Site': 'same-origin',
      ...(cookie ? {Cookie: cookie} : {}),
      ...(csrf ? {'X-CSRF-Token': csrf} : {}),
      ...(body !== undefined ? {'Content-Type': 'application/json'} : {}),
      // A network of its own per test, so the sign-in limit of one test does not spill into another.
      'X-Forwarded-For': headers['X-Forwarded-For'] ?? `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1`,
      ...headers,
    }, ...(body !== undefined ? {body: JSON.stringify(body)} : {})});
  }
  async function signIn(app = apps[0]!, user = 'owner'): Promise<{cookie: string; csrf: string}> {
    const res = await call(app, 'POST', 'session', {body: {user, password: PASSWORD}});
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return {cookie, csrf: ((await res.json()) as {csrf: string}).csrf};
  }
  async function problem(res: Response, status: number, code: string): Promise<void> {
    expect(res.status, await res.clone().text()).toBe(status);
    expect(((await res.json()) as Problem).code).toBe(code);
  }

  it.skipIf(!available)('signs in with the configured password only, and sets a strict, HttpOnly cookie', async () => {
    await problem(await call(apps[0]!, 'POST', 'session', {body: {user: 'owner', password: 'wrong'}}), 401, 'unauthorized');
    await problem(await call(apps[0]!, 'POST', 'session', {body: {user: 'nobody', password: PASSWORD}}), 401, 'unauthorized');
    const res = await call(apps[0]!, 'POST', 'session', {body: {user: 'owner', password: PASSWORD}});
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^colloquy_admin=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/); // plain http here
    expect(res.headers.get('cache-control')).toBe('no-store');
    const https = await call(apps[0]!, 'POST', 'session', {body: {user: 'owner', password: PASSWORD}, headers: {'X-Forwarded-Proto': 'https'}});
    expect(https.headers.get('set-cookie')).toMatch(/Secure/);
    // The database keeps a hash of the session, never the cookie's value.
    const rows = await h.db.kysely.selectFrom('admin_sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(cookie.split(';')[0]!.split('=')[1]);
  });

  it.skipIf(!available)('answers nothing but 401 without a session, and refuses changes without the CSRF token or from another site', async () => {
    await problem(await call(apps[0]!, 'GET', 'comments'), 401, 'unauthorized');
    await problem(await call(apps[0]!, 'GET', 'comments', {cookie: 'colloquy_admin=forged'}), 401, 'unauthorized');
    const {cookie, csrf} = await signIn();
    expect((await call(apps[1]!, 'GET', 'comments', {cookie})).status).toBe(200); // the other instance knows the session
    await problem(await call(apps[0]!, 'POST', 'comments/1/approve', {cookie}), 403, 'csrf_failed');
    await problem(await call(apps[0]!, 'POST', 'comments/1/approve', {cookie, csrf: 'x'.repeat(csrf.length)}), 403, 'csrf_failed');
    await problem(await call(apps[0]!, 'POST', 'comments/1/approve', {cookie, csrf, headers: {'Sec-Fetch-Site': 'cross-site'}}), 403, 'csrf_failed');
  });

  it.skipIf(!available)('shows held comments with why they wait, approves one for everyone, and records who did it', async () => {
    const {cookie, csrf} = await signIn();
    const postId = freshPostId();
    const held = (await (await postJson(apps[0]!, commentsPath(postId), aComment({body: 'held for review'}))).json()) as CreatedComment;
    expect(held.status).toBe('pending');
    const warm = (await (await apps[0]!.request(commentsPath(postId))).json()) as ThreadPage; // cached on the first instance
    expect(warm.comments).toEqual([]);
    const queue = (await (await call(apps[1]!, 'GET', `comments?status=queue&post=${encodeURIComponent(postId)}`, {cookie})).json()) as
      {comments: {id: string; heldFor: string; author: {email: string}}[]; queue: number};
    expect(queue.comments).toMatchObject([{id: held.id, heldFor: 'every comment waits on this site', author: {email: 'ada@example.org'}}]);
    expect(queue.queue).toBeGreaterThanOrEqual(1);
    expect((await call(apps[0]!, 'POST', `comments/${held.id}/approve`, {cookie, csrf})).status).toBe(204);
    const page = (await (await apps[0]!.request(commentsPath(postId))).json()) as ThreadPage;
    expect(page.comments.map((c) => c.id)).toEqual([held.id]);
    const log = (await (await call(apps[0]!, 'GET', 'log', {cookie})).json()) as {entries: {actor: string; action: string; commentId: string}[]};
    expect(log.entries.find((e) => e.commentId === held.id)).toMatchObject({actor: 'owner', action: 'approve'});
    await problem(await call(apps[0]!, 'POST', 'comments/99999999/approve', {cookie, csrf}), 404, 'not_found');
    await problem(await call(apps[0]!, 'POST', 'comments/abc/approve', {cookie, csrf}), 404, 'not_found');
  });

  it.skipIf(!available)('edits a comment, and closes a post so that its thread says so at once', async () => {
    const {cookie, csrf} = await signIn();
    const postId = freshPostId();
    const held = (await (await postJson(apps[0]!, commentsPath(postId), aComment())).json()) as CreatedComment;
    await problem(await call(apps[0]!, 'PATCH', `comments/${held.id}`, {cookie, csrf, body: {body: '   '}}), 422, 'invalid_field');
    expect((await call(apps[0]!, 'PATCH', `comments/${held.id}`, {cookie, csrf, body: {body: 'tidied, *gently*'}})).status).toBe(204);
    // The body is rendered again with the edit, for readers once it is approved.
    const stored = await h.db.kysely.selectFrom('comments').select('body_html').where('id', '=', Number(held.id)).executeTakeFirstOrThrow();
    expect(stored.body_html).toBe('<p>tidied, <em>gently</em></p>\n');
    expect((await apps[0]!.request(commentsPath(postId))).status).toBe(200); // warm the cache
    const put = await call(apps[0]!, 'PUT', `posts/${encodeURIComponent(postId)}`, {cookie, csrf, body: {closed: true, moderation: 'none'}});
    expect(await put.json()).toEqual({closed: true, moderation: 'none'});
    expect(((await (await apps[0]!.request(commentsPath(postId))).json()) as ThreadPage).closed).toBe(true);
    expect((await postJson(apps[0]!, commentsPath(postId), aComment())).status).toBe(403);
    await problem(await call(apps[0]!, 'PUT', `posts/${encodeURIComponent(postId)}`, {cookie, csrf, body: {moderation: 'some'}}), 422, 'invalid_field');
    const [row] = (await (await call(apps[0]!, 'GET', `comments?post=${encodeURIComponent(postId)}`, {cookie})).json() as {comments: {body: string}[]}).comments;
    expect(row!.body).toBe('tidied, *gently*');
  });

  it.skipIf(!available)('limits sign-in attempts per network across instances, with Retry-After, before checking the password', async () => {
    await awayFromWindowEdge(SIGN_IN_LIMITS.windowMs);
    const network = {'X-Forwarded-For': '192.0.2.77'};
    for (let i = 0; i < SIGN_IN_LIMITS.perNetwork; i++) {
      await problem(await call(apps[i % 2]!, 'POST', 'session', {body: {user: 'owner', password: `guess ${i}`}, headers: network}), 401, 'unauthorized');
    }
    const limited = await call(apps[0]!, 'POST', 'session', {body: {user: 'owner', password: PASSWORD}, headers: {'X-Forwarded-For': '192.0.2.78'}});
    await problem(limited.clone(), 429, 'rate_limited'); // the same /24: the right password waits too
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(apps[1]!, 'POST', 'session', {body: {user: 'owner', password: PASSWORD}, headers: {'X-Forwarded-For': '198.51.100.1'}})).status).toBe(200);
    // No address is stored: keys hold salted hashes only.
    const keys = (await h.db.kysely.selectFrom('rate_limits').select('key').execute()).map((r) => r.key).join(' ');
    expect(keys).not.toContain('192.0.2');
  });

  it.skipIf(!available)('signs out: the session ends on every instance', async () => {
    const {cookie, csrf} = await signIn();
    expect((await call(apps[0]!, 'DELETE', 'session', {cookie, csrf})).status).toBe(204);
    expect(await (await call(apps[1]!, 'GET', 'session', {cookie})).json()).toEqual({user: null});
    await problem(await call(apps[1]!, 'GET', 'log', {cookie}), 401, 'unauthorized');
  });

  it.skipIf(!available)('is off when no password is configured', async () => {
    const off = createApp({store: h.store, allowedOrigins: ['*'], admin: adminOn(h.db, new Map())});
    await problem(await call(off, 'POST', 'session', {body: {user: 'admin', password: ''}}), 404, 'not_found');
  });
});
