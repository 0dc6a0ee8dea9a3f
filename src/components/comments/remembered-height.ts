import {readJson, writeJson} from '../../controllers/local-storage.js';
import {HEIGHTS_KEY} from '../../internal/placeholder.js';

// The thread's height when the reader left it: the embed's placeholder on their next visit.

/** How many threads' heights are kept for placeholders: the most recently read ones. */
const HEIGHTS_KEPT = 20;

export function rememberHeight(key: string, height: number): void {
  if (height <= 0) return;
  const heights = readJson<Record<string, number>>(HEIGHTS_KEY) ?? {};
  delete heights[key];
  const entries = [...Object.entries(heights), [key, height] as const].slice(-HEIGHTS_KEPT);
  writeJson(HEIGHTS_KEY, Object.fromEntries(entries));
}
