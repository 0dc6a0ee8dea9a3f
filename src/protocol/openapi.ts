import {API_PREFIX, FIELD_REASONS, LIMITS, ORDERS, PROTOCOL_VERSION} from './limits.js';
import {PROBLEM_STATUS} from './problems.js';

const problemResponse = (description: string) => ({
  description,
  content: {'application/problem+json': {schema: {$ref: '#/components/schemas/Problem'}}},
});

/** What a cacheable read carries: the ETag to revalidate with, and how long caches may keep it. */
const cacheHeaders = {
  ETag: {description: 'A strong ETag of this answer; send it back in `If-None-Match` to get a 304 while it holds.', schema: {type: 'string'}},
  'Cache-Control': {description: 'How long browsers, CDNs and proxies may keep the answer (configurable on the reference server).', schema: {type: 'string'}},
} as const;
const notModified = {description: 'Not modified: the `If-None-Match` ETag still names this answer. No body.', headers: cacheHeaders};
const ifNoneMatch = {name: 'If-None-Match', in: 'header', required: false,
  description: 'An ETag from an earlier answer: a 304 without a body if it still holds.', schema: {type: 'string'}} as const;

const unavailable = problemResponse('The database is briefly unreachable (`unavailable`): retry after the ' +
  '`Retry-After` seconds; a POST retried with its `Idempotency-Key` is stored once.');

const postIdParam = {
  name: 'postId',
  in: 'path',
  required: true,
  description: 'The post, percent-encoded as one path segment (`/blog/a` is `%2Fblog%2Fa`).',
  schema: {type: 'string', minLength: 1, maxLength: LIMITS.postIdMaxLength},
} as const;

const commentIdParam = {
  name: 'commentId', in: 'path', required: true, description: 'The comment\'s `id`.',
  schema: {type: 'string', minLength: 1, maxLength: LIMITS.commentIdMaxLength},
} as const;

const ownerTokenHeader = {
  name: 'Authorization', in: 'header', required: true,
  description: '`Bearer <ownerToken>`: the token the server sent when the comment was posted.',
  schema: {type: 'string', pattern: '^Bearer [\\x21-\\x7E]+$'},
} as const;

/**
 * The protocol as an OpenAPI 3.1 document: what any Colloquy server must answer.
 * The reference server serves it at `/api/v1/openapi.json`, and its tests check
 * real responses against it.
 */
export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Colloquy protocol',
    version: `${PROTOCOL_VERSION}.0.0`,
    summary: 'Read, post, edit and delete comments on a post. JSON over HTTP; errors are RFC 9457 problem documents.',
    description: 'Every answer carries `X-Request-Id`. A listed path with a method it does not take answers 405 ' +
      '(`method_not_allowed`) with `Allow`. A URL with a malformed percent-escape answers 400 (`invalid_request`).',
    license: {name: 'MIT', identifier: 'MIT'},
  },
  servers: [{url: API_PREFIX}],
  paths: {
    '/posts/{postId}/comments': {
      get: {
        operationId: 'listComments',
        summary: 'One page of a post\'s thread: root comments, each with its first replies (`moreReplies` says where the rest continue).',
        parameters: [
          postIdParam,
          {name: 'order', in: 'query', description: 'Order of root comments; replies are always oldest first.',
            schema: {type: 'string', enum: [...ORDERS], default: 'oldest'}},
          {name: 'limit', in: 'query', description: 'Root comments per page.',
            schema: {type: 'integer', minimum: 1, maximum: LIMITS.pageSizeMax, default: LIMITS.pageSizeDefault}},
          {name: 'cursor', in: 'query', description: 'The `nextCursor` of the previous page.',
            schema: {type: 'string'}},
          ifNoneMatch,
        ],
        responses: {
          '200': {description: 'A page of the thread.', headers: cacheHeaders,
            content: {'application/json': {schema: {$ref: '#/components/schemas/ThreadPage'}}}},
          '304': notModified,
          '400': problemResponse('A query parameter or the post ID is invalid, or the cursor was not made by this ' +
            'server for this post and order (`invalid_request`).'),
          '503': unavailable,
        },
      },
      post: {
        operationId: 'postComment',
        summary: 'Adds a comment, or a reply when `parentId` is set. It may be published at once or held for ' +
          'moderation (`status: pending`, shown to its author only), as the site moderates and screens for spam.',
        parameters: [
          postIdParam,
          {name: 'Idempotency-Key', in: 'header', required: false,
            description: 'Repeating a request with the same key returns the first result instead of adding a second ' +
              'comment; the replay carries `Idempotent-Replayed: true`. Reusing a key for a different comment is `idempotency_key_reused`.',
            schema: {type: 'string', minLength: 1, maxLength: LIMITS.idempotencyKeyMaxLength, pattern: '^[\\x21-\\x7E]+$'}},
          {name: 'Colloquy-Proof', in: 'header', required: false,
            description: 'When the server asks for it (428): `<challenge>:<nonce>` such that SHA-256 of that text starts with `difficulty` zero bits.',
            schema: {type: 'string', maxLength: 300}},
        ],
        requestBody: {
          required: true,
          content: {'application/json': {schema: {$ref: '#/components/schemas/NewComment'}}},
        },
        responses: {
          '201': {description: 'The stored comment, with its owner token: the only time the token is sent (a retry with ' +
              'the same `Idempotency-Key` gets it again). Keep it to edit or delete the comment.',
            headers: {'Idempotent-Replayed': {description: '`true` when an earlier request with this key made the comment.', schema: {type: 'string', enum: ['true']}}},
            content: {'application/json': {schema: {$ref: '#/components/schemas/CreatedComment'}}}},
          '400': problemResponse('The body is not JSON (`invalid_json`), or the post ID or idempotency key is invalid (`invalid_request`).'),
          '413': problemResponse(`The body is larger than ${LIMITS.requestMaxBytes} bytes (\`payload_too_large\`).`),
          '415': problemResponse('The body is not `application/json` (`unsupported_media_type`).'),
          '403': problemResponse('The thread takes no new comments (`comments_closed`).'),
          '422': problemResponse('A field is invalid (`invalid_field`), the parent is not on this post ' +
            '(`parent_not_found`), the reply would be too deep (`thread_too_deep`), or the idempotency key was ' +
            'used for another comment (`idempotency_key_reused`).'),
          '428': problemResponse('This site asks for a proof of work (`proof_required`): get a challenge from `/challenge`, ' +
            'find a nonce, and send `Colloquy-Proof: <challenge>:<nonce>`. Each challenge works once.'),
          '429': {...problemResponse('Too many comments from this network (`rate_limited`): retry after `Retry-After` seconds.'),
            headers: {'Retry-After': {description: 'Seconds to wait.', schema: {type: 'integer'}}}},
          '503': unavailable,
        },
      },
    },
    '/posts/{postId}/comments/{commentId}/replies': {
      get: {
        operationId: 'listReplies',
        summary: 'The next replies of one root thread, in the order written (each reply after its parent).',
        parameters: [
          postIdParam,
          {...commentIdParam, description: 'The root comment of the thread.'},
          {name: 'limit', in: 'query', description: 'Replies per answer.',
            schema: {type: 'integer', minimum: 1, maximum: LIMITS.repliesPageSizeMax, default: LIMITS.repliesPageSizeDefault}},
          {name: 'cursor', in: 'query', description: 'A `cursor` from the page\'s `moreReplies`, or from the previous answer\'s `more`. ' +
            'Without one, the thread\'s replies from the first.', schema: {type: 'string'}},
          ifNoneMatch,
        ],
        responses: {
          '200': {description: 'Replies of the thread.', headers: cacheHeaders,
            content: {'application/json': {schema: {$ref: '#/components/schemas/RepliesPage'}}}},
          '304': notModified,
          '400': problemResponse('A query parameter or the post ID is invalid, or the cursor was not made by this server for ' +
            'this thread (`invalid_request`).'),
          '404': problemResponse('No root comment with this ID is visible on this post (`not_found`).'),
          '503': unavailable,
        },
      },
    },
    '/posts/{postId}/comments/{commentId}': {
      patch: {
        operationId: 'editComment',
        summary: 'The author changes their comment\'s body, within the edit window the site sets. Repeating an edit changes nothing more.',
        parameters: [postIdParam, commentIdParam, ownerTokenHeader],
        requestBody: {required: true, content: {'application/json': {schema: {$ref: '#/components/schemas/CommentEdit'}}}},
        responses: {
          '200': {description: 'The comment as it now is, with `editedAt`.',
            content: {'application/json': {schema: {$ref: '#/components/schemas/Comment'}}}},
          '400': problemResponse('The body is not JSON (`invalid_json`) or the post ID is invalid (`invalid_request`).'),
          '403': problemResponse('The token is missing or not this comment\'s (`token_invalid`), or the edit window has closed (`edit_window_closed`).'),
          '404': problemResponse('No such comment on this post (`not_found`).'),
          '410': problemResponse('The comment was deleted (`comment_deleted`).'),
          '413': problemResponse(`The body is larger than ${LIMITS.requestMaxBytes} bytes (\`payload_too_large\`).`),
          '415': problemResponse('The body is not `application/json` (`unsupported_media_type`).'),
          '422': problemResponse('The new body is invalid (`invalid_field`).'),
          '503': unavailable,
        },
      },
      delete: {
        operationId: 'deleteComment',
        summary: 'The author deletes their comment, at any time. One with replies stays as a tombstone (status `deleted`, ' +
          'no name, no body) so the replies keep their place; one without goes. Deleting again answers the same.',
        parameters: [postIdParam, commentIdParam, ownerTokenHeader],
        responses: {
          '204': {description: 'Deleted (now or before).'},
          '400': problemResponse('The post ID is invalid (`invalid_request`).'),
          '403': problemResponse('The token is missing or not this comment\'s (`token_invalid`).'),
          '404': problemResponse('No such comment on this post (`not_found`).'),
          '503': unavailable,
        },
      },
    },
    '/posts/{postId}/own-comments': {
      post: {
        operationId: 'ownComments',
        summary: 'This reader\'s comments on a post, found by the owner tokens they hold: published ones, and ones ' +
          'awaiting moderation that only their author sees. A POST so that tokens stay out of URLs and caches.',
        parameters: [postIdParam],
        requestBody: {required: true, content: {'application/json': {schema: {$ref: '#/components/schemas/OwnCommentsRequest'}}}},
        responses: {
          '200': {description: 'Their comments, oldest first; unknown tokens are ignored.',
            content: {'application/json': {schema: {$ref: '#/components/schemas/OwnCommentsResponse'}}}},
          '400': problemResponse('The body is not JSON (`invalid_json`) or the post ID is invalid (`invalid_request`).'),
          '413': problemResponse(`The body is larger than ${LIMITS.requestMaxBytes} bytes (\`payload_too_large\`).`),
          '415': problemResponse('The body is not `application/json` (`unsupported_media_type`).'),
          '422': problemResponse(`Not a list of at most ${LIMITS.ownTokensMax} tokens (\`invalid_field\`).`),
          '503': unavailable,
        },
      },
    },
    '/challenge': {
      get: {
        operationId: 'getChallenge',
        summary: 'A proof-of-work challenge, for a site under attack: `difficulty` 0 means the server asks for none.',
        responses: {
          '200': {description: 'A challenge valid for ten minutes, once.',
            content: {'application/json': {schema: {$ref: '#/components/schemas/ChallengeResponse'}}}},
          '503': unavailable,
        },
      },
    },
    '/counts': {
      get: {
        operationId: 'countComments',
        summary: 'Visible comments on each of several posts.',
        parameters: [{name: 'post', in: 'query', required: true, style: 'form', explode: true,
          description: `A post ID; repeat for several (at most ${LIMITS.countsMaxPosts}).`,
          schema: {type: 'array', minItems: 1, maxItems: LIMITS.countsMaxPosts,
            items: {type: 'string', minLength: 1, maxLength: LIMITS.postIdMaxLength}}}, ifNoneMatch],
        responses: {
          '200': {description: 'A count for every post asked for.', headers: cacheHeaders,
            content: {'application/json': {schema: {$ref: '#/components/schemas/CountsResponse'}}}},
          '304': notModified,
          '400': problemResponse('No post, too many, or an invalid one (`invalid_request`).'),
          '503': unavailable,
        },
      },
    },
  },
  components: {
    schemas: {
      Author: {
        type: 'object', required: ['name'],
        properties: {
          name: {type: 'string', maxLength: LIMITS.nameMaxLength, description: 'Plain text, never HTML. Empty only on a tombstone.'},
          url: {type: 'string', format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?://', maxLength: LIMITS.urlMaxLength},
        },
      },
      Comment: {
        type: 'object',
        required: ['id', 'postId', 'parentId', 'author', 'body', 'createdAt', 'status'],
        properties: {
          id: {type: 'string', minLength: 1, maxLength: LIMITS.commentIdMaxLength},
          postId: {type: 'string', minLength: 1, maxLength: LIMITS.postIdMaxLength},
          parentId: {type: ['string', 'null']},
          author: {$ref: '#/components/schemas/Author'},
          body: {type: 'string', description: 'Markdown source, never HTML. Clients must sanitize what they render.'},
          html: {type: 'string', description: 'Optional: the body rendered by the server in Colloquy\'s Markdown dialect, so a ' +
            'client need not parse Markdown to show it. Untrusted like everything a server sends: clients sanitize it, and ' +
            'fall back to rendering `body` when it is missing or over their budget. Left out for plain text (no character ' +
            'that could start Markdown, no line a list, quote or code could start; see `isPlainText`): such a body is its ' +
            'paragraphs (split at blank lines) and line breaks.'},
          createdAt: {type: 'string', format: 'date-time', description: 'UTC.'},
          editedAt: {type: 'string', format: 'date-time', description: 'When its author last changed the body; absent if never.'},
          status: {type: 'string', enum: ['published', 'pending', 'deleted'],
            description: '`pending` awaits moderation (only its author sees it); `deleted` is a tombstone kept for its replies.'},
        },
      },
      CreatedComment: {
        allOf: [{$ref: '#/components/schemas/Comment'}, {
          type: 'object', required: ['ownerToken', 'editableUntil'],
          properties: {
            ownerToken: {type: 'string', minLength: 1, maxLength: LIMITS.ownerTokenMaxLength, pattern: '^[\\x21-\\x7E]+$',
              description: 'The secret that lets the author edit or delete this comment; the server keeps only a hash.'},
            editableUntil: {type: 'string', format: 'date-time', description: 'Until when the author may edit the body.'},
          },
        }],
      },
      CommentEdit: {
        type: 'object', required: ['body'],
        properties: {body: {type: 'string', minLength: 1, maxLength: LIMITS.bodyMaxLength}},
      },
      OwnCommentsRequest: {
        type: 'object', required: ['tokens'],
        properties: {tokens: {type: 'array', maxItems: LIMITS.ownTokensMax,
          items: {type: 'string', minLength: 1, maxLength: LIMITS.ownerTokenMaxLength}}},
      },
      OwnCommentsResponse: {
        type: 'object', required: ['comments'],
        properties: {comments: {type: 'array', items: {$ref: '#/components/schemas/Comment'}}},
      },
      NewComment: {
        type: 'object', required: ['author', 'body'],
        properties: {
          parentId: {type: ['string', 'null'], default: null},
          author: {
            type: 'object', required: ['name'],
            properties: {
              name: {type: 'string', minLength: 1, maxLength: LIMITS.nameMaxLength},
              email: {type: 'string', maxLength: LIMITS.emailMaxLength, description: 'Stored, never sent back.'},
              url: {type: 'string', maxLength: LIMITS.urlMaxLength, description: 'An http(s) URL; blank means none.'},
            },
          },
          body: {type: 'string', minLength: 1, maxLength: LIMITS.bodyMaxLength},
          trap: {type: 'string', maxLength: 200, description: 'A honeypot: a form hides this field from people; anything in it files the comment as spam.'},
          composeMs: {type: 'integer', minimum: 0, description: 'Milliseconds between the form appearing and the post, as the client ' +
            'measured them. A server may hold a comment sent without it, or sooner than people write.'},
        },
      },
      ThreadPage: {
        type: 'object', required: ['postId', 'order', 'total', 'comments', 'nextCursor'],
        properties: {
          postId: {type: 'string'},
          order: {type: 'string', enum: [...ORDERS]},
          total: {type: 'integer', minimum: 0, description: 'Visible comments on the post, replies included.'},
          comments: {type: 'array', items: {$ref: '#/components/schemas/Comment'},
            description: `The page's roots in \`order\`, and each one's first ${LIMITS.repliesPerThread} replies in the order written. Nest them by \`parentId\`.`},
          nextCursor: {type: ['string', 'null']},
          closed: {type: 'boolean', description: 'The thread takes no new comments or replies.'},
          moreReplies: {type: 'object', description: 'Root threads with replies this page does not hold, by root ID.',
            additionalProperties: {$ref: '#/components/schemas/MoreReplies'}},
        },
      },
      MoreReplies: {
        type: 'object', required: ['remaining', 'cursor'],
        properties: {
          remaining: {type: 'integer', minimum: 1, description: 'Replies of the thread not sent yet.'},
          cursor: {type: 'string', description: 'For `GET /posts/{postId}/comments/{rootId}/replies`.'},
        },
      },
      RepliesPage: {
        type: 'object', required: ['postId', 'rootId', 'comments', 'more'],
        properties: {
          postId: {type: 'string'},
          rootId: {type: 'string'},
          comments: {type: 'array', items: {$ref: '#/components/schemas/Comment'}},
          more: {oneOf: [{$ref: '#/components/schemas/MoreReplies'}, {type: 'null'}]},
        },
      },
      ChallengeResponse: {
        type: 'object', required: ['challenge', 'difficulty', 'expiresAt'],
        properties: {
          challenge: {type: ['string', 'null']},
          difficulty: {type: 'integer', minimum: 0, maximum: 32},
          expiresAt: {type: ['string', 'null'], format: 'date-time'},
        },
      },
      CountsResponse: {
        type: 'object', required: ['counts'],
        properties: {counts: {type: 'object', additionalProperties: {type: 'integer', minimum: 0}}},
      },
      Problem: {
        type: 'object', required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {
          type: {type: 'string', description: '`urn:colloquy:problem:<code>`.'},
          title: {type: 'string'},
          status: {type: 'integer'},
          detail: {type: 'string', description: 'For people; names the offending field when there is one.'},
          code: {type: 'string', enum: Object.keys(PROBLEM_STATUS)},
          field: {type: 'string', description: 'Dotted path of the first invalid field, such as `author.name`.'},
          errors: {type: 'array', items: {type: 'object', required: ['field', 'detail'],
            properties: {
              field: {type: 'string'},
              detail: {type: 'string', description: 'For people, in English.'},
              reason: {type: 'string', enum: [...FIELD_REASONS],
                description: 'For programs: why the field was refused, so a client can phrase it in its reader\'s language.'},
              limit: {type: 'integer', minimum: 0, description: 'With `too_long`: the most characters the field takes.'},
            }}},
        },
      },
    },
  },
} as const;
