import {readJson, writeJson} from './local-storage.js';

/** What proves this reader wrote a comment, and until when they may edit it (ms since the epoch). */
export interface Ownership {
  readonly token: string;
  readonly editableUntil: number;
}

const KEY = 'colloquy-owned';
/** Tokens kept per browser; past this the ones whose edit window closed longest ago go first. */
const MAX_KEPT = 2000;

/** server → post → comment ID → [token, editableUntil]. */
type Stored = Record<string, Record<string, Record<string, [string, number]>>>;

/**
 * The owner tokens of comments written in this browser, kept in `localStorage` per server and post,
 * so Edit and Delete show on the reader's own comments after a reload. Every call reads storage
 * afresh, so tabs do not overwrite each other's tokens.
 */
export class OwnedComments {
  /** @param server - The API root the tokens belong to: comment IDs mean nothing across servers. */
  constructor(private readonly server: string) {}

  /** The reader's comments on `postId`, by ID. */
  forPost(postId: string): Map<string, Ownership> {
    const owned = new Map<string, Ownership>();
    const entries = read()[this.server]?.[postId];
    if (!isRecord(entries)) return owned;
    for (const [id, entry] of Object.entries(entries)) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && entry[0] && typeof entry[1] === 'number') {
        owned.set(id, {token: entry[0], editableUntil: entry[1]});
      }
    }
    return owned;
  }

  remember(postId: string, id: string, ownership: Ownership): void {
    const stored = read();
    const posts: Stored[string] = (stored[this.server] = isRecord(stored[this.server]) ? stored[this.server]! : {});
    const entries: Stored[string][string] = (posts[postId] = isRecord(posts[postId]) ? posts[postId]! : {});
    entries[id] = [ownership.token, ownership.editableUntil];
    writeJson(KEY, prune(stored));
  }

  forget(postId: string, ids: Iterable<string>): void {
    const stored = read();
    const entries = stored[this.server]?.[postId];
    if (!isRecord(entries)) return;
    for (const id of ids) delete entries[id];
    if (Object.keys(entries).length === 0) delete stored[this.server]![postId];
    writeJson(KEY, stored);
  }
}

function read(): Stored {
  return readJson<Stored>(KEY) ?? {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function prune(stored: Stored): Stored {
  const all: [string, string, string, number][] = [];
  for (const [server, posts] of Object.entries(stored)) {
    for (const [post, entries] of Object.entries(isRecord(posts) ? posts : {})) {
      for (const [id, entry] of Object.entries(isRecord(entries) ? entries : {})) {
        all.push([server, post, id, Array.isArray(entry) && typeof entry[1] === 'number' ? entry[1] : 0]);
      }
    }
  }
  if (all.length <= MAX_KEPT) return stored;
  all.sort((a, b) => a[3] - b[3]);
  for (const [server, post, id] of all.slice(0, all.length - MAX_KEPT)) delete stored[server]![post]![id];
  return stored;
}
