import type {Migration} from 'kysely';

import {initial} from './0001-initial.js';
import {postChangeNotify} from './0002-post-change-notify.js';
import {commentIdempotencyKey} from './0003-comment-idempotency-key.js';
import {ownership} from './0004-ownership.js';
import {moderation} from './0005-moderation.js';
import {adminAndLimits} from './0006-admin-and-limits.js';
import {spam} from './0007-spam.js';
import {notifications} from './0008-notifications.js';
import {renderedBodies} from './0009-rendered-bodies.js';
import {imports} from './0010-imports.js';
import type {DbKind} from './kind.js';

export type {DbKind} from './kind.js';

/**
 * Every schema change Colloquy has shipped, in order, on SQLite and on PostgreSQL (15+) alike.
 * Frozen history: append only. A released migration never changes, and imports nothing of the
 * living code (statuses, renderers, channel names): it carries its own copies, so that a fresh
 * database and an upgraded one end the same (tests/server/migration-history.test.ts holds this).
 */
export const HISTORY: readonly (readonly [name: string, make: (kind: DbKind) => Migration])[] = [
  ['0001-initial', initial],
  ['0002-post-change-notify', postChangeNotify],
  ['0003-comment-idempotency-key', commentIdempotencyKey],
  ['0004-ownership', ownership],
  ['0005-moderation', moderation],
  ['0006-admin-and-limits', adminAndLimits],
  ['0007-spam', spam],
  ['0008-notifications', notifications],
  ['0009-rendered-bodies', renderedBodies],
  ['0010-imports', imports],
];
