import {timingSafeEqual} from 'node:crypto';

import {Hono, type Context} from 'hono';
import {deleteCookie, getCookie, setCookie} from 'hono/cookie';

import {ADMIN_OPENAPI} from '../admin/openapi.js';
import {verifyPassword} from '../admin/passwords.js';
import {checkedBody, invalidRequest, jsonBody} from '../http.js';
import {ImportFileError} from '../import/errors.js';
import type {ImportSummary} from '../import/importer.js';
import {peekInput, type PeekedInput} from '../import/input.js';
import {POST_ID_RULES, type PostIdRule} from '../import/post-ids.js';
import {FORMATS, type Format} from '../import/records.js';
import type {RunOptions} from '../import/run.js';
import type {PeopleStore} from '../store/people.js';
import {hashNetwork, networkOf} from '../network.js';
import {ProblemError} from '../problem-error.js';
import {check, checkBody, isValidPostId} from '../protocol.js';
import type * as v from 'valibot';

import {BanRequestSchema, CommentEditSchema, PostSettingsChangeSchema, SignInSchema, TermsSchema, type ImportSummarySchema} from '../admin/schemas.js';
import {MODERATION_MODES, STORED_STATUSES, type StoredStatus} from '../schema.js';
import {SESSION_MS, type AdminSession, type AdminSessions} from '../store/admin-sessions.js';
import type {ModerationAction, ModerationStore} from '../store/moderation.js';
import type {RateLimits} from '../store/rate-limits.js';
import type {Secrets} from '../store/secrets.js';
import type {SpamStore} from '../store/spam.js';
import {requestBodyLimit} from './threads.js';

export interface AdminOptions {
  /** Who may sign in: user name → scrypt password hash. Empty: the admin page is off. */
  readonly users: ReadonlyMap<string, string>;
  readonly sessions: AdminSessions;
  readonly moderation: ModerationStore;
  readonly limits: RateLimits;
  readonly secrets: Secrets;
  readonly spam: SpamStore;
  /** Take the client's address from `X-Forwarded-For` (behind a reverse proxy that sets it). */
  readonly trustProxy: boolean;
  /** One person's data, for access and erasure requests. */
  readonly people: PeopleStore;
  /** Imports an uploaded file (see `importFile`). */
  readonly importFile: (input: PeekedInput, options: RunOptions) => Promise<ImportSummary>;
}

export const SESSION_COOKIE = 'colloquy_admin';
/** Sign-in attempts per network, and per user name, in a quarter of an hour. */
export const SIGN_IN_LIMITS = {perNetwork: 10, perUser: 100, windowMs: 15 * 60_000} as const;

// Verifying against this when the user is unknown takes as long as a real check: timing names no users.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

type Env = {Variables: {admin: AdminSession}};

/**
 * The admin API under `/admin/api`, for the admin page only: sign-in with a session cookie
 * (`HttpOnly`, `SameSite=Strict`, `Secure` over https), a CSRF token on every change, sign-in attempts
 * limited per network and per user in the database, and every moderation action recorded.
 */
export function adminRoutes(options: AdminOptions): Hono<Env> {
  const {users, sessions, moderation, limits, secrets, spam, trustProxy, people, importFile} = options;
  const routes = new Hono<Env>();

  routes.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (users.size === 0) throw new ProblemError('not_found', 'The admin page is off: set ADMIN_PASSWORD_HASH to turn it on.');
    await next();
  });
  // Browsers say where a request comes from: a change must come from this origin's own pages (on top
  // of the SameSite cookie and the CSRF token; a proxy in front may rewrite the host, not this header).
  routes.use('*', async (c, next) => {
    const site = c.req.header('Sec-Fetch-Site');
    if (!['GET', 'HEAD'].includes(c.req.method) && site !== undefined && site !== 'same-origin') {
      throw new ProblemError('csrf_failed', 'This request did not come from the admin page.');
    }
    await next();
  });

  routes.get('/openapi.json', (c) => c.json(ADMIN_OPENAPI));

  routes.post('/session', requestBodyLimit, async (c) => {
    // A malformed sign-in is a wrong one (401), counted against the limits like any other.
    const body = check(SignInSchema, await jsonBody(c));
    const {user, password} = body.ok ? body.value : {user: '', password: ''};
    const network = hashNetwork(networkOf(c, trustProxy), await secrets.get('network_secret'));
    for (const [key, limit] of [[`signin:net:${network}`, SIGN_IN_LIMITS.perNetwork], [`signin:user:${user.slice(0, 100)}`, SIGN_IN_LIMITS.perUser]] as const) {
      const verdict = await limits.hit(key, limit, SIGN_IN_LIMITS.windowMs);
      if (!verdict.allowed) {
        throw new ProblemError('rate_limited', 'Too many sign-in attempts. Wait a few minutes and try again.', undefined,
          {'Retry-After': String(verdict.retryAfterSeconds)});
      }
    }
    const hash = users.get(user);
    const ok = await verifyPassword(password.slice(0, 1024), hash ?? DUMMY_HASH) && hash !== undefined;
    if (!ok) throw new ProblemError('unauthorized', 'The user name or password is wrong.');
    const session = await sessions.create(user);
    setCookie(c, SESSION_COOKIE, session.id, {
      path: '/admin', httpOnly: true, sameSite: 'Strict', secure: isHttps(c, trustProxy), maxAge: SESSION_MS / 1000,
    });
    await moderation.record(user, 'sign-in');
    return c.json({user: session.user, csrf: session.csrf});
  });

  // Whether this browser is signed in: a question, so "no" is an answer, not an error.
  routes.get('/session', async (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? await sessions.get(id) : undefined;
    return c.json(session ? {user: session.user, csrf: session.csrf} : {user: null});
  });

  // Everything below needs a session; changes also need its CSRF token.
  routes.use('*', async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? await sessions.get(id) : undefined;
    if (!session) throw new ProblemError('unauthorized', 'Sign in first.');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameSecret(c.req.header('X-CSRF-Token') ?? '', session.csrf)) {
      throw new ProblemError('csrf_failed', 'This request did not come from the admin page. Reload it and try again.');
    }
    c.set('admin', session);
    await next();
  });

  routes.delete('/session', async (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) await sessions.delete(id);
    deleteCookie(c, SESSION_COOKIE, {path: '/admin', secure: isHttps(c, trustProxy)});
    return c.body(null, 204);
  });

  routes.get('/comments', async (c) => {
    const status = c.req.query('status') || undefined;
    if (status !== undefined && status !== 'queue' && !(STORED_STATUSES as readonly string[]).includes(status)) {
      throw new ProblemError('invalid_request', `The status must be queue or one of ${STORED_STATUSES.join(', ')}.`);
    }
    const before = c.req.query('before');
    const [comments, queue] = await Promise.all([
      moderation.list({
        ...(status ? {status: status as StoredStatus | 'queue'} : {}),
        ...(c.req.query('post') ? {postId: c.req.query('post')!} : {}),
        ...(c.req.query('author') ? {author: c.req.query('author')!.slice(0, 200)} : {}),
        ...(c.req.query('text') ? {text: c.req.query('text')!.slice(0, 200)} : {}),
        ...(before && /^\d{1,10}$/.test(before) ? {before: Number(before)} : {}),
      }),
      moderation.queueSize(),
    ]);
    return c.json({comments, queue});
  });

  routes.post('/comments/:id/:action{approve|reject|spam|delete}', async (c) => {
    await moderation.act(commentIdOf(c), c.req.param('action') as ModerationAction, c.get('admin').user);
    return c.body(null, 204);
  });

  routes.patch('/comments/:id', requestBodyLimit, async (c) => {
    const {body} = await checkedBody(c, CommentEditSchema, 'The comment text is invalid.');
    const verdict = checkBody(body.trim());
    if (!verdict.ok || verdict.value.length === 0) {
      throw new ProblemError('invalid_field', 'The comment text is invalid.', [{field: 'body', detail: 'Write the comment\'s text.', reason: 'format'}]);
    }
    await moderation.edit(commentIdOf(c), verdict.value, c.get('admin').user);
    return c.body(null, 204);
  });

  routes.get('/posts/:postId', async (c) => c.json(await moderation.post(adminPostId(c))));

  routes.put('/posts/:postId', requestBodyLimit, async (c) => {
    const postId = adminPostId(c);
    const change = await checkedBody(c, PostSettingsChangeSchema, `The moderation mode is one of ${MODERATION_MODES.join(', ')} or null, and closed is true or false.`);
    await moderation.setPost(postId, change, c.get('admin').user);
    return c.json(await moderation.post(postId));
  });

  routes.get('/log', async (c) => c.json({entries: await moderation.log(200)}));

  routes.get('/spam', async (c) => c.json({bans: await spam.bans(), terms: await spam.bannedTerms()}));

  routes.put('/spam/terms', requestBodyLimit, async (c) => {
    const {terms} = await checkedBody(c, TermsSchema, 'Send the banned terms as a list of short texts.');
    await spam.setBannedTerms(terms);
    await moderation.record(c.get('admin').user, 'banned terms', `${terms.length} terms`);
    return c.json({terms: await spam.bannedTerms()});
  });

  // Ban an email (typed by the owner) or the network a comment came from; either is kept hashed.
  routes.post('/bans', requestBodyLimit, async (c) => {
    const body = await checkedBody(c, BanRequestSchema,
      'Ban an email ({kind: "email", email}) or the network of a comment ({kind: "network", commentId}).');
    const note = body.note?.slice(0, 200) ?? null;
    const actor = c.get('admin').user;
    if (body.kind === 'email') {
      await spam.ban('email', await spam.key('email', body.email), actor, note);
      await moderation.record(actor, 'ban email', note);
    } else {
      const key = await spam.networkKeyOf(Number(body.commentId));
      if (!key) throw new ProblemError('not_found', 'The network of this comment is no longer known (it is kept for 30 days).');
      await spam.ban('network', key, actor, note);
      await moderation.record(actor, 'ban network', `of comment ${body.commentId}${note ? `: ${note}` : ''}`);
    }
    return c.json({bans: await spam.bans()});
  });

  // An export from another system, uploaded as the request body (gzipped or not) and read as it arrives.
  routes.post('/import', async (c) => {
    const query = (name: string) => c.req.query(name);
    const format = query('format') || undefined;
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) invalidRequest('format', `The format is one of ${FORMATS.join(', ')}.`);
    const rule = query('postId') ?? 'path';
    if (!(POST_ID_RULES as readonly string[]).includes(rule)) invalidRequest('postId', `The post ID rule is one of ${POST_ID_RULES.join(', ')}.`);
    const source = query('source')?.slice(0, 200) || undefined;
    if (!c.req.raw.body) invalidRequest('body', 'Send the file as the request body.');
    const input = await peekInput(c.req.raw.body as unknown as AsyncIterable<Uint8Array>);
    const summary = await importFile(input, {
      ...(format ? {format: format as Format} : {}), ...(source ? {source} : {}),
      postIdRule: rule as PostIdRule, dryRun: query('dryRun') === '1', keepSpam: query('keepSpam') === '1', pingbacks: query('pingbacks') === '1',
    }).catch((error: unknown) => {
      if (error instanceof ImportFileError) {
        throw new ProblemError('invalid_request', `The file cannot be imported: ${error.message}`);
      }
      throw error;
    });
    if (!summary.dryRun) {
      const {published, pending, hidden} = summary.imported;
      await moderation.record(c.get('admin').user, 'import', `${format ?? 'file'}: ${published} published, ${pending} held, ${hidden} hidden`);
    }
    return c.json(summary satisfies v.InferInput<typeof ImportSummarySchema>);
  });

  // One person's data, by their email address: an access request (GET) and an erasure request (DELETE).
  routes.get('/people', async (c) => c.json(await people.find(personEmail(c))));

  routes.delete('/people', async (c) => {
    const erased = await people.erase(personEmail(c), c.get('admin').user);
    return c.json({comments: erased.comments, tombstones: erased.tombstones});
  });

  routes.delete('/bans/:id', async (c) => {
    await spam.unban(c.req.param('id'));
    await moderation.record(c.get('admin').user, 'unban', null);
    return c.json({bans: await spam.bans()});
  });

  return routes;
}

function commentIdOf(c: Context): number {
  const text = c.req.param('id') ?? '';
  const id = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 0;
  if (id <= 0 || id >= 2 ** 31) throw new ProblemError('not_found', 'There is no such comment.');
  return id;
}

function personEmail(c: Context): string {
  const email = c.req.query('email')?.trim() ?? '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) invalidRequest('email', 'Give the email address to look for.');
  return email;
}

function adminPostId(c: Context): string {
  const postId = c.req.param('postId') ?? '';
  if (!isValidPostId(postId)) throw new ProblemError('invalid_request', 'The post ID is not valid.');
  return postId;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isHttps(c: Context, trustProxy: boolean): boolean {
  return new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('X-Forwarded-Proto') === 'https');
}
