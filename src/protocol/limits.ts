/** The protocol version this module speaks; it is the `/api/v1` in every path. */
export const PROTOCOL_VERSION = 1;

/** Path prefix of every protocol route. */
export const API_PREFIX = '/api/v1';

/** The header a comment carries its proof of work in, when the server asks for one: `<challenge>:<nonce>`. */
export const PROOF_HEADER = 'Colloquy-Proof';

/**
 * Hard limits shared by widget and server. The widget enforces them before
 * sending, the server before storing, so both give the same answer.
 */
export const LIMITS = Object.freeze({
  /** Post IDs: any text (often a path such as `/blog/hello`), in UTF-16 code units. */
  postIdMaxLength: 256,
  /** Comment IDs are opaque strings chosen by the server. */
  commentIdMaxLength: 64,
  nameMaxLength: 80,
  emailMaxLength: 254,
  urlMaxLength: 512,
  /** Markdown source, in UTF-16 code units (what a textarea's `maxlength` counts). */
  bodyMaxLength: 10_000,
  /** Bytes the server reads from a request body before answering 413. */
  requestMaxBytes: 64 * 1024,
  /** Replies nest at most this deep (a root has depth 0). */
  maxDepth: 64,
  /** Root threads per page: the default, and the most a client may ask for. */
  pageSizeDefault: 50,
  pageSizeMax: 100,
  /** Replies a thread page holds per root thread (the first ones written); the rest come on demand. */
  repliesPerThread: 10,
  /** Replies per `replies` request: the default, and the most a client may ask for. */
  repliesPageSizeDefault: 50,
  repliesPageSizeMax: 100,
  /** Post IDs in one `GET /counts` request. */
  countsMaxPosts: 100,
  idempotencyKeyMaxLength: 128,
  /** Owner tokens in one `own-comments` request, and the longest token a server needs to read. */
  ownTokensMax: 100,
  ownerTokenMaxLength: 128,
});

/** The order of root threads. Replies always read oldest first, as a conversation. */
export const ORDERS = ['oldest', 'newest'] as const;
export type Order = (typeof ORDERS)[number];

/**
 * Why a field was refused, for programs: a client phrases its own message from it (in the reader's
 * language) and shows the server's `detail` only for reasons it does not know.
 */
export const FIELD_REASONS = [
  'required', 'type', 'too_long', 'format', 'not_text', 'control', 'bidi', 'invisible', 'nothing_visible',
  'whitespace', 'not_found', 'too_deep',
] as const;
export type FieldReason = (typeof FIELD_REASONS)[number];
