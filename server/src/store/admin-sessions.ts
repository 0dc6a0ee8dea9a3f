import {createHash, randomBytes} from 'node:crypto';

import type {Kysely} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import type {Database} from '../schema.js';

/** A signed-in site owner. */
export interface AdminSession {
  readonly user: string;
  /** Sent back in `X-CSRF-Token` on every change the admin page asks for. */
  readonly csrf: string;
  readonly expiresMs: number;
}

/** How long a sign-in lasts. */
export const SESSION_MS = 12 * 3_600_000;

/**
 * Admin sign-ins in the database (any instance can check one). The cookie carries a random ID; the
 * table keeps only its SHA-256, so a copy of the table signs nobody in.
 */
export class AdminSessions {
  readonly #db: Kysely<Database>;

  constructor(db: Db) {
    this.#db = db.kysely;
  }

  create(user: string, now = Date.now()): Promise<AdminSession & {id: string}> {
    return duringOutage(async () => {
      const id = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      const expiresMs = now + SESSION_MS;
      await this.#db.deleteFrom('admin_sessions').where('expires_ms', '<', now).execute();
      await this.#db.insertInto('admin_sessions').values({id_hash: hashId(id), user_name: user, csrf, expires_ms: expiresMs}).execute();
      return {id, user, csrf, expiresMs};
    });
  }

  get(id: string, now = Date.now()): Promise<AdminSession | undefined> {
    return duringOutage(async () => {
      const row = await this.#db.selectFrom('admin_sessions').select(['user_name', 'csrf', 'expires_ms'])
        .where('id_hash', '=', hashId(id)).where('expires_ms', '>', now).executeTakeFirst();
      return row && {user: row.user_name, csrf: row.csrf, expiresMs: Number(row.expires_ms)};
    });
  }

  delete(id: string): Promise<void> {
    return duringOutage(async () => {
      await this.#db.deleteFrom('admin_sessions').where('id_hash', '=', hashId(id)).execute();
    });
  }
}

function hashId(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
