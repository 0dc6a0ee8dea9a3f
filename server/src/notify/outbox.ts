import type {Kysely} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import type {Database, NotificationsTable} from '../schema.js';

export type Channel = NotificationsTable['channel'];

export interface Claimed {
  readonly id: number;
  readonly channel: Channel;
  readonly payload: unknown;
  readonly attempts: number;
}

/** How long a claimed notification is left to its sender before another instance may try it. */
const LEASE_MS = 60_000;

/**
 * Notifications waiting to be sent, in the database: written with the comment's request, sent by
 * whichever instance claims them first, retried with backoff, kept (and visible) when given up.
 */
export class Outbox {
  readonly #db: Kysely<Database>;

  constructor(db: Db) {
    this.#db = db.kysely;
  }

  enqueue(channel: Channel, payload: unknown, now = Date.now()): Promise<void> {
    return duringOutage(async () => {
      await this.#db.insertInto('notifications')
        .values({channel, payload: JSON.stringify(payload), attempts: 0, next_ms: now, created_ms: now}).execute();
    });
  }

  /** Claims up to `limit` due notifications; a claim only succeeds for one instance (compare-and-set on `next_ms`). */
  claimDue(limit = 10, now = Date.now()): Promise<Claimed[]> {
    return duringOutage(async () => {
      const due = await this.#db.selectFrom('notifications').select(['id', 'channel', 'payload', 'attempts', 'next_ms'])
        .where('done_ms', 'is', null).where('next_ms', '<=', now).orderBy('id').limit(limit).execute();
      const claimed: Claimed[] = [];
      for (const row of due) {
        const result = await this.#db.updateTable('notifications').set({next_ms: now + LEASE_MS})
          .where('id', '=', row.id).where('next_ms', '=', row.next_ms).where('done_ms', 'is', null).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) {
          claimed.push({id: row.id, channel: row.channel, payload: JSON.parse(row.payload), attempts: row.attempts});
        }
      }
      return claimed;
    });
  }

  sent(id: number, now = Date.now()): Promise<void> {
    return duringOutage(async () => {
      await this.#db.updateTable('notifications').set((eb) => ({done_ms: now, attempts: eb('attempts', '+', 1), last_error: null}))
        .where('id', '=', id).execute();
    });
  }

  /** Records a failed attempt: tries again at `nextMs`, or gives up when `nextMs` is null. */
  failed(id: number, error: string, nextMs: number | null, now = Date.now()): Promise<void> {
    return duringOutage(async () => {
      await this.#db.updateTable('notifications')
        .set((eb) => ({attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500), next_ms: nextMs ?? now, done_ms: nextMs === null ? now : null}))
        .where('id', '=', id).execute();
    });
  }

  /** Every notification, newest first (for tests and the admin page). */
  list(limit = 50): Promise<{id: number; channel: Channel; attempts: number; done: boolean; lastError: string | null}[]> {
    return duringOutage(async () => {
      const rows = await this.#db.selectFrom('notifications').select(['id', 'channel', 'attempts', 'done_ms', 'last_error'])
        .orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({id: r.id, channel: r.channel, attempts: r.attempts, done: r.done_ms !== null, lastError: r.last_error}));
    });
  }
}
