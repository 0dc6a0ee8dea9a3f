import {Hono} from 'hono';
import {methodNotAllowed} from 'hono/method-not-allowed';
import {requestId} from 'hono/request-id';

import {API_PREFIX, OPENAPI} from './protocol.js';
import {apiCors} from './cors.js';
import {DatabaseUnavailableError} from './db.js';
import {cachedReads, invalidRequest, problemResponse} from './http.js';
import {describeError, log} from './log.js';
import {ProblemError} from './problem-error.js';
import {EXPORT_JSON_SCHEMA} from './export/schema.js';
import {ReadCache} from './read-cache.js';
import {mountAdminPage} from './admin/page.js';
import {adminRoutes, type AdminOptions} from './routes/admin.js';
import {challengeRoutes, type ProofOptions} from './routes/challenge.js';
import {countRoutes} from './routes/counts.js';
import type {RateLimits} from './store/rate-limits.js';
import {threadRoutes} from './routes/threads.js';
import type {ScreeningOptions} from './spam/screen.js';
import type {Notifier} from './notify/notifier.js';
import type {CommentStore} from './store/comments.js';

export interface AppOptions {
  readonly store: CommentStore;
  /** Origins whose pages may call the API; `['*']` allows any (the API uses no cookies). */
  readonly allowedOrigins: readonly string[];
  /** Extra routes (the widget files, the demo) mounted after the API. */
  readonly extend?: (app: Hono) => void;
  /** Hot thread pages and counts; the app drops a post's answers when it stores a comment there. */
  readonly cache?: ReadCache;
  /** `Cache-Control` of thread and count answers, for browsers, CDNs and reverse proxies. */
  readonly cacheControl?: string;
  /** Spam screening of new comments (rate limits, bans, signals); absent, none. */
  readonly screening?: ScreeningOptions;
  /** Emails and webhooks to the owner about new comments. */
  readonly notifier?: Notifier;
  /** A proof of work asked of every new comment; absent or 0, none. */
  readonly proof?: ProofOptions & {readonly limits: RateLimits};
  /** The admin page and its API; absent, `/admin` is not served. */
  readonly admin?: AdminOptions;
}

/** Short enough that a new comment shows within seconds, long enough that a CDN absorbs a crowd. */
export const DEFAULT_CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=60';

/** Builds the app without listening: tests call `app.request()`, `main.ts` decides how to serve. */
export function createApp({store, allowedOrigins, extend, cache = cacheOf(store), cacheControl = DEFAULT_CACHE_CONTROL, admin, screening, notifier, proof}: AppOptions): Hono {
  const app = new Hono();
  // Every answer carries X-Request-Id (the caller's, when it sent a sane one); log lines quote it.
  app.use('*', requestId());
  // Set before the handler answers: a header added to a finished answer makes the Node adapter
  // rebuild and copy the whole body.
  app.use('*', async (c, next) => {
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });
  // A known path with an unsupported method is a 405 naming the methods it takes, not a 404.
  app.use('*', methodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) => problemResponse(c, new ProblemError('method_not_allowed',
      `This route takes ${methods.join(', ')}.`, undefined, {Allow: methods.join(', ')})),
  }));

  app.use(`${API_PREFIX}/*`, apiCors(allowedOrigins));

  // Hono decodes leniently: `%` and `%25` would name the same post, and `%C3` would pass as text.
  // Refusing every malformed escape up front makes that decoding exact.
  app.use(`${API_PREFIX}/*`, async (c, next) => {
    if (hasMalformedEscape(c.req.url)) {
      invalidRequest('url', 'The URL has a malformed percent-escape; encode "%" as "%25" and text as UTF-8.');
    }
    await next();
  });

  app.get(`${API_PREFIX}/openapi.json`, (c) => c.json(OPENAPI));
  app.get(`${API_PREFIX}/export.schema.json`, (c) => c.json(EXPORT_JSON_SCHEMA));

  // For load balancers and orchestrators: 200 only when the database answers, else 503 with Retry-After.
  app.get('/healthz', async (c) => {
    await store.ping();
    return c.text('ok');
  });

  const cachedRead = cachedReads(cache, cacheControl);
  app.route(API_PREFIX, threadRoutes({store, cachedRead, ...(screening ? {screening} : {}), ...(notifier ? {notifier} : {}),
    ...(proof ? {proof} : {})}));
  app.route(API_PREFIX, challengeRoutes(proof ?? {difficulty: 0}));
  app.route(API_PREFIX, countRoutes({store, cachedRead}));

  // Answered, not thrown: methodNotAllowed turns this 404 into a 405 when the path exists.
  app.all(`${API_PREFIX}/*`, (c) =>
    problemResponse(c, new ProblemError('not_found', 'No such protocol route; see /api/v1/openapi.json.')));

  if (admin) {
    app.route('/admin/api', adminRoutes(admin));
    mountAdminPage(app);
  }

  extend?.(app);

  app.notFound((c) => problemResponse(c, new ProblemError('not_found', 'Nothing here.')));

  // One place turns every failure into the protocol's error shape; nothing else leaks a stack trace.
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error);
    const where = {requestId: c.get('requestId'), method: c.req.method, route: c.req.routePath};
    if (error instanceof DatabaseUnavailableError) {
      log('warn', 'db.unavailable', {...where, ...describeError(error.cause)});
      return problemResponse(c, new ProblemError('unavailable', 'The comment database is not answering. Try again in a few seconds.',
        undefined, {'Retry-After': String(RETRY_AFTER_SECONDS)}));
    }
    log('error', 'request.failed', {...where, ...describeError(error)});
    return problemResponse(c, new ProblemError('internal',
      `Something went wrong on the server. Try again later (request ${c.get('requestId')}).`));
  });

  return app;
}

/** Seconds a client should wait before retrying while the database is away. */
const RETRY_AFTER_SECONDS = 5;

function hasMalformedEscape(rawUrl: string): boolean {
  const {pathname, search} = new URL(rawUrl);
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    for (const part of search.slice(1).split(/[&=]/)) decodeURIComponent(part.replace(/\+/g, ' '));
    return false;
  } catch {
    return true;
  }
}

/** A read cache that hears the store's own writes: enough for one process (the server builds its own with `readCacheFor`). */
function cacheOf(store: CommentStore): ReadCache {
  const cache = new ReadCache();
  store.changes.subscribe((change) => {
    if (change.visible) cache.invalidate(change.postId);
  });
  return cache;
}
