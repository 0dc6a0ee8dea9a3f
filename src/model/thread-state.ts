import type {Comment, MoreReplies, Order, RepliesPage, ThreadPage} from '../protocol/index.js';
import {buildThread, mergeComments, type ThreadNode} from './thread.js';

/**
 * Everything the widget knows about one post's thread. Only `threadReducer` makes a new one, so a
 * component re-derives its view only when this object changes.
 */
export interface ThreadState {
  readonly order: Order;
  /** Pages as the server sent them, first to last; empty until the first arrives. */
  readonly pages: readonly ThreadPage[];
  /** Comments the server sent that could not be shown safely. */
  readonly dropped: number;
  /** Replies loaded on demand, beyond what the pages held ("N more replies"), in the order they came. */
  readonly moreLoaded: readonly Comment[];
  /** Where each root thread's replies continue since the pages said, by root ID: `null` when all are loaded. */
  readonly moreReplies: ReadonlyMap<string, MoreReplies | null>;
  /** Comments this reader wrote that the pages may not hold yet: posted here, or held for moderation. */
  readonly own: readonly Comment[];
  /** Newer versions of comments (an edit, a tombstone) that replace what a page holds. */
  readonly updates: ReadonlyMap<string, Comment>;
  /** Comments deleted here that leave nothing behind. */
  readonly removed: ReadonlySet<string>;
  /** The server refused a new comment because the thread is closed (its pages may be older news). */
  readonly closedHere: boolean;
}

/** What can happen to a thread, in the widget's words. */
export type ThreadAction =
  /** Another post, order or server: start again. */
  | {readonly type: 'reset'; readonly order: Order}
  /** The first page arrived (again, after a retry): it replaces the pages. */
  | {readonly type: 'first-page'; readonly page: ThreadPage; readonly dropped: number}
  /** "Show more" brought the next page. */
  | {readonly type: 'next-page'; readonly page: ThreadPage; readonly dropped: number}
  /** "N more replies" brought more of one root thread. */
  | {readonly type: 'more-replies'; readonly page: RepliesPage; readonly dropped: number}
  /** The server stored a comment this reader wrote, or told us of one it holds for them. */
  | {readonly type: 'own'; readonly comments: readonly Comment[]}
  /** The server answered an edit or a delete with the comment as it now is (a tombstone for a deleted one with replies). */
  | {readonly type: 'changed'; readonly comment: Comment}
  /** A comment was deleted and leaves no tombstone. */
  | {readonly type: 'removed'; readonly id: string}
  /** The server said the thread takes no more comments. */
  | {readonly type: 'closed'};

/** A thread with nothing loaded yet. */
export function emptyThread(order: Order): ThreadState {
  return {order, pages: [], dropped: 0, moreLoaded: [], moreReplies: new Map(), own: [], updates: new Map(), removed: new Set(), closedHere: false};
}

/** The one place thread state changes: pure, so it is tested without a browser. */
export function threadReducer(state: ThreadState, action: ThreadAction): ThreadState {
  switch (action.type) {
    case 'reset':
      return emptyThread(action.order);
    case 'first-page':
      return {...state, pages: [action.page], dropped: action.dropped, moreLoaded: [], moreReplies: new Map()};
    case 'next-page':
      return {...state, pages: [...state.pages, action.page], dropped: state.dropped + action.dropped};
    case 'more-replies':
      return {...state, moreLoaded: [...state.moreLoaded, ...action.page.comments], dropped: state.dropped + action.dropped,
        moreReplies: new Map(state.moreReplies).set(action.page.rootId, action.page.more)};
    case 'own': {
      if (action.comments.length === 0) return state;
      const incoming = new Map(action.comments.map((c) => [c.id, c]));
      // A comment seen again (a replayed post, a refreshed status) replaces its earlier copy in place.
      const own = [...state.own.map((c) => incoming.get(c.id) ?? c), ...action.comments.filter((c) => !state.own.some((o) => o.id === c.id))];
      const updates = new Map(state.updates);
      for (const comment of action.comments) if (updates.has(comment.id)) updates.set(comment.id, comment);
      return {...state, own, updates};
    }
    case 'changed':
      return {...state, updates: new Map(state.updates).set(action.comment.id, action.comment)};
    case 'removed':
      return {...state, removed: new Set(state.removed).add(action.id)};
    case 'closed':
      return state.closedHere ? state : {...state, closedHere: true};
  }
}

/** What the widget shows, derived from a state. */
export interface ThreadView {
  /** Every comment to show, in page order, with updates applied and removed ones gone. */
  readonly comments: readonly Comment[];
  readonly nodes: readonly ThreadNode[];
  /** For the heading: published comments on the post, counting what this reader changed since. */
  readonly total: number;
  /** Where the next page starts; null when there is none. */
  readonly nextCursor: string | null;
  /** The thread takes no new comments or replies. */
  readonly closed: boolean;
  /** Root threads with replies not loaded yet, by root ID. */
  readonly moreReplies: ReadonlyMap<string, MoreReplies>;
  /** Comments the server has that no loaded page holds yet (for "Show more comments (N)"). */
  readonly unloaded: number;
}

export function threadView(state: ThreadState): ThreadView {
  const first = state.pages[0];
  if (!first) return {comments: [], nodes: [], total: 0, nextCursor: null, closed: state.closedHere, moreReplies: new Map(), unloaded: 0};
  const loaded = [...state.pages.map((p) => p.comments), state.moreLoaded];
  const inPages = new Set(loaded.flatMap((comments) => comments.map((c) => c.id)));
  const {comments: merged} = mergeComments(loaded, state.own, state.order);
  const comments: Comment[] = [];
  const seen = new Set<string>();
  let loadedPublished = 0;
  let change = 0;
  for (const original of merged) {
    if (seen.has(original.id)) continue; // a page repeating a comment shows it once (the first copy)
    seen.add(original.id);
    const shown = state.updates.get(original.id) ?? original;
    const gone = state.removed.has(original.id);
    // The server's total counts what the pages held as published; anything published or unpublished
    // since, here, it does not know yet.
    const wasCounted = inPages.has(original.id) && original.status === 'published';
    const isCounted = !gone && shown.status === 'published';
    if (wasCounted) loadedPublished++;
    if (wasCounted !== isCounted) change += isCounted ? 1 : -1;
    if (!gone) comments.push(shown);
  }
  // A backend's total may be wrong; never claim fewer comments than the pages show.
  const total = Math.max(first.total, loadedPublished) + change;
  const last = state.pages[state.pages.length - 1]!;
  const moreReplies = new Map<string, MoreReplies>();
  for (const page of state.pages) for (const [rootId, more] of Object.entries(page.moreReplies ?? {})) moreReplies.set(rootId, more);
  for (const [rootId, more] of state.moreReplies) {
    if (more) moreReplies.set(rootId, more);
    else moreReplies.delete(rootId);
  }
  // The newest page knows best; a refusal seen here outranks any page.
  return {comments, nodes: buildThread(comments), total, nextCursor: last.nextCursor, closed: state.closedHere || last.closed === true,
    moreReplies, unloaded: Math.max(first.total, loadedPublished) - loadedPublished};
}
