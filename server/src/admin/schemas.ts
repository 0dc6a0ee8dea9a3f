import * as v from 'valibot';

import {LIMITS} from '../protocol.js';
import {MODERATION_MODES, STORED_STATUSES} from '../schema.js';

/**
 * The admin API's wire shapes, each described once: the routes check requests with them, the admin
 * page's types and the OpenAPI document (admin/openapi.ts) are derived from them.
 */

const isoDate = v.pipe(v.string(), v.isoTimestamp());
const nullableText = v.nullable(v.string());

/** A comment as the site owner sees it: everything, including the email and why it was held. */
export const AdminCommentSchema = v.object({
  id: v.string(),
  postId: v.string(),
  parentId: nullableText,
  author: v.object({name: v.string(), email: nullableText, url: nullableText}),
  body: v.string(),
  createdAt: isoDate,
  editedAt: v.nullable(isoDate),
  status: v.picklist(STORED_STATUSES),
  heldFor: v.pipe(nullableText, v.description('Why it waits: the moderation mode or the spam signals that held it.')),
});
export type AdminComment = v.InferOutput<typeof AdminCommentSchema>;

export const CommentListSchema = v.object({comments: v.array(AdminCommentSchema), queue: v.pipe(v.number(), v.integer(), v.minValue(0))});

/** One recorded moderation action. */
export const LogEntrySchema = v.object({
  at: isoDate,
  actor: v.string(),
  action: v.string(),
  commentId: nullableText,
  postId: nullableText,
  detail: nullableText,
});
export type LogEntry = v.InferOutput<typeof LogEntrySchema>;
export const LogSchema = v.object({entries: v.array(LogEntrySchema)});

/** A post's own settings: its moderation mode (null: the site's) and whether its thread is closed. */
export const PostSettingsSchema = v.object({moderation: v.nullable(v.picklist(MODERATION_MODES)), closed: v.boolean()});
export type PostSettings = v.InferOutput<typeof PostSettingsSchema>;
/** A change of them: either or both. */
export const PostSettingsChangeSchema = v.partial(PostSettingsSchema);

/** A banned email or network, as the owner sees it: never the value, which is kept only as a keyed hash. */
export const BanSchema = v.object({
  id: v.pipe(v.string(), v.description('Identifies the ban for removal.')),
  kind: v.picklist(['email', 'network']),
  note: nullableText,
  createdAt: isoDate,
  actor: v.string(),
});
export type Ban = v.InferOutput<typeof BanSchema>;
export const BansSchema = v.object({bans: v.array(BanSchema)});

const termsList = v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(1000));
export const TermsSchema = v.object({terms: termsList});
export const SpamRulesSchema = v.object({bans: v.array(BanSchema), terms: v.array(v.string())});

/** Ban an email the owner types, or the network a comment came from. */
export const BanRequestSchema = v.variant('kind', [
  v.object({kind: v.literal('email'), email: v.pipe(v.string(), v.trim(), v.regex(/^[^\s@]+@[^\s@]+$/)), note: v.optional(v.string())}),
  v.object({kind: v.literal('network'), commentId: v.pipe(v.string(), v.regex(/^\d{1,10}$/)), note: v.optional(v.string())}),
]);

/** Everything stored for one email address (an access request). */
export const PersonDataSchema = v.object({email: v.string(), comments: v.array(AdminCommentSchema)});
export type PersonData = v.InferOutput<typeof PersonDataSchema>;
/** What an erasure removed. */
export const ErasedSchema = v.object({comments: v.pipe(v.number(), v.integer()), tombstones: v.pipe(v.number(), v.integer())});

/** What an import did (or, for a dry run, would do). */
export const ImportSummarySchema = v.object({
  dryRun: v.boolean(),
  threads: v.array(v.object({sourceId: v.string(), url: v.optional(v.string()), title: v.optional(v.string()), postId: v.optional(v.string()),
    comments: v.number(), existing: v.number()})),
  imported: v.object({published: v.number(), pending: v.number(), hidden: v.number()}),
  skipped: v.record(v.string(), v.number()),
  tombstones: v.number(),
  madeTopLevel: v.number(),
});

export type ImportSummary = v.InferOutput<typeof ImportSummarySchema>;

export const SessionSchema = v.object({user: nullableText, csrf: v.optional(v.string())});
export const SignInSchema = v.object({user: v.string(), password: v.string()});
export const CommentEditSchema = v.object({body: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.bodyMaxLength))});

/** Every named shape, as the OpenAPI document's components. */
export const ADMIN_SCHEMAS = {
  Session: SessionSchema,
  SignIn: SignInSchema,
  AdminComment: AdminCommentSchema,
  CommentList: CommentListSchema,
  CommentEdit: CommentEditSchema,
  PostSettings: PostSettingsSchema,
  PostSettingsChange: PostSettingsChangeSchema,
  Log: LogSchema,
  Terms: TermsSchema,
  Ban: BanSchema,
  Bans: BansSchema,
  BanRequest: BanRequestSchema,
  SpamRules: SpamRulesSchema,
  PersonData: PersonDataSchema,
  Erased: ErasedSchema,
  ImportSummary: ImportSummarySchema,
};
