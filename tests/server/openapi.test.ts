import {Ajv2020} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {createApp} from '../../server/src/app.js';
import {LIMITS, OPENAPI, type CreatedComment} from '../../server/src/protocol.js';
import {ModerationStore} from '../../server/src/store/moderation.js';
import {solveChallenge} from '../../src/client/proof-of-work.js';
import {RateLimits} from '../../server/src/store/rate-limits.js';
import {Secrets} from '../../server/src/store/secrets.js';
import {aComment, awayFromWindowEdge, commentsPath, freshPostId, openHarness, outageDb, outageStore, postJson, screeningOn, type Harness} from './helpers.js';

type Method = 'get' | 'post' | 'patch' | 'delete';
interface Exchange {
  readonly operation: string;
  readonly method: Method;
  readonly response: Response;
}

const pathOf: Record<string, string> = {
  listComments: '/posts/{postId}/comments', postComment: '/posts/{postId}/comments', countComments: '/counts',
  editComment: '/posts/{postId}/comments/{commentId}', deleteComment: '/posts/{postId}/comments/{commentId}',
  ownComments: '/posts/{postId}/own-comments', getChallenge: '/challenge', listReplies: '/posts/{postId}/comments/{commentId}/replies',
};
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

// The server's real answers, one or more for every status the document promises.
describe('the OpenAPI document', () => {
  let h: Harness;
  const exchanges: Exchange[] = [];
  const ajv = new Ajv2020({strict: false, allErrors: true});
  addFormats.default(ajv);
  ajv.addSchema(OPENAPI, 'openapi');

  beforeAll(async () => {
    h = await openHarness(undefined);
    const postId = freshPostId();
    const record = async (operation: string, method: Method, response: Response | Promise<Response>) =>
      exchanges.push({operation, method, response: await response});
    const root = await postJson(h.app, commentsPath(postId), aComment());
    exchanges.push({operation: 'postComment', method: 'post', response: root.clone()});
    const rootId = ((await root.json()) as {id: string}).id;
    await record('postComment', 'post', postJson(h.app, commentsPath(postId), aComment({parentId: rootId}), {'Idempotency-Key': 'k1'}));
    await record('postComment', 'post', postJson(h.app, commentsPath(postId), aComment({parentId: rootId}), {'Idempotency-Key': 'k1'}));
    await record('postComment', 'post', postJson(h.app, commentsPath(postId), aComment({body: 'other'}), {'Idempotency-Key': 'k1'}));
    await record('postComment', 'post', postJson(h.app, commentsPath(postId), {author: {name: ''}, body: ''}));
    await record('postComment', 'post', postJson(h.app, commentsPath(postId), aComment({parentId: '9999999'})));
    await record('postComment', 'post', postJson(h.app, commentsPath(postId), '{oops'));
    await record('postComment', 'post', postJson(h.app, commentsPath(postId), 'x'.repeat(100_000)));
    await record('postComment', 'post', h.app.request(commentsPath(postId), {method: 'POST', body: 'a=b', headers: {'Content-Type': 'text/plain'}}));
    await record('listComments', 'get', h.app.request(commentsPath(postId)));
    await record('listComments', 'get', h.app.request(commentsPath(postId, '?order=newest&limit=1')));
    await record('listComments', 'get', h.app.request(commentsPath(freshPostId())));
    await record('listComments', 'get', h.app.request(commentsPath(postId, '?limit=0')));
    await record('countComments', 'get', h.app.request(`/api/v1/counts?post=${encodeURIComponent(postId)}&post=x`));
    await record('countComments', 'get', h.app.request('/api/v1/counts'));
    for (const [operation, path] of [['listComments', commentsPath(postId)], ['countComments', `/api/v1/counts?post=${encodeURIComponent(postId)}`]] as const) {
      const etag = (await h.app.request(path)).headers.get('etag')!;
      await record(operation, 'get', h.app.request(path, {headers: {'If-None-Match': etag}}));
    }
    // A thread with more replies than a page holds, read on.
    const busy = freshPostId();
    const busyRoot = ((await (await postJson(h.app, commentsPath(busy), aComment())).json()) as {id: string}).id;
    for (let i = 0; i < LIMITS.repliesPerThread + 2; i++) await postJson(h.app, commentsPath(busy), aComment({parentId: busyRoot, body: `reply ${i}`}));
    const busyPage = await h.app.request(commentsPath(busy));
    exchanges.push({operation: 'listComments', method: 'get', response: busyPage.clone()});
    const repliesPath = (root: string, query = '') => `/api/v1/posts/${encodeURIComponent(busy)}/comments/${root}/replies${query}`;
    const {moreReplies} = (await busyPage.json()) as {moreReplies: Record<string, {cursor: string}>};
    await record('listReplies', 'get', h.app.request(repliesPath(busyRoot, `?cursor=${moreReplies[busyRoot]!.cursor}`)));
    await record('listReplies', 'get', h.app.request(repliesPath(busyRoot, '?limit=1')));
    const repliesTag = (await h.app.request(repliesPath(busyRoot))).headers.get('etag')!;
    await record('listReplies', 'get', h.app.request(repliesPath(busyRoot), {headers: {'If-None-Match': repliesTag}}));
    await record('listReplies', 'get', h.app.request(repliesPath(busyRoot, '?cursor=forged.AAAAAAAAAAAAAAAAAAAAAA')));
    await record('listReplies', 'get', h.app.request(repliesPath(busyRoot, '?limit=1000')));
    await record('listReplies', 'get', h.app.request(repliesPath('9999999')));
    // An author edits, deletes and looks up their own comments.
    const mine = (await (await postJson(h.app, commentsPath(postId), aComment())).json()) as CreatedComment;
    const other = (await (await postJson(h.app, commentsPath(postId), aComment())).json()) as CreatedComment;
    const commentPath = (id: string, post = postId) => `/api/v1/posts/${encodeURIComponent(post)}/comments/${id}`;
    const auth = (token: string) => ({Authorization: `Bearer ${token}`});
    const patch = (id: string, body: string, headers: Record<string, string>, contentType = 'application/json') =>
      h.app.request(commentPath(id), {method: 'PATCH', body, headers: {'Content-Type': contentType, ...headers}});
    const ownPath = (post = postId) => `/api/v1/posts/${encodeURIComponent(post)}/own-comments`;
    await record('editComment', 'patch', patch(mine.id, '{"body": "edited"}', auth(mine.ownerToken)));
    await record('editComment', 'patch', patch(mine.id, '{"body": ""}', auth(mine.ownerToken)));
    await record('editComment', 'patch', patch(mine.id, '{oops', auth(mine.ownerToken)));
    await record('editComment', 'patch', patch(mine.id, 'body=x', auth(mine.ownerToken), 'text/plain'));
    await record('editComment', 'patch', patch(mine.id, JSON.stringify({body: 'x'.repeat(100_000)}), auth(mine.ownerToken)));
    await record('editComment', 'patch', patch(mine.id, '{"body": "x"}', auth(other.ownerToken)));
    await record('editComment', 'patch', patch('9999999', '{"body": "x"}', auth(mine.ownerToken)));
    await record('editComment', 'patch', h.app.request(commentPath(mine.id, '\u0001'.repeat(1)), {method: 'PATCH'}));
    await record('ownComments', 'post', postJson(h.app, ownPath(), {tokens: [mine.ownerToken]}));
    await record('ownComments', 'post', postJson(h.app, ownPath(), {tokens: 'x'}));
    await record('ownComments', 'post', postJson(h.app, ownPath(), '{oops'));
    await record('ownComments', 'post', postJson(h.app, ownPath('\u0001'), {tokens: []}));
    await record('ownComments', 'post', postJson(h.app, ownPath(), JSON.stringify({tokens: ['x'.repeat(100_000)]})));
    await record('ownComments', 'post', h.app.request(ownPath(), {method: 'POST', body: 'x', headers: {'Content-Type': 'text/plain'}}));
    await record('deleteComment', 'delete', h.app.request(commentPath(mine.id), {method: 'DELETE', headers: auth(other.ownerToken)}));
    await record('deleteComment', 'delete', h.app.request(commentPath(mine.id), {method: 'DELETE', headers: auth(mine.ownerToken)}));
    await record('deleteComment', 'delete', h.app.request(commentPath('9999999'), {method: 'DELETE', headers: auth(mine.ownerToken)}));
    await record('deleteComment', 'delete', h.app.request(commentPath(mine.id, '\u0001'), {method: 'DELETE', headers: auth(mine.ownerToken)}));
    await record('editComment', 'patch', patch(mine.id, '{"body": "x"}', auth(mine.ownerToken)));
    await h.db.kysely.updateTable('comments').set({created_ms: 0}).where('id', '=', Number(other.id)).execute();
    await record('editComment', 'patch', patch(other.id, '{"body": "late"}', auth(other.ownerToken)));
    // A closed thread, and a flood from one network (spam screening on, one comment a minute).
    const strict = createApp({store: h.store, allowedOrigins: ['*'], screening: screeningOn(h.db, {perNetworkMinute: 1})});
    const closedPost = freshPostId();
    await new ModerationStore(h.db).setPost(closedPost, {closed: true}, 'test');
    await record('postComment', 'post', postJson(h.app, commentsPath(closedPost), aComment()));
    await record('listComments', 'get', h.app.request(commentsPath(closedPost)));
    const flood = freshPostId();
    await awayFromWindowEdge(60_000);
    await record('postComment', 'post', postJson(strict, commentsPath(flood), {...aComment(), composeMs: 9000}, {'X-Forwarded-For': '10.1.1.1'}));
    await record('postComment', 'post', postJson(strict, commentsPath(flood), {...aComment(), composeMs: 9000}, {'X-Forwarded-For': '10.1.1.2'}));
    // A site asking for a proof of work: a post without one, a challenge, a solved post.
    const limits = new RateLimits(h.db);
    const guarded = createApp({store: h.store, allowedOrigins: ['*'], proof: {difficulty: 6, secrets: new Secrets(h.db.kysely), limits}});
    await record('postComment', 'post', postJson(guarded, commentsPath(postId), aComment()));
    const challengeAnswer = await guarded.request('/api/v1/challenge');
    exchanges.push({operation: 'getChallenge', method: 'get', response: challengeAnswer.clone()});
    const {challenge} = (await challengeAnswer.json()) as {challenge: string};
    await record('postComment', 'post', postJson(guarded, commentsPath(postId), aComment(),
      {'Colloquy-Proof': `${challenge}:${await solveChallenge(challenge, 6)}`}));
    await record('getChallenge', 'get', h.app.request('/api/v1/challenge'));
    // A database outage, injected: a real one is tested in outage.test.ts.
    const down = createApp({store: outageStore(), allowedOrigins: ['*'], proof: {difficulty: 6, secrets: new Secrets(outageDb().kysely), limits}});
    await record('getChallenge', 'get', down.request('/api/v1/challenge'));
    await record('listComments', 'get', down.request(commentsPath(postId)));
    await record('postComment', 'post', postJson(down, commentsPath(postId), aComment()));
    await record('countComments', 'get', down.request('/api/v1/counts?post=x'));
    await record('editComment', 'patch', down.request(commentPath(mine.id), {method: 'PATCH', body: '{"body": "x"}',
      headers: {'Content-Type': 'application/json', ...auth(mine.ownerToken)}}));
    await record('deleteComment', 'delete', down.request(commentPath(mine.id), {method: 'DELETE', headers: auth(mine.ownerToken)}));
    await record('ownComments', 'post', postJson(down, ownPath(), {tokens: [mine.ownerToken]}));
    await record('listReplies', 'get', down.request(`/api/v1/posts/x/comments/1/replies`));
  });
  afterAll(async () => {
    await h?.db.close();
  });

  it('is served at /api/v1/openapi.json', async () => {
    const res = await h.app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(OPENAPI)));
  });

  it('is itself a valid JSON Schema set (every $ref resolves)', () => {
    for (const name of Object.keys(OPENAPI.components.schemas)) {
      expect(ajv.getSchema(`openapi#/components/schemas/${name}`), name).toBeDefined();
    }
  });

  it('describes every real response: status, media type and body', async () => {
    for (const {operation, method, response} of exchanges) {
      const status = String(response.status);
      const path = pathOf[operation]!;
      const responses = (OPENAPI.paths as unknown as Record<string, Record<string, {responses: Record<string, {content?: Record<string, unknown>}>}>>)[path]![method]!.responses;
      expect(Object.keys(responses), `${operation} answered ${status}`).toContain(status);
      if (!responses[status]!.content) {
        expect(await response.clone().text(), `${operation} ${status} has no body`).toBe('');
        continue;
      }
      const mediaType = response.headers.get('content-type')!.split(';')[0]!;
      expect(Object.keys(responses[status]!.content), `${operation} ${status}`).toContain(mediaType);
      const validate = ajv.getSchema(`openapi#${pointer('', 'paths', path, method, 'responses', status, 'content', mediaType, 'schema')}`)!;
      const body: unknown = await response.clone().json();
      expect(validate(body) ? [] : validate.errors, `${operation} ${status} ${JSON.stringify(body).slice(0, 200)}`).toEqual([]);
    }
  });

  it('has every documented status exercised above', () => {
    const seen = new Set(exchanges.map((e) => `${e.operation} ${e.response.status}`));
    for (const [path, methods] of Object.entries(OPENAPI.paths)) {
      for (const [method, op] of Object.entries(methods as Record<string, {operationId: string; responses: object}>)) {
        for (const status of Object.keys(op.responses)) expect(seen, `${method} ${path} ${status}`).toContain(`${op.operationId} ${status}`);
      }
    }
  });
});
