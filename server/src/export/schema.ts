import {toJsonSchema} from '@valibot/to-json-schema';
import * as v from 'valibot';

import {MODERATION_MODES, STORED_STATUSES} from '../schema.js';

/**
 * Colloquy's export: gzipped JSON lines, a header line then one record per line, parents before
 * their replies. Each record's shape is described once, here: the writer and the reader use these
 * schemas, and `EXPORT_JSON_SCHEMA` (served at /api/v1/export.schema.json) is derived from them.
 * The full export holds everything a restore needs; the public one only what readers can see.
 */

export const EXPORT_FORMAT = 'colloquy-export';
export const EXPORT_VERSION = 1;

const isoDate = v.pipe(v.string(), v.isoTimestamp());
const nullable = <T extends v.GenericSchema>(schema: T) => v.nullable(schema);

export const HeaderSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(EXPORT_VERSION),
  exportedAt: isoDate,
  /** True: only what readers see (no emails, hashes, held or hidden comments, moderation or secrets). */
  public: v.boolean(),
  /** The newest migration of the database it came from. */
  schema: v.string(),
});

export const PostRecordSchema = v.object({
  type: v.literal('post'),
  postId: v.string(),
  commentCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  lastCreatedAt: nullable(isoDate),
  openedAt: nullable(isoDate),
  moderation: nullable(v.picklist(MODERATION_MODES)),
  closed: v.boolean(),
});

export const CommentRecordSchema = v.object({
  type: v.literal('comment'),
  id: v.pipe(v.number(), v.integer(), v.minValue(1)),
  postId: v.string(),
  parentId: nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  author: v.object({name: v.string(), email: v.optional(nullable(v.string())), url: nullable(v.string())}),
  /** Markdown source. */
  body: v.string(),
  status: v.picklist(STORED_STATUSES),
  createdAt: isoDate,
  editedAt: nullable(isoDate),
  /** Full export only: what lets authors keep editing and deleting, and moderation and spam keep working. */
  tokenHash: v.optional(nullable(v.string())),
  authorKey: v.optional(nullable(v.string())),
  heldFor: v.optional(nullable(v.string())),
  bodyHash: v.optional(nullable(v.string())),
  networkKey: v.optional(nullable(v.string())),
});

export const ModerationRecordSchema = v.object({
  type: v.literal('moderation'),
  id: v.pipe(v.number(), v.integer(), v.minValue(1)),
  at: isoDate,
  actor: v.string(),
  action: v.string(),
  commentId: nullable(v.number()),
  postId: nullable(v.string()),
  detail: nullable(v.string()),
});

export const BanRecordSchema = v.object({
  type: v.literal('ban'),
  kind: v.picklist(['email', 'network']),
  valueHash: v.string(),
  note: nullable(v.string()),
  createdAt: isoDate,
  actor: v.string(),
});

export const TermRecordSchema = v.object({type: v.literal('term'), term: v.string(), createdAt: isoDate});

/** The database's own keys (cursor, owner-token, author and network secrets) and markers. */
export const MetaRecordSchema = v.object({type: v.literal('meta'), key: v.string(), value: v.string()});

/** Where an imported comment came from, so importing its source again after a restore still changes nothing. */
export const ImportedRecordSchema = v.object({type: v.literal('imported'), source: v.string(), sourceId: v.string(), commentId: v.number()});

export const RecordSchema = v.variant('type', [
  PostRecordSchema, CommentRecordSchema, ModerationRecordSchema, BanRecordSchema, TermRecordSchema, MetaRecordSchema, ImportedRecordSchema,
]);

export type ExportHeader = v.InferOutput<typeof HeaderSchema>;
export type ExportRecord = v.InferOutput<typeof RecordSchema>;
export type CommentRecord = v.InferOutput<typeof CommentRecordSchema>;

/** The export as JSON Schema (draft 2020-12): the header line's schema, and every other line's. */
export const EXPORT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'colloquy-export-1',
  title: 'Colloquy export, version 1',
  description: 'Gzipped JSON lines: the first line matches `header`, every other line `record`. Parents come before their replies.',
  $defs: {
    header: toJsonSchema(HeaderSchema, {target: 'draft-2020-12'}),
    record: toJsonSchema(RecordSchema, {target: 'draft-2020-12'}),
  },
};
