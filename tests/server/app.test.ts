import {describe, expect, it, vi} from 'vitest';

import {createApp} from '../../server/src/app.js';
import type {CommentStore} from '../../server/src/store/comments.js';

// A store that fails as a broken database would: a fault the real one cannot produce on demand.
const brokenStore = {
  list: () => Promise.reject(new Error('connection terminated: secret-host:5432')),
  add: () => Promise.reject(new Error('disk full at /var/lib/secret')),
  counts: () => Promise.reject(new Error('boom')),
  ping: () => Promise.reject(new Error('database is down')),
} as unknown as CommentStore;

describe('createApp', () => {
  it('answers an internal failure with a problem document and no internals', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = createApp({store: brokenStore, allowedOrigins: ['*']});
    for (const [path, init] of [
      ['/api/v1/posts/p/comments', {}],
      ['/api/v1/posts/p/comments', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{"author":{"name":"A"},"body":"b"}'}],
      ['/api/v1/counts?post=p', {}],
    ] as const) {
      const res = await app.request(path, init);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({code: 'internal', status: 500});
      expect(text).not.toMatch(/secret|stack|at /);
    }
    expect(logged).toHaveBeenCalledTimes(3);
    expect(logged.mock.calls[0]![0]).toBe('[colloquy-server]');
    logged.mockRestore();
  });

  it('fails /healthz while the database does not answer', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await createApp({store: brokenStore, allowedOrigins: ['*']}).request('/healthz');
    expect(res.status).toBe(500);
    logged.mockRestore();
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
