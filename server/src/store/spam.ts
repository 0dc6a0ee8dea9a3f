import {createHash, createHmac} from 'node:crypto';

import type {Kysely} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import type {Database} from '../schema.js';
import {normalisedBody} from '../spam/signals.js';
import type {Secrets} from './secrets.js';
import type {Ban} from '../admin/schemas.js';

/** How long an instance keeps the banned terms before reading them again. */
const TERMS_TTL_MS = 10_000;

/**
 * What spam decisions read from the database: bans (emails and networks, kept as keyed hashes),
 * the owner's banned terms, and how often a body was posted lately.
 */
export class SpamStore {
  readonly #db: Kysely<Database>;
  readonly #secrets: Secrets;
  #terms?: {at: number; terms: Promise<string[]>};

  constructor(db: Db, secrets: Secrets) {
    this.#db = db.kysely;
    this.#secrets = secrets;
  }

  /** A stable keyed hash of an email or a network: bans must outlive the daily salt of the rate limits. */
  async key(kind: 'email' | 'network', value: string): Promise<string> {
    const secret = await this.#secrets.get('ban_secret');
    return createHmac('sha256', secret).update(`${kind}\0${value.trim().toLowerCase()}`).digest('base64url');
  }

  /**
   * What the screening of one comment needs from the database, in one query: whether its email or
   * network is banned, and how often its body was posted since `sinceMs`.
   */
  facts(emailKey: string | null, networkKey: string, bodyHash: string, sinceMs: number): Promise<{banned: boolean; repeats: number}> {
    return duringOutage(async () => {
      const row = await this.#db.selectNoFrom((eb) => [
        eb.selectFrom('bans').select((b) => b.lit(1).as('one'))
          .where((w) => w.or([
            w.and([w('kind', '=', 'network'), w('value_hash', '=', networkKey)]),
            ...(emailKey ? [w.and([w('kind', '=', 'email'), w('value_hash', '=', emailKey)])] : []),
          ])).limit(1).as('banned'),
        eb.selectFrom('comments').select((c) => c.fn.countAll<number>().as('n'))
          .where('body_hash', '=', bodyHash).where('created_ms', '>=', sinceMs).as('repeats'),
      ]).executeTakeFirstOrThrow();
      return {banned: row.banned !== null, repeats: Number(row.repeats ?? 0)};
    });
  }

  bannedTerms(): Promise<string[]> {
    return duringOutage(async () => (await this.#db.selectFrom('banned_terms').select('term').orderBy('term').execute()).map((r) => r.term));
  }

  /**
   * The banned terms as screening reads them: kept for a few seconds, so a comment costs no query
   * for them; a change made on another instance applies within `TERMS_TTL_MS`.
   */
  cachedBannedTerms(now = Date.now()): Promise<string[]> {
    if (!this.#terms || now - this.#terms.at > TERMS_TTL_MS) {
      const loading = this.bannedTerms();
      this.#terms = {at: now, terms: loading};
      loading.catch(() => (this.#terms = undefined));
    }
    return this.#terms.terms;
  }

  setBannedTerms(terms: readonly string[]): Promise<void> {
    this.#terms = undefined;
    return duringOutage(() => this.#db.transaction().execute(async (tx) => {
      await tx.deleteFrom('banned_terms').execute();
      const unique = [...new Set(terms.map((t) => t.trim()).filter(Boolean))];
      if (unique.length) await tx.insertInto('banned_terms').values(unique.map((term) => ({term, created_ms: Date.now()}))).execute();
    }));
  }

  /** Bans a value given in clear (an email typed by the owner), or already a key (the network of a comment). */
  ban(kind: 'email' | 'network', valueHash: string, actor: string, note: string | null): Promise<void> {
    return duringOutage(async () => {
      await this.#db.insertInto('bans').values({kind, value_hash: valueHash, note, created_ms: Date.now(), actor})
        .onConflict((oc) => oc.columns(['kind', 'value_hash']).doNothing()).execute();
    });
  }

  unban(id: string): Promise<void> {
    return duringOutage(async () => {
      const [kind, valueHash] = id.split(':') as [string, string | undefined];
      if ((kind === 'email' || kind === 'network') && valueHash) {
        await this.#db.deleteFrom('bans').where('kind', '=', kind).where('value_hash', '=', valueHash).execute();
      }
    });
  }

  bans(): Promise<Ban[]> {
    return duringOutage(async () => {
      const rows = await this.#db.selectFrom('bans').selectAll().orderBy('created_ms', 'desc').execute();
      return rows.map((r) => ({kind: r.kind, note: r.note, createdAt: new Date(Number(r.created_ms)).toISOString(), actor: r.actor,
        id: `${r.kind}:${r.value_hash}`}));
    });
  }

  /** The network a comment came from (as its ban key), while it is still known. */
  networkKeyOf(commentId: number): Promise<string | null> {
    return duringOutage(async () => {
      const row = await this.#db.selectFrom('comments').select('network_key').where('id', '=', commentId).executeTakeFirst();
      return row?.network_key ?? null;
    });
  }

  /** Forgets which network old comments came from (kept only as long as bans need it). */
  forgetNetworks(beforeMs = Date.now() - 30 * 86_400_000): Promise<void> {
    return duringOutage(async () => {
      await this.#db.updateTable('comments').set({network_key: null})
        .where('network_key', 'is not', null).where('created_ms', '<', beforeMs).execute();
    });
  }
}

/** The hash repeated bodies are matched by. */
export function bodyHashOf(body: string): string {
  return createHash('sha256').update(normalisedBody(body)).digest('base64url');
}
