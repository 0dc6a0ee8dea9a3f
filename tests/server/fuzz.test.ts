import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {FIELD_REASONS, LIMITS, type ThreadPage} from '../../server/src/protocol.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

// Anything that would tell an attacker how the server is built: stack frames, SQL, driver names.
// SQL within one JSON string (the OpenAPI document speaks of deleting, updating and selecting in prose).
const LEAK = /\bat [\w.<>]+ \(|\.(?:ts|js):\d+|\bSELECT\b[^"]*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|postgres|sqlite|syntax error|TypeError|RangeError/i;

const controls = fc.constantFrom(...Array.from({length: 32}, (_, i) => String.fromCharCode(i)), '\x7f', '\x85', '\u009b',
  '\u2028', '\u2029', '\u202e', '\u2066', '\u200b', '\ufeff', '\ud800', '\udfff', '\ufffe', '\u{10ffff}', '\u3164');
/** Text that mixes ordinary characters with every class of control and oddity. */
const hostileText = fc.array(fc.oneof(fc.string({maxLength: 8}), controls, fc.string({unit: 'binary', maxLength: 4})), {maxLength: 12})
  .map((parts) => parts.join(''));

const deepJson = fc.integer({min: 1, max: 20_000}).chain((depth) =>
  fc.constantFrom('[', '{"a":').map((open) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`));

const jsonValue = fc.oneof(fc.jsonValue({maxDepth: 4}), hostileText, fc.constant(null));
const newComment = fc.record({
  parentId: fc.option(fc.oneof(hostileText, fc.constantFrom('1', '0', '-1', '2147483648', '99999999999', '1e3', ' 1'), fc.integer()), {nil: undefined}),
  author: fc.oneof(
    fc.record({name: fc.oneof(hostileText, jsonValue), email: fc.option(fc.oneof(hostileText, jsonValue), {nil: undefined}),
      url: fc.option(fc.oneof(hostileText, jsonValue, fc.constantFrom('https://a.example/\u0000', 'javascript:alert(1)', 'https://u:p@a.example')), {nil: undefined})},
    {requiredKeys: []}),
    jsonValue,
  ),
  body: fc.oneof(hostileText, jsonValue, fc.string({minLength: LIMITS.bodyMaxLength - 2, maxLength: LIMITS.bodyMaxLength + 2})),
}, {requiredKeys: []});
/** A comment that is valid but for one field, which carries a hostile character somewhere inside a valid value. */
const insertInto = (valid: string) => fc.tuple(fc.nat({max: valid.length}), fc.oneof(controls, hostileText))
  .map(([at, bad]) => valid.slice(0, at) + bad + valid.slice(at));
const oneBadField = fc.oneof(
  insertInto('Ada Quill').map((name) => ({author: {name}, body: 'hello'})),
  insertInto('ada@example.org').map((email) => ({author: {name: 'Ada', email}, body: 'hello'})),
  insertInto('https://ada.example/path').map((url) => ({author: {name: 'Ada', url}, body: 'hello'})),
  insertInto('hello **world**').map((body) => ({author: {name: 'Ada'}, body})),
  insertInto('12').map((parentId) => ({parentId, author: {name: 'Ada'}, body: 'hello'})),
);
const protoPollution = fc.constantFrom(
  '{"__proto__":{"admin":true},"author":{"name":"a"},"body":"b"}',
  '{"author":{"name":"a","__proto__":{"email":"x@y.z"}},"body":"b","constructor":{"prototype":{"x":1}}}',
  '{"author":{"name":"a"},"body":"b","parentId":{"__proto__":null}}',
);
const requestBody = fc.oneof(
  newComment.map((c) => JSON.stringify(c)),
  oneBadField.map((c) => JSON.stringify(c)),
  oneBadField.map((c) => JSON.stringify(c)),
  jsonValue.map((v) => JSON.stringify(v) ?? ''),
  fc.string({maxLength: 200}),
  fc.string({unit: 'binary', maxLength: 200}),
  deepJson,
  protoPollution,
  fc.integer({min: LIMITS.requestMaxBytes - 10, max: LIMITS.requestMaxBytes * 3}).map((n) => `{"author":{"name":"a"},"body":"${'x'.repeat(n)}"}`),
);

/** A post ID as it appears in a URL: well encoded, raw, or with broken escapes. */
const postSegment = fc.oneof(
  hostileText.map((t) => encodeURIComponent(t.replace(/[\ud800-\udfff]/g, 'x'))),
  fc.constantFrom('%', '%25', '%2', '%zz', '%C3', '%ED%A0%80', '%FF', '%00', '%0A', '..', '.', '%2E%2E', '%2F', 'a%2Fb',
    'x'.repeat(LIMITS.postIdMaxLength + 1), encodeURIComponent('é'.repeat(200))),
  fc.string({unit: 'grapheme-ascii', maxLength: 30}).map((s) => s.replace(/[/?#]/g, '')),
);
/** Cursors a client could forge: well-formed JSON with dates JavaScript parses and SQL may not, with or without a MAC. */
const forgedCursor = fc.tuple(
  fc.oneof(
    fc.date({noInvalidDate: false}).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
    fc.constantFrom('2026', '0', '2026-02-30T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00.000Z',
      '2026-02-30', '2026-01-01T25:00:00Z', 'Tue, 31 Feb 2026 10:00:00 GMT', '1e400'),
    fc.integer().map(String),
    jsonValue,
  ),
  fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53), jsonValue),
  fc.option(fc.base64String({minLength: 20, maxLength: 24}), {nil: undefined}),
).map(([date, id, mac]) => {
  const payload = Buffer.from(JSON.stringify([date, id])).toString('base64url');
  return encodeURIComponent(mac === undefined ? payload : `${payload}.${mac}`);
});
const queryValue = fc.oneof(
  forgedCursor,hostileText.map((t) => encodeURIComponent(t.replace(/[\ud800-\udfff]/g, 'x'))),
  fc.constantFrom('%', '%zz', '', 'newest', 'oldest', '0', '100', '101', '1e2', '-1', 'NaN', 'x'.repeat(5000)));
const query = fc.array(fc.tuple(fc.constantFrom('order', 'limit', 'cursor', 'cursor', 'post', 'x', '__proto__'), queryValue), {maxLength: 4})
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
const path = fc.oneof(
  fc.tuple(postSegment, query).map(([id, q]) => `/api/v1/posts/${id}/comments${q}`),
  query.map((q) => `/api/v1/counts${q}`),
  fc.tuple(postSegment, postSegment).map(([a, b]) => `/api/v1/${a}/${b}`),
  fc.tuple(postSegment, fc.oneof(postSegment, fc.constantFrom('1', '2', '0', '-1', '2147483648', '1e3', ' 1'))).map(([a, b]) => `/api/v1/posts/${a}/comments/${b}`),
  postSegment.map((id) => `/api/v1/posts/${id}/own-comments`),
  fc.constantFrom('/api/v1/openapi.json', '/healthz', '/api/v1/posts//comments', '/api/v1/posts/p/comments/1'),
);
const headerValue = fc.string({unit: 'grapheme-ascii', maxLength: 40});
const exchange = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  path,
  body: requestBody,
  contentType: fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/merge-patch+json',
    'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''), headerValue),
  idempotencyKey: fc.option(fc.oneof(headerValue, fc.constant('x'.repeat(200))), {nil: undefined}),
  authorization: fc.option(fc.oneof(headerValue, headerValue.map((t) => `Bearer ${t}`), fc.constant(`Bearer ${'x'.repeat(200)}`)), {nil: undefined}),
  origin: fc.option(fc.constantFrom('https://evil.example', 'null', 'http://localhost'), {nil: undefined}),
});

describe.each(DATABASES)('fuzzing the HTTP API on $name', ({url, available}) => {
  let h: Harness;
  let postId: string;
  let before: ThreadPage;
  beforeAll(async () => {
    if (!available) return;
    h = await openHarness(url);
    postId = freshPostId('fuzz');
    const root = await postJson(h.app, commentsPath(postId), aComment());
    const rootId = ((await root.json()) as {id: string}).id;
    await postJson(h.app, commentsPath(postId), aComment({parentId: rootId, body: 'a reply'}));
    before = (await (await h.app.request(commentsPath(postId))).json()) as ThreadPage;
  });
  afterAll(async () => {
    await h?.db.close();
  });

  /** What every answer must be: no 5xx, nothing leaked, API errors as problem documents. */
  async function expectSound(method: string, path: string, res: Response): Promise<void> {
    const text = await res.text();
    expect(res.status, `${method} ${path.slice(0, 200)} → ${text.slice(0, 300)}`).toBeLessThan(500);
    expect(text).not.toMatch(LEAK);
    if (res.status >= 400 && method !== 'HEAD') {
      expect(res.headers.get('content-type'), `${method} ${path.slice(0, 200)}`).toBe('application/problem+json');
      const problem = JSON.parse(text) as {code: string; status: number; errors?: {reason?: string}[]};
      expect(problem.status).toBe(res.status);
      expect(problem.code).toMatch(/^[a-z_]+$/);
      // Every field error says why in a word a client can phrase.
      for (const error of problem.errors ?? []) expect(FIELD_REASONS).toContain(error.reason);
    }
  }

  it.skipIf(!available)('answers any method, path, query, header and body without a 5xx or a leak', async () => {
    await fc.assert(fc.asyncProperty(exchange, async ({method, path, body, contentType, idempotencyKey, authorization, origin}) => {
      const headers: Record<string, string> = {};
      if (authorization !== undefined) headers.Authorization = authorization;
      if (contentType) headers['Content-Type'] = contentType;
      if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
      if (origin) headers.Origin = origin;
      const hasBody = !['GET', 'HEAD'].includes(method);
      await expectSound(method, path, await h.app.request(path, {method, headers, ...(hasBody ? {body} : {})}));
    }), {numRuns: 500});
  });

  it.skipIf(!available)('answers comments with one hostile field, and hostile JSON, with 201 or a 4xx problem', async () => {
    const body = fc.oneof(oneBadField.map((c) => JSON.stringify(c)), newComment.map((c) => JSON.stringify(c)), protoPollution, deepJson);
    await fc.assert(fc.asyncProperty(body, fc.option(headerValue, {nil: undefined}), async (json, key) => {
      const path = commentsPath(freshPostId('fuzz'));
      const res = await postJson(h.app, path, json, key === undefined ? {} : {'Idempotency-Key': key});
      await expectSound('POST', path, res);
    }), {numRuns: 500});
  });

  it.skipIf(!available)('answers forged and mangled cursors with 400, never 5xx', async () => {
    await fc.assert(fc.asyncProperty(forgedCursor, fc.constantFrom('oldest', 'newest'), async (cursor, order) => {
      const path = commentsPath(postId, `?order=${order}&cursor=${cursor}`);
      const res = await h.app.request(path);
      expect(res.status).toBe(400);
      await expectSound('GET', path, res);
    }), {numRuns: 300});
  });

  it.skipIf(!available)('stays healthy, with earlier comments intact', async () => {
    expect((await h.app.request('/healthz')).status).toBe(200);
    const after = (await (await h.app.request(commentsPath(postId))).json()) as ThreadPage;
    expect(after).toEqual(before);
  });
});
