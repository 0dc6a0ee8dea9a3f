import {describe, expect, it, vi} from 'vitest';

import {isHashedChunk} from '../../server/src/assets.js';
import {createApp} from '../../server/src/app.js';
import {ChangeFeed} from '../../server/src/changes.js';
import type {CommentStore} from '../../server/src/store/comments.js';
import {outageStore} from './helpers.js';

// A store that fails as a broken database would, with messages that quote what the commenter sent
// (as database and parser errors do): a fault the real one cannot produce on demand.
const PERSONAL = ['ada@example.org', 'Ada Quill', 'my secret comment', '/private/post'];
const quoting = () => Object.assign(
  new Error('duplicate key value violates unique constraint: Key (author_email)=(ada@example.org), body my secret comment'),
  {code: '23505', detail: 'Ada Quill', parameters: PERSONAL});
const brokenStore = {
  changes: new ChangeFeed(),
  list: () => Promise.reject(quoting()),
  add: () => Promise.reject(new TypeError('Cannot read "Ada Quill" of /private/post', {cause: quoting()})),
  counts: () => Promise.reject(quoting()),
  ping: () => Promise.reject(quoting()),
} as unknown as CommentStore;

/** Runs `work` with the server's log lines captured instead of printed. */
async function capturingLog(work: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return lines.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createApp', () => {
  it('answers an internal failure with a problem document and no internals, and logs no personal data', async () => {
    const app = createApp({store: brokenStore, allowedOrigins: ['*']});
    const requestIds: string[] = [];
    const lines = await capturingLog(async () => {
      for (const [path, init] of [
        ['/api/v1/posts/%2Fprivate%2Fpost/comments', {}],
        ['/api/v1/posts/%2Fprivate%2Fpost/comments', {method: 'POST', headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({author: {name: 'Ada Quill', email: 'ada@example.org'}, body: 'my secret comment'})}],
        ['/api/v1/counts?post=%2Fprivate%2Fpost', {}],
      ] as const) {
        const res = await app.request(path, init);
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        const text = await res.text();
        expect(JSON.parse(text)).toMatchObject({code: 'internal', status: 500});
        expect(text).not.toMatch(/secret|stack|at |Ada|23505/);
        requestIds.push(res.headers.get('x-request-id')!);
        expect(text).toContain(requestIds.at(-1));
      }
    });
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.requestId)).toEqual(requestIds);
    expect(lines[0]).toMatchObject({level: 'error', event: 'request.failed', method: 'GET', route: '/api/v1/posts/:postId/comments', errorCode: '23505'});
    expect(lines[1]).toMatchObject({errorName: 'TypeError', cause: {errorCode: '23505'}});
    const logged = JSON.stringify(lines);
    for (const value of PERSONAL) expect(logged).not.toContain(value);
  });

  it('fails /healthz while the database does not answer', async () => {
    const lines = await capturingLog(async () => {
      const res = await createApp({store: brokenStore, allowedOrigins: ['*']}).request('/healthz');
      expect(res.status).toBe(500);
    });
    expect(lines).toHaveLength(1);
  });

  it('answers 503 with Retry-After while the database is unreachable, on every route and /healthz', async () => {
    const app = createApp({store: outageStore(), allowedOrigins: ['*']});
    const lines = await capturingLog(async () => {
      for (const [path, init] of [
        ['/api/v1/posts/p/comments', {}],
        ['/api/v1/posts/p/comments', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{"author":{"name":"A"},"body":"b"}'}],
        ['/api/v1/counts?post=p', {}],
        ['/healthz', {}],
      ] as const) {
        const res = await app.request(path, init);
        expect(res.status, path).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await res.json()).toMatchObject({code: 'unavailable', status: 503});
      }
    });
    expect(lines.map((l) => l.event)).toEqual(Array(4).fill('db.unavailable'));
  });

  it('answers a known path with an unsupported method with 405 and Allow', async () => {
    const app = createApp({store: brokenStore, allowedOrigins: ['*']});
    for (const [method, path, allow] of [
      ['DELETE', '/api/v1/posts/p/comments', ['GET', 'HEAD', 'POST']],
      ['PUT', '/api/v1/posts/p/comments', ['GET', 'HEAD', 'POST']],
      ['PATCH', '/api/v1/counts', ['GET', 'HEAD']],
      ['POST', '/api/v1/counts', ['GET', 'HEAD']],
      ['POST', '/api/v1/openapi.json', ['GET', 'HEAD']],
      ['DELETE', '/healthz', ['GET', 'HEAD']],
    ] as const) {
      const res = await app.request(path, {method});
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('allow')?.split(', ').sort()).toEqual([...allow].sort());
      expect(await res.json()).toMatchObject({code: 'method_not_allowed', status: 405});
    }
  });

  it('refuses malformed percent-escapes anywhere in an API URL, so no two spellings name one post', async () => {
    const app = createApp({store: brokenStore, allowedOrigins: ['*']});
    for (const path of ['/api/v1/posts/%/comments', '/api/v1/posts/a%2/comments', '/api/v1/posts/%zz/comments',
      '/api/v1/posts/%C3/comments', '/api/v1/posts/%ED%A0%80/comments', '/api/v1/posts/%FF/comments',
      '/api/v1/posts/p/comments?cursor=%', '/api/v1/counts?post=%E0%A4%A', '/api/v1/counts?%=x']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({code: 'invalid_request', field: 'url'});
    }
  });

  it('answers unknown routes with a not_found problem', async () => {
    const app = createApp({store: brokenStore, allowedOrigins: ['*']});
    for (const path of ['/api/v1/nope', '/api/v2/posts/p/comments', '/nothing']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({code: 'not_found'});
    }
  });

  it('allows any origin by default, without credentials', async () => {
    const app = createApp({store: brokenStore, allowedOrigins: ['*']});
    const preflight = await app.request('/api/v1/posts/p/comments', {method: 'OPTIONS', headers: {
      Origin: 'https://blog.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key',
    }});
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('allows only the listed origins when ALLOWED_ORIGINS is set', async () => {
    const app = createApp({store: brokenStore, allowedOrigins: ['https://blog.example.com']});
    const ask = (origin: string) => app.request('/api/v1/posts/p/comments', {method: 'OPTIONS', headers: {
      Origin: origin, 'Access-Control-Request-Method': 'POST'}});
    expect((await ask('https://blog.example.com')).headers.get('access-control-allow-origin')).toBe('https://blog.example.com');
    expect((await ask('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('isHashedChunk', () => {
  it('marks the embed\'s hashed chunks as unchanging, and never an entry file', () => {
    for (const name of ['colloquy-shared-BN3eWD7V.js', 'colloquy-shared-D-ePkvzF.js', 'colloquy-own-comment-view-TRIYZLtF.js',
      'colloquy-define-_a1b2c3d.js', 'colloquy-markdown-1MRIMKM5.js.map']) expect(isHashedChunk(name), name).toBe(true);
    for (const name of ['colloquy.js', 'colloquy.iife.js', 'colloquy-app.js', 'colloquy-app.js.map', 'colloquy-shared.js',
      'colloquy-shared-BN3eWD7V.json', 'x-colloquy-shared-BN3eWD7V.js']) expect(isHashedChunk(name), name).toBe(false);
  });
});
