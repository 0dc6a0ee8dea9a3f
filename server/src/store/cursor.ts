import {createHmac, timingSafeEqual} from 'node:crypto';

/** Where a page of roots ends: the last root's creation time and ID. Opaque to clients. */
export interface Cursor {
  readonly createdAt: string;
  readonly id: number;
}

/** What a cursor is valid for: the post and order of the page that made it. */
export interface CursorScope {
  readonly postId: string;
  readonly order: string;
}

const MAC_BYTES = 16;
// The only dates this server writes into cursors: what `Date#toISOString` makes for years 0001–9999.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Makes and reads page cursors: `<payload>.<mac>`, both base64url, the MAC an HMAC-SHA-256 over the
 * payload, the post and the order, keyed by a secret every instance shares (kept in the database).
 * Any cursor this server did not make for this post and order fails to decode, so no forged or
 * mangled cursor reaches SQL; the payload is still checked, in case the secret ever leaks.
 */
export class CursorCodec {
  constructor(private readonly secret: Buffer) {}

  encode(cursor: Cursor, scope: CursorScope): string {
    const payload = Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
    return `${payload}.${this.#mac(payload, scope).toString('base64url')}`;
  }

  /** The cursor in `text`, or `undefined` when this server did not make it for `scope`. */
  decode(text: string, scope: CursorScope): Cursor | undefined {
    const match = /^([\w-]{1,200})\.([\w-]{22})$/.exec(text);
    if (!match) return undefined;
    const [, payload, macText] = match as unknown as [string, string, string];
    const mac = Buffer.from(macText, 'base64url');
    if (mac.length !== MAC_BYTES || mac.toString('base64url') !== macText) return undefined;
    if (!timingSafeEqual(mac, this.#mac(payload, scope))) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || !isIsoDate(createdAt)) return undefined;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1 || id > 2 ** 31 - 1) return undefined;
    return {createdAt, id};
  }

  #mac(payload: string, {postId, order}: CursorScope): Buffer {
    return createHmac('sha256', this.secret).update(JSON.stringify([payload, postId, order])).digest().subarray(0, MAC_BYTES);
  }
}

/** True for a date exactly as `toISOString()` writes it: no 30th of February, no bare year, no extended years. */
export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text && !text.startsWith('0000');
}
