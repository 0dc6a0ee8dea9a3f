import type {Context} from 'hono';
import type * as v from 'valibot';

import {check, isValidPostId, LIMITS, PROBLEM_CONTENT_TYPE, problem} from './protocol.js';
import {ProblemError} from './problem-error.js';
import type {ReadCache} from './read-cache.js';

/** Answers with the protocol's problem document for `error`, with the headers it carries. */
export function problemResponse(c: Context, error: ProblemError): Response {
  const body = problem(error.code, error.message, error.errors);
  c.header('Content-Type', PROBLEM_CONTENT_TYPE);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.body(JSON.stringify(body), body.status as 400);
}

/** Refuses a bad URL parameter or header, naming it. */
export function invalidRequest(field: string, detail: string): never {
  throw new ProblemError('invalid_request', detail, [{field, detail, reason: 'format'}]);
}

/** The `limit` query parameter: `fallback` when absent, else a whole number from 1 to `max` (400 otherwise). */
export function limitOf(c: Context, fallback: number, max: number): number {
  const text = c.req.query('limit');
  const limit = text === undefined ? fallback : Number(text);
  if (!/^\d+$/.test(text ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > max) {
    invalidRequest('limit', `The limit must be a whole number from 1 to ${max}.`);
  }
  return limit;
}

/** The `:postId` path parameter, checked. */
export function postIdOf(c: Context): string {
  const postId = c.req.param('postId') ?? ''; // Hono has already percent-decoded it
  if (!isValidPostId(postId)) {
    invalidRequest('postId', `The post ID must be 1 to ${LIMITS.postIdMaxLength} characters without control characters.`);
  }
  return postId;
}

/** The request body as JSON, refusing any other media type and text that is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(c.req.header('Content-Type') ?? '')) {
    throw new ProblemError('unsupported_media_type', 'Send the request body as JSON, with Content-Type: application/json.');
  }
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw new ProblemError('invalid_json', 'The request body is not valid JSON.');
  }
}

/** The request body as JSON of `schema`'s shape; otherwise 422 `invalid_field`, saying `summary` and what each field lacks. */
export async function checkedBody<T>(c: Context, schema: v.GenericSchema<unknown, T>, summary: string): Promise<T> {
  const parsed = check(schema, await jsonBody(c));
  if (!parsed.ok) throw new ProblemError('invalid_field', summary, parsed.errors);
  return parsed.value;
}

/** Answers a cacheable read: from memory when warm, 304 when the client already holds these bytes. */
export type CachedRead = (c: Context, key: string, posts: readonly string[], produce: () => Promise<unknown>) => Promise<Response>;

export function cachedReads(cache: ReadCache, cacheControl: string): CachedRead {
  return async (c, key, posts, produce) => {
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
}

/** `If-None-Match` compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`, and `*` matches anything. */
function matchesEtag(header: string | undefined, etags: readonly string[]): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || etags.includes(trimmed.replace(/^W\//, ''));
  });
}
