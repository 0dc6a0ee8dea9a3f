import {readJson, withStorage} from './local-storage.js';

/*
 * Where unsent comments are kept, for the thread to find them without loading the comment form
 * (DraftController, which reads and writes them, comes with the form).
 */

/** What the thread needs to know of a stored draft. */
interface StoredDraft {
  readonly body?: unknown;
}

/** The storage key of the draft for one post and one parent (`root` for a new thread). */
export function draftKey(postId: string, parentId: string | null): string {
  return `colloquy-draft:${postId}:${parentId ?? 'root'}`;
}

/** True when a draft with text is waiting for `postId` and `parentId` (a reply form can reopen itself). */
export function hasDraft(postId: string, parentId: string | null): boolean {
  return Boolean(readJson<StoredDraft>(draftKey(postId, parentId))?.body);
}

/** The comments of `postId` with a reply draft waiting, found in one pass over storage (not one read per comment). */
export function replyDrafts(postId: string): string[] {
  const prefix = draftKey(postId, '');
  return withStorage((s) => Array.from({length: s.length}, (_, i) => s.key(i))
    .filter((key): key is string => key !== null && key.startsWith(prefix) && key !== draftKey(postId, null))
    .filter((key) => hasText(s.getItem(key)))
    .map((key) => key.slice(prefix.length))) ?? [];
}

function hasText(raw: string | null): boolean {
  try {
    const draft: unknown = JSON.parse(raw ?? '');
    return typeof draft === 'object' && draft !== null && typeof (draft as StoredDraft).body === 'string' && (draft as StoredDraft).body !== '';
  } catch {
    return false;
  }
}
