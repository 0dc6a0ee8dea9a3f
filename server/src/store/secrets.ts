import {randomBytes} from 'node:crypto';

import type {Kysely} from 'kysely';

import {duringOutage} from '../db.js';
import type {Database} from '../schema.js';

/**
 * Random secrets made once per database (the first instance to ask makes each) and kept in `meta`,
 * so every instance on a PostgreSQL signs and hashes alike. Loaded on first use; forgotten if
 * loading failed, so the next use tries again.
 */
export class Secrets {
  readonly #db: Kysely<Database>;
  readonly #loaded = new Map<string, Promise<Buffer>>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  get(name: string): Promise<Buffer> {
    let secret = this.#loaded.get(name);
    if (!secret) {
      secret = duringOutage(async () => {
        await this.#db.insertInto('meta').values({key: name, value: randomBytes(32).toString('base64url')})
          .onConflict((oc) => oc.column('key').doNothing()).execute();
        const row = await this.#db.selectFrom('meta').select('value').where('key', '=', name).executeTakeFirstOrThrow();
        return Buffer.from(row.value, 'base64url');
      });
      this.#loaded.set(name, secret);
      secret.catch(() => this.#loaded.delete(name));
    }
    return secret;
  }
}
