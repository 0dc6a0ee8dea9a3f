import {Hono, type Context} from 'hono';
import {bodyLimit} from 'hono/body-limit';
import {methodNotAllowed} from 'hono/method-not-allowed';
import {requestId} from 'hono/request-id';

import {
  API_PREFIX, isValidPostId, LIMITS, OPENAPI, ORDERS, parseNewComment, PROBLEM_CONTENT_TYPE, problem,
  type Order,
} from './protocol.js';
import {apiCors} from './cors.js';
import {DatabaseUnavailableError} from './db.js';
import {describeError, log} from './log.js';
import {ProblemError} from './problem-error.js';
import {ReadCache} from './read-cache.js';
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
}

/** Short enough that a new comment shows within seconds, long enough that a CDN absorbs a crowd. */
export const DEFAULT_CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=60';

/** Builds the app without listening: tests call `app.request()`, `main.ts` decides how to serve. */
export function createApp({store, allowedOrigins, extend, cache = new ReadCache(), cacheControl = DEFAULT_CACHE_CONTROL}: AppOptions): Hono {
  const app = new Hono();
  /** A cacheable read: from memory when warm; 304 when the client already holds these bytes. */
  const cachedRead = async (c: Context, key: string, posts: readonly string[], produce: () => Promise<unknown>) => {
    const body = await cache.get(key, posts, produce);
    // Worth compressing past a kilobyte; the compressed bytes are kept with the cached answer. A
    // strong ETag names exact bytes, so the gzipped answer has its own; either revalidates.
    const gzip = body.bytes.byteLength > 1024 && /\bgzip\b/i.test(c.req.header('Accept-Encoding') ?? '');
    const gzipEtag = `${body.etag.slice(0, -1)}-gz"`;
    c.header('ETag', gzip ? gzipEtag : body.etag);
    c.header('Cache-Control', cacheControl);
    c.header('Vary', 'Accept-Encoding', {append: true});
    if (matchesEtag(c.req.header('If-None-Match'), [body.etag, gzipEtag])) return c.body(null, 304);
    c.header('Content-Type', 'application/json');
    if (!gzip) return c.body(body.bytes as Uint8Array<ArrayBuffer>, 200);
    c.header('Content-Encoding', 'gzip');
    return c.body(body.gzipped() as Uint8Array<ArrayBuffer>, 200);
  };

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

  // For load balancers and orchestrators: 200 only when the database answers, else 503 with Retry-After.
  app.get('/healthz', async (c) => {
    await store.ping();
    return c.text('ok');
  });

  app.get(`${API_PREFIX}/posts/:postId/comments`, async (c) => {
    const postId = postIdOf(c);
    const order = c.req.query('order') ?? 'oldest';
    if (!(ORDERS as readonly string[]).includes(order)) {
      invalidRequest('order', `The order must be one of: ${ORDERS.join(', ')}.`);
    }
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? LIMITS.pageSizeDefault : Number(limitText);
    if (!/^\d+$/.test(limitText ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > LIMITS.pageSizeMax) {
      invalidRequest('limit', `The limit must be a whole number from 1 to ${LIMITS.pageSizeMax}.`);
    }
    const cursor = c.req.query('cursor');
    return cachedRead(c, JSON.stringify(['thread', postId, order, limit, cursor ?? null]), [postId],
      () => store.list(postId, {order: order as Order, limit, ...(cursor === undefined ? {} : {cursor})}));
  });

  app.post(
    `${API_PREFIX}/posts/:postId/comments`,
    bodyLimit({
      maxSize: LIMITS.requestMaxBytes,
      onError: () => {
        throw new ProblemError('payload_too_large', `The request body must be at most ${LIMITS.requestMaxBytes} bytes.`);
      },
    }),
    async (c) => {
      const postId = postIdOf(c);
      const idempotencyKey = c.req.header('Idempotency-Key');
      if (idempotencyKey !== undefined && !isIdempotencyKey(idempotencyKey)) {
        invalidRequest('Idempotency-Key', `The Idempotency-Key must be 1 to ${LIMITS.idempotencyKeyMaxLength} visible ASCII characters.`);
      }
      if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(c.req.header('Content-Type') ?? '')) {
        throw new ProblemError('unsupported_media_type', 'Send the comment as JSON, with Content-Type: application/json.');
      }
      let json: unknown;
      try {
        json = JSON.parse(await c.req.text());
      } catch {
        throw new ProblemError('invalid_json', 'The request body is not valid JSON.');
      }
      const parsed = parseNewComment(json);
      if (!parsed.ok) throw new ProblemError('invalid_field', 'A field is invalid.', parsed.errors);

      const {comment, replayed} = await store.add(postId, parsed.value, idempotencyKey);
      cache.invalidate(postId);
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(comment, 201);
    },
  );

  app.get(`${API_PREFIX}/counts`, async (c) => {
    const postIds = [...new Set(c.req.queries('post') ?? [])];
    if (postIds.length === 0) invalidRequest('post', 'Name at least one post: ?post=<id>.');
    if (postIds.length > LIMITS.countsMaxPosts) invalidRequest('post', `Ask for at most ${LIMITS.countsMaxPosts} posts at once.`);
    const bad = postIds.find((id) => !isValidPostId(id));
    if (bad !== undefined) invalidRequest('post', `Post IDs are 1 to ${LIMITS.postIdMaxLength} characters without control characters.`);
    const sorted = [...postIds].sort();
    return cachedRead(c, JSON.stringify(['counts', ...sorted]), sorted, () => store.counts(sorted));
  });

  // Answered, not thrown: methodNotAllowed turns this 404 into a 405 when the path exists.
  app.all(`${API_PREFIX}/*`, (c) =>
    problemResponse(c, new ProblemError('not_found', 'No such protocol route; see /api/v1/openapi.json.')));

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

function problemResponse(c: Context, error: ProblemError): Response {
  const body = problem(error.code, error.message, error.errors);
  c.header('Content-Type', PROBLEM_CONTENT_TYPE);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.body(JSON.stringify(body), body.status as 400);
}

/** `If-None-Match` compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`, and `*` matches anything. */
function matchesEtag(header: string | undefined, etags: readonly string[]): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || etags.includes(trimmed.replace(/^W\//, ''));
  });
}

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

function invalidRequest(field: string, detail: string): never {
  throw new ProblemError('invalid_request', detail, [{field, detail}]);
}

function postIdOf(c: Context): string {
  const postId = c.req.param('postId') ?? ''; // Hono has already percent-decoded it
  if (!isValidPostId(postId)) {
    invalidRequest('postId', `The post ID must be 1 to ${LIMITS.postIdMaxLength} characters without control characters.`);
  }
  return postId;
}

function isIdempotencyKey(value: string): boolean {
  return value.length >= 1 && value.length <= LIMITS.idempotencyKeyMaxLength && /^[\x21-\x7E]+$/.test(value);
}
