/** Every key Colloquy writes in a site's `localStorage` starts with this. */
export const STORAGE_PREFIX = 'colloquy-';

/**
 * Runs `use` on `localStorage`, which may be missing or throw (sandboxed frames, private modes, a
 * full quota): then nothing is kept, and callers carry on from memory.
 */
export function withStorage<T>(use: (storage: Storage) => T): T | undefined {
  try {
    return use(localStorage);
  } catch {
    return undefined;
  }
}

/** A stored JSON object, or undefined when there is none or it is corrupt (which is no data, not an error). */
export function readJson<T>(key: string): T | undefined {
  const raw = withStorage((s) => s.getItem(key));
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

export function writeJson(key: string, value: unknown): void {
  withStorage((s) => s.setItem(key, JSON.stringify(value)));
}

/**
 * Forgets everything Colloquy keeps in this browser for this site: the reader's name, email and
 * website, unsent drafts, and which comments are theirs (so they can no longer edit or delete them).
 */
export function forgetEverything(): void {
  withStorage((s) => {
    const keys = Array.from({length: s.length}, (_, i) => s.key(i)).filter((k): k is string => k?.startsWith(STORAGE_PREFIX) ?? false);
    for (const key of keys) s.removeItem(key);
  });
}
