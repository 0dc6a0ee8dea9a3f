import {createHash} from 'node:crypto';
import {gzipSync} from 'node:zlib';

/**
 * An answer ready to send: its JSON as UTF-8 bytes, a strong ETag of them, and (made on first
 * demand, then kept with it) the same bytes gzipped. Hot answers are encoded and compressed once,
 * not once per request.
 */
export class CachedBody {
  readonly etag: string;
  #gzipped?: Uint8Array;

  constructor(readonly bytes: Uint8Array) {
    this.etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  }

  gzipped(): Uint8Array {
    return (this.#gzipped ??= gzipSync(this.bytes, {level: 6}));
  }
}

/** Serialises a value once, with the ETag that names exactly these bytes. */
export function cachedBody(value: unknown): CachedBody {
  return new CachedBody(Buffer.from(JSON.stringify(value), 'utf8'));
}

interface Entry {
  readonly body: CachedBody;
  readonly posts: readonly string[];
}

/**
 * Hot read answers in memory, dropped as soon as a write touches one of their posts. A read that
 * raced with a write is answered but not kept: each post has a generation, bumped by every
 * invalidation, and an answer is stored only if the generations it was read under are unchanged.
 * Bounded by the bytes of JSON it holds; the least recently used answers go first.
 */
export class ReadCache {
  readonly #entries = new Map<string, Entry>(); // in least-recently-used order
  readonly #keysByPost = new Map<string, Set<string>>();
  readonly #generations = new Map<string, number>();
  /** Reads under way, by key, and whether nothing has changed since each began. */
  readonly #flights = new Map<string, {body: Promise<CachedBody>; current: () => boolean}>();
  #epoch = 0; // bumped by clear(): invalidates reads under way on every post
  #bytes = 0;
  /** Off while writes on other instances could go unnoticed (the change feed is down). */
  #enabled = true;

  /**
   * @param changedElsewhere - Says whether another process wrote since it was last asked (an
   *   import beside a running server on SQLite); everything is forgotten then.
   */
  constructor(private readonly maxBytes = 16 * 1024 * 1024, private readonly changedElsewhere?: () => boolean) {}

  /** The answer stored under `key`, or the one `produce` makes (kept if nothing changed meanwhile). */
  async get(key: string, posts: readonly string[], produce: () => Promise<unknown>): Promise<CachedBody> {
    if (this.changedElsewhere?.()) this.reset(this.#enabled);
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key); // re-insert: most recently used
      this.#entries.set(key, hit);
      return hit.body;
    }
    const epoch = this.#epoch;
    const generations = posts.map((post) => this.#generations.get(post) ?? 0);
    const unchanged = () => epoch === this.#epoch && posts.every((post, i) => (this.#generations.get(post) ?? 0) === generations[i]);
    // Readers who miss together share one read (a popular post after a write would otherwise send
    // every waiting reader to the database at once), as long as no write came in since it began.
    const flight = this.#flights.get(key);
    if (flight?.current()) return flight.body;
    const body = produce().then(cachedBody);
    this.#flights.set(key, {body, current: unchanged});
    try {
      const answer = await body;
      if (this.#enabled && unchanged() && this.maxBytes > 0) this.#store(key, {body: answer, posts});
      return answer;
    } finally {
      if (this.#flights.get(key)?.body === body) this.#flights.delete(key);
    }
  }

  /** A write changed `postId`: forget every answer that shows it. */
  invalidate(postId: string): void {
    this.#generations.set(postId, (this.#generations.get(postId) ?? 0) + 1);
    for (const key of this.#keysByPost.get(postId) ?? []) this.#delete(key);
    this.#keysByPost.delete(postId);
  }

  /** Forgets everything, and stops or resumes keeping answers (while changes elsewhere cannot be heard). */
  reset(enabled: boolean): void {
    this.#epoch++;
    this.#enabled = enabled;
    this.#entries.clear();
    this.#keysByPost.clear();
    this.#generations.clear();
    this.#bytes = 0;
  }

  /** How many answers and JSON bytes are held (for tests and figures). */
  get size(): {entries: number; bytes: number} {
    return {entries: this.#entries.size, bytes: this.#bytes};
  }

  #store(key: string, entry: Entry): void {
    const bytes = entry.body.bytes.byteLength;
    if (bytes > this.maxBytes / 4) return; // one huge answer must not empty the cache
    this.#entries.set(key, entry);
    this.#bytes += bytes;
    for (const post of entry.posts) {
      let keys = this.#keysByPost.get(post);
      if (!keys) this.#keysByPost.set(post, (keys = new Set()));
      keys.add(key);
    }
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.maxBytes) break;
      this.#delete(oldest);
    }
  }

  #delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.body.bytes.byteLength;
    for (const post of entry.posts) this.#keysByPost.get(post)?.delete(key);
  }
}
