import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {Ajv2020} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {ADMIN_OPENAPI} from '../../server/src/admin/openapi.js';
import {hashPassword} from '../../server/src/admin/passwords.js';
import {createApp} from '../../server/src/app.js';
import {SIGN_IN_LIMITS} from '../../server/src/routes/admin.js';
import {adminOn, aComment, awayFromWindowEdge, commentsPath, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

interface Exchange {
  readonly operation: string;
  readonly response: Response;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const operations = Object.entries(ADMIN_OPENAPI.paths).flatMap(([path, methods]) =>
  Object.entries(methods as Record<string, {operationId: string; responses: Record<string, {content?: Record<string, unknown>}>}>)
    .map(([method, op]) => ({path, method, ...op})));

// The admin API's real answers, one or more for every status its document promises.
describe('the admin API\'s OpenAPI document', () => {
  let h: Harness;
  let app: ReturnType<typeof createApp>;
  const exchanges: Exchange[] = [];
  const ajv = new Ajv2020({strict: false, allErrors: true});
  addFormats.default(ajv);
  ajv.addSchema(ADMIN_OPENAPI, 'admin');

  beforeAll(async () => {
    h = await openHarness(undefined);
    app = createApp({store: h.store, allowedOrigins: ['*'], admin: adminOn(h.db, new Map([['owner', await hashPassword('pw')]]))});
    const call = async (operation: string, method: string, path: string, {cookie, csrf, body, file, ip = '10.0.0.1'}:
      {cookie?: string; csrf?: string; body?: unknown; file?: Uint8Array; ip?: string} = {}) => {
      const response = await app.request(`/admin/api/${path}`, {method, headers: {
        'X-Forwarded-For': ip, ...(cookie ? {Cookie: cookie} : {}), ...(csrf ? {'X-CSRF-Token': csrf} : {}),
        ...(body !== undefined ? {'Content-Type': 'application/json'} : {}), ...(file ? {'Content-Type': 'application/octet-stream'} : {}),
      }, ...(body !== undefined ? {body: JSON.stringify(body)} : {}), ...(file ? {body: file} : {})});
      exchanges.push({operation, response: response.clone()});
      return response;
    };
    await awayFromWindowEdge(SIGN_IN_LIMITS.windowMs);
    await call('getSession', 'GET', 'session');
    await call('signIn', 'POST', 'session', {body: {user: 'owner', password: 'wrong'}});
    for (let i = 0; i <= SIGN_IN_LIMITS.perNetwork; i++) await call('signIn', 'POST', 'session', {body: {user: 'x', password: 'x'}, ip: '10.9.9.9'});
    const signedIn = await call('signIn', 'POST', 'session', {body: {user: 'owner', password: 'pw'}});
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const {csrf} = (await signedIn.json()) as {csrf: string};
    const as = {cookie, csrf};
    await call('getSession', 'GET', 'session', {cookie});

    const postId = freshPostId();
    const comment = (await (await postJson(app, commentsPath(postId), aComment())).json()) as {id: string};
    await call('listComments', 'GET', 'comments?status=queue', as);
    await call('listComments', 'GET', 'comments?status=nope', as);
    await call('listComments', 'GET', 'comments');
    await call('actOnComment', 'POST', `comments/${comment.id}/reject`, as);
    await call('actOnComment', 'POST', `comments/${comment.id}/approve`, {cookie});
    await call('actOnComment', 'POST', 'comments/99999999/approve', as);
    await call('actOnComment', 'POST', `comments/${comment.id}/approve`);
    await call('editComment', 'PATCH', `comments/${comment.id}`, {...as, body: {body: 'tidied'}});
    await call('editComment', 'PATCH', `comments/${comment.id}`, {...as, body: {body: ''}});
    await call('editComment', 'PATCH', 'comments/99999999', {...as, body: {body: 'x'}});
    await call('editComment', 'PATCH', `comments/${comment.id}`, {cookie, body: {body: 'x'}});
    await call('editComment', 'PATCH', `comments/${comment.id}`, {body: {body: 'x'}});
    await call('getPost', 'GET', `posts/${encodeURIComponent(postId)}`, as);
    await call('getPost', 'GET', `posts/${'x'.repeat(300)}`, as);
    await call('getPost', 'GET', `posts/${encodeURIComponent(postId)}`);
    await call('setPost', 'PUT', `posts/${encodeURIComponent(postId)}`, {...as, body: {moderation: 'all', closed: true}});
    await call('setPost', 'PUT', `posts/${encodeURIComponent(postId)}`, {...as, body: {moderation: 'some'}});
    await call('setPost', 'PUT', `posts/${encodeURIComponent(postId)}`, {cookie, body: {closed: false}});
    await call('setPost', 'PUT', `posts/${encodeURIComponent(postId)}`, {body: {closed: false}});
    await call('getLog', 'GET', 'log', as);
    await call('getLog', 'GET', 'log');
    await call('setBannedTerms', 'PUT', 'spam/terms', {...as, body: {terms: ['casino']}});
    await call('setBannedTerms', 'PUT', 'spam/terms', {...as, body: {terms: 'casino'}});
    await call('setBannedTerms', 'PUT', 'spam/terms', {cookie, body: {terms: []}});
    await call('setBannedTerms', 'PUT', 'spam/terms', {body: {terms: []}});
    await call('ban', 'POST', 'bans', {...as, body: {kind: 'email', email: 'bad@example.org', note: 'x'}});
    await call('ban', 'POST', 'bans', {...as, body: {kind: 'network', commentId: '99999999'}});
    await call('ban', 'POST', 'bans', {...as, body: {kind: 'planet'}});
    await call('ban', 'POST', 'bans', {cookie, body: {kind: 'email', email: 'a@b.c'}});
    await call('ban', 'POST', 'bans', {body: {kind: 'email', email: 'a@b.c'}});
    const {bans} = (await (await call('getSpamRules', 'GET', 'spam', as)).json()) as {bans: {id: string}[]};
    await call('getSpamRules', 'GET', 'spam');
    await call('unban', 'DELETE', `bans/${encodeURIComponent(bans[0]!.id)}`, as);
    await call('unban', 'DELETE', `bans/${encodeURIComponent(bans[0]!.id)}`, {cookie});
    await call('unban', 'DELETE', 'bans/x');
    const disqus = readFileSync(join(import.meta.dirname, 'fixtures/import/disqus.xml'));
    await call('importComments', 'POST', 'import?dryRun=1', {...as, file: disqus});
    await call('importComments', 'POST', 'import?source=admin-openapi', {...as, file: disqus});
    await call('importComments', 'POST', 'import', {...as, file: new TextEncoder().encode('just some text')});
    await call('importComments', 'POST', 'import?format=nope', {...as, file: disqus});
    await call('importComments', 'POST', 'import', {cookie, file: disqus});
    await call('importComments', 'POST', 'import', {file: disqus});
    await call('findPerson', 'GET', 'people?email=ada%40example.net', as);
    await call('findPerson', 'GET', 'people?email=nobody', as);
    await call('findPerson', 'GET', 'people?email=ada%40example.net');
    await call('erasePerson', 'DELETE', 'people?email=ada%40example.net', as);
    await call('erasePerson', 'DELETE', 'people?email=', as);
    await call('erasePerson', 'DELETE', 'people?email=ada%40example.net', {cookie});
    await call('erasePerson', 'DELETE', 'people?email=ada%40example.net');
    await call('signOut', 'DELETE', 'session', {cookie});
    await call('signOut', 'DELETE', 'session', as);
    await call('signOut', 'DELETE', 'session', as);
  });
  afterAll(async () => {
    await h?.db.close();
  });

  it('is served at /admin/api/openapi.json and every $ref resolves', async () => {
    expect(await (await app.request('/admin/api/openapi.json')).json()).toEqual(JSON.parse(JSON.stringify(ADMIN_OPENAPI)));
    for (const name of Object.keys(ADMIN_OPENAPI.components.schemas)) expect(ajv.getSchema(`admin#/components/schemas/${name}`), name).toBeDefined();
  });

  it('describes every real answer: status, media type and body', async () => {
    for (const {operation, response} of exchanges) {
      const op = operations.find((o) => o.operationId === operation)!;
      const status = String(response.status);
      expect(Object.keys(op.responses), `${operation} answered ${status}: ${await response.clone().text()}`).toContain(status);
      const content = op.responses[status]!.content;
      if (!content) {
        expect(await response.clone().text()).toBe('');
        continue;
      }
      const mediaType = response.headers.get('content-type')!.split(';')[0]!;
      expect(Object.keys(content), `${operation} ${status}`).toContain(mediaType);
      const validate = ajv.getSchema(`admin#${pointer('', 'paths', op.path, op.method, 'responses', status, 'content', mediaType, 'schema')}`)!;
      const body: unknown = await response.clone().json();
      expect(validate(body) ? [] : validate.errors, `${operation} ${status} ${JSON.stringify(body).slice(0, 200)}`).toEqual([]);
    }
  });

  it('has every documented status exercised above', () => {
    const seen = new Set(exchanges.map((e) => `${e.operation} ${e.response.status}`));
    for (const op of operations) {
      for (const status of Object.keys(op.responses)) expect(seen, `${op.method} ${op.path} ${status}`).toContain(`${op.operationId} ${status}`);
    }
  });
});
