import type {ModerationMode} from './schema.js';

/** How the site moderates, from the server's configuration; a post may override the mode. */
export interface ModerationSettings {
  readonly mode: ModerationMode;
  /** Threads take comments for this many days after the post is first seen; 0 keeps them open. */
  readonly closeAfterDays: number;
}

export const DEFAULT_MODERATION: ModerationSettings = {mode: 'none', closeAfterDays: 0};

/** What the store knows of a post when a comment arrives. */
export interface PostState {
  readonly moderation: ModerationMode | null;
  readonly closed: boolean;
  readonly openedMs: number | null;
}

/** True when the thread takes no new comments: closed by its owner, or older than the site allows. */
export function isClosed(post: PostState | undefined, settings: ModerationSettings, now: number): boolean {
  if (!post) return false;
  if (post.closed) return true;
  return settings.closeAfterDays > 0 && post.openedMs !== null && now - post.openedMs > settings.closeAfterDays * 86_400_000;
}

/** Whether a new comment publishes at once or waits, and why it waits. */
export interface Verdict {
  readonly status: 'published' | 'pending';
  /** The reasons it was held, for the admin page (`moderation: all`, `first comment`…); null when published. */
  readonly heldFor: string | null;
}

/**
 * The mode decides: `none` publishes, `all` holds, `first` holds until an author has a published
 * comment (recognised by email and name, so an author who gives no email always waits).
 */
export function decide(mode: ModerationMode, {knownAuthor}: {readonly knownAuthor: boolean}): Verdict {
  if (mode === 'all') return {status: 'pending', heldFor: 'every comment waits on this site'};
  if (mode === 'first' && !knownAuthor) return {status: 'pending', heldFor: 'first comment from this author'};
  return {status: 'published', heldFor: null};
}
