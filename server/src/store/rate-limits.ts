import type {Kysely} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import type {Database} from '../schema.js';

/** The outcome of counting one more event against a limit. */
export interface RateVerdict {
  readonly allowed: boolean;
  /** Events counted in the current window, this one included. */
  readonly count: number;
  /** Seconds until the window ends (for `Retry-After`). */
  readonly retryAfterSeconds: number;
}

/**
 * Fixed-window counters in the database, so a limit holds across every instance on one PostgreSQL.
 * Keys name what is limited (`signin:<network hash>`, `post:<post>`…); they never hold an address.
 */
export class RateLimits {
  readonly #db: Kysely<Database>;

  constructor(db: Db) {
    this.#db = db.kysely;
  }

  /** Counts one event for `key` and says whether it is within `limit` per `windowMs`. */
  async hit(key: string, limit: number, windowMs: number, now = Date.now()): Promise<RateVerdict> {
    const [verdict] = await this.hitAll([{key, limit, windowMs}], now);
    return verdict!;
  }

  /**
   * Counts one event against several limits in one statement: no lock is held across a round trip
   * (writers from one network or to one post meet on the same rows), and SQLite syncs the disk once.
   */
  hitAll(limits: readonly {key: string; limit: number; windowMs: number}[], now = Date.now()): Promise<RateVerdict[]> {
    return duringOutage(async () => {
      const windows = limits.map(({windowMs}) => Math.floor(now / windowMs) * windowMs);
      const rows = await this.#db.insertInto('rate_limits')
        .values(limits.map(({key}, i) => ({key, window_start_ms: windows[i]!, count: 1})))
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({
          count: eb.case().when('rate_limits.window_start_ms', '=', eb.ref('excluded.window_start_ms'))
            .then(eb('rate_limits.count', '+', 1)).else(1).end(),
          window_start_ms: eb.ref('excluded.window_start_ms'),
        })))
        .returning(['key', 'count'])
        .execute();
      const counts = new Map(rows.map((row) => [row.key, Number(row.count)]));
      return limits.map(({key, limit, windowMs}, i) => {
        const count = counts.get(key) ?? 1;
        return {allowed: count <= limit, count, retryAfterSeconds: Math.max(1, Math.ceil((windows[i]! + windowMs - now) / 1000))};
      });
    });
  }

  /** Forgets windows that ended before `before` (run hourly). */
  purge(before = Date.now() - 86_400_000): Promise<void> {
    return duringOutage(async () => {
      await this.#db.deleteFrom('rate_limits').where('window_start_ms', '<', before).execute();
    });
  }
}
