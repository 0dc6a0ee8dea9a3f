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

  /** Counts one event against several limits in one transaction (one disk sync on SQLite, not one per limit). */
  hitAll(limits: readonly {key: string; limit: number; windowMs: number}[], now = Date.now()): Promise<RateVerdict[]> {
    return duringOutage(() => this.#db.transaction().execute(async (tx) => {
      const verdicts: RateVerdict[] = [];
      for (const {key, limit, windowMs} of limits) {
        const windowStart = Math.floor(now / windowMs) * windowMs;
        // One statement per counter: concurrent hits on any instance each count once.
        const row = await tx.insertInto('rate_limits').values({key, window_start_ms: windowStart, count: 1})
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({
            count: eb.case().when('rate_limits.window_start_ms', '=', windowStart).then(eb('rate_limits.count', '+', 1)).else(1).end(),
            window_start_ms: windowStart,
          })))
          .returning(['count'])
          .executeTakeFirstOrThrow();
        const count = Number(row.count);
        verdicts.push({allowed: count <= limit, count, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000))});
      }
      return verdicts;
    }));
  }

  /** How many events `key` has in the current window, without counting one. */
  peek(key: string, windowMs: number, now = Date.now()): Promise<number> {
    return duringOutage(async () => {
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const row = await this.#db.selectFrom('rate_limits').select('count')
        .where('key', '=', key).where('window_start_ms', '=', windowStart).executeTakeFirst();
      return Number(row?.count ?? 0);
    });
  }

  /** Forgets windows that ended before `before` (run hourly). */
  purge(before = Date.now() - 86_400_000): Promise<void> {
    return duringOutage(async () => {
      await this.#db.deleteFrom('rate_limits').where('window_start_ms', '<', before).execute();
    });
  }
}
