import {toJsonSchemaDefs} from '@valibot/to-json-schema';

import {POST_ID_RULES} from '../import/post-ids.js';
import {FORMATS} from '../import/records.js';
import {STORED_STATUSES} from '../schema.js';
import {ADMIN_SCHEMAS} from './schemas.js';

const problem = (description: string) => ({
  description,
  content: {'application/problem+json': {schema: {$ref: '#/components/schemas/Problem'}}},
});
const body = (schema: keyof typeof ADMIN_SCHEMAS) => ({required: true, content: {'application/json': {schema: {$ref: `#/components/schemas/${schema}`}}}});
const json = (description: string, schema: keyof typeof ADMIN_SCHEMAS) => ({description, content: {'application/json': {schema: {$ref: `#/components/schemas/${schema}`}}}});
const unauthorized = problem('No session: sign in first (`unauthorized`).');
const csrfFailed = problem('The `X-CSRF-Token` is missing or wrong, or the request came from another site (`csrf_failed`).');
const csrfHeader = {name: 'X-CSRF-Token', in: 'header', required: true, description: 'The `csrf` of the session.', schema: {type: 'string'}} as const;
const idParam = {name: 'id', in: 'path', required: true, schema: {type: 'string'}} as const;

/**
 * The admin API, for the reference server's own admin page (not part of the protocol a widget needs):
 * served at `/admin/api/openapi.json`, and checked against real answers by the tests.
 */
export const ADMIN_OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Colloquy admin API',
    version: '1.0.0',
    summary: 'Moderation for the site owner: sign in, the queue, filters, actions, post settings, spam rules, the log.',
    description: 'Same origin only. The session is an `HttpOnly`, `SameSite=Strict` cookie (`colloquy_admin`, path `/admin`); every ' +
      'change also needs `X-CSRF-Token`. Any route may answer 503 (`unavailable`) while the database is away, and 404 while no ' +
      'admin password is configured.',
    license: {name: 'MIT', identifier: 'MIT'},
  },
  servers: [{url: '/admin/api'}],
  paths: {
    '/session': {
      get: {operationId: 'getSession', summary: 'Who is signed in on this browser, if anyone.',
        responses: {'200': json('The user and CSRF token, or `{user: null}`.', 'Session')}},
      post: {operationId: 'signIn', summary: 'Signs in; sets the session cookie.',
        requestBody: body('SignIn'),
        responses: {
          '200': json('Signed in.', 'Session'),
          '401': problem('Wrong user name or password (`unauthorized`).'),
          '429': problem('Too many attempts from this network or for this user (`rate_limited`); see `Retry-After`.'),
        }},
      delete: {operationId: 'signOut', summary: 'Signs out everywhere this session is used.', parameters: [csrfHeader],
        responses: {'204': {description: 'Signed out.'}, '401': unauthorized, '403': csrfFailed}},
    },
    '/comments': {
      get: {operationId: 'listComments', summary: 'Comments, newest first, filtered.',
        parameters: [
          {name: 'status', in: 'query', schema: {type: 'string', enum: ['queue', ...STORED_STATUSES]}},
          {name: 'post', in: 'query', schema: {type: 'string'}},
          {name: 'author', in: 'query', description: 'Part of the name or email.', schema: {type: 'string'}},
          {name: 'text', in: 'query', description: 'Part of the text.', schema: {type: 'string'}},
          {name: 'before', in: 'query', description: 'Older than this comment ID.', schema: {type: 'string'}},
        ],
        responses: {'200': json('The comments and the queue\'s size.', 'CommentList'), '400': problem('Unknown status (`invalid_request`).'), '401': unauthorized}},
    },
    '/comments/{id}/{action}': {
      post: {operationId: 'actOnComment', summary: 'Approve, reject, mark as spam, or delete a comment.',
        parameters: [idParam, {name: 'action', in: 'path', required: true, schema: {type: 'string', enum: ['approve', 'reject', 'spam', 'delete']}}, csrfHeader],
        responses: {'204': {description: 'Done, and recorded in the log.'}, '401': unauthorized, '403': csrfFailed, '404': problem('No such comment (`not_found`).')}},
    },
    '/comments/{id}': {
      patch: {operationId: 'editComment', summary: 'Changes a comment\'s text.', parameters: [idParam, csrfHeader],
        requestBody: body('CommentEdit'),
        responses: {'204': {description: 'Saved.'}, '401': unauthorized, '403': csrfFailed, '404': problem('No such comment (`not_found`).'),
          '422': problem('The text is empty or not text (`invalid_field`).')}},
    },
    '/posts/{postId}': {
      get: {operationId: 'getPost', summary: 'A post\'s settings.', parameters: [{name: 'postId', in: 'path', required: true, schema: {type: 'string'}}],
        responses: {'200': json('Its moderation mode (null: the site\'s) and whether it is closed.', 'PostSettings'),
          '400': problem('The post ID is not valid (`invalid_request`).'), '401': unauthorized}},
      put: {operationId: 'setPost', summary: 'Sets a post\'s moderation mode and whether it is closed.',
        parameters: [{name: 'postId', in: 'path', required: true, schema: {type: 'string'}}, csrfHeader],
        requestBody: body('PostSettingsChange'),
        responses: {'200': json('The settings now.', 'PostSettings'), '401': unauthorized, '403': csrfFailed, '422': problem('An unknown mode (`invalid_field`).')}},
    },
    '/log': {
      get: {operationId: 'getLog', summary: 'Moderation actions, newest first.',
        responses: {'200': json('Who did what to which comment, when.', 'Log'), '401': unauthorized}},
    },
    '/spam': {
      get: {operationId: 'getSpamRules', summary: 'Bans and banned terms.',
        responses: {'200': json('The bans (as hashes) and the terms.', 'SpamRules'), '401': unauthorized}},
    },
    '/spam/terms': {
      put: {operationId: 'setBannedTerms', summary: 'Replaces the banned terms.', parameters: [csrfHeader],
        requestBody: body('Terms'),
        responses: {'200': json('The terms now.', 'Terms'), '401': unauthorized, '403': csrfFailed, '422': problem('Not a list of short texts (`invalid_field`).')}},
    },
    '/bans': {
      post: {operationId: 'ban', summary: 'Bans an email, or the network a comment came from (kept 30 days).', parameters: [csrfHeader],
        requestBody: body('BanRequest'),
        responses: {'200': json('The bans now.', 'Bans'), '401': unauthorized, '403': csrfFailed,
          '404': problem('The comment\'s network is no longer known (`not_found`).'), '422': problem('Neither an email nor a comment (`invalid_field`).')}},
    },
    '/import': {
      post: {operationId: 'importComments', summary: 'Imports an export from Disqus, WordPress, Blogger, Remark42 or Isso, uploaded as the body (gzipped or not).',
        parameters: [
          {name: 'format', in: 'query', description: 'Found from the file when absent.', schema: {type: 'string', enum: [...FORMATS]}},
          {name: 'postId', in: 'query', description: 'How a thread becomes a post ID.', schema: {type: 'string', enum: [...POST_ID_RULES], default: 'path'}},
          {name: 'dryRun', in: 'query', description: '1: write nothing, say what would happen.', schema: {type: 'string', enum: ['0', '1']}},
          {name: 'keepSpam', in: 'query', schema: {type: 'string', enum: ['0', '1']}},
          {name: 'pingbacks', in: 'query', schema: {type: 'string', enum: ['0', '1']}},
          {name: 'source', in: 'query', description: 'Whose IDs the file\'s are (default: the format).', schema: {type: 'string', maxLength: 200}},
          csrfHeader,
        ],
        requestBody: {required: true, content: {'application/octet-stream': {schema: {type: 'string', contentMediaType: 'application/octet-stream'}}}},
        responses: {'200': json('What was imported (or, in a dry run, would be), thread by thread.', 'ImportSummary'),
          '400': problem('The file cannot be imported, or a parameter is unknown (`invalid_request`).'), '401': unauthorized, '403': csrfFailed}},
    },
    '/people': {
      get: {operationId: 'findPerson', summary: 'Everything stored for one email address (an access request).',
        parameters: [{name: 'email', in: 'query', required: true, schema: {type: 'string'}}],
        responses: {'200': json('Their comments, as the owner sees them.', 'PersonData'), '400': problem('Not an email address (`invalid_request`).'),
          '401': unauthorized}},
      delete: {operationId: 'erasePerson', summary: 'Erases everything stored for one email address (an erasure request); tombstones stay where replies need them.',
        parameters: [{name: 'email', in: 'query', required: true, schema: {type: 'string'}}, csrfHeader],
        responses: {'200': json('How many comments went, and how many stay as tombstones.', 'Erased'),
          '400': problem('Not an email address (`invalid_request`).'), '401': unauthorized, '403': csrfFailed}},
    },
    '/bans/{id}': {
      delete: {operationId: 'unban', summary: 'Lifts a ban.', parameters: [idParam, csrfHeader],
        responses: {'200': json('The bans now.', 'Bans'), '401': unauthorized, '403': csrfFailed}},
    },
  },
  components: {
    schemas: {
      // Derived from the shapes the routes check with: a field added there is documented here.
      ...toJsonSchemaDefs(ADMIN_SCHEMAS, {target: 'draft-2020-12', ignoreActions: ['trim'],
        overrideRef: ({referenceId}) => `#/components/schemas/${referenceId}`}),
      Problem: {type: 'object', required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {type: {type: 'string'}, title: {type: 'string'}, status: {type: 'integer'}, detail: {type: 'string'}, code: {type: 'string'}}},
    },
  },
} as const;
