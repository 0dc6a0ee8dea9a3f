import {LIMITS, type Comment, type Order} from '../protocol/index.js';

/** A comment with its replies, as the widget shows it. */
export interface ThreadNode {
  readonly comment: Comment;
  /** 0 for a root. */
  readonly depth: number;
  readonly replies: readonly ThreadNode[];
}

interface MutableNode {
  comment: Comment;
  depth: number;
  replies: MutableNode[];
}

/** Ties of date broken by ID, numerically when both are numbers, so every reader sees the same order. */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Nests comments by `parentId`. Roots keep the order they arrive in (the
 * server's page order); replies read oldest first. Whatever the data:
 * - a repeated ID keeps its first comment;
 * - a comment whose parent is missing, or whose parent chain loops, becomes a root;
 * - nesting stops at `maxDepth`: deeper replies join their ancestor at that depth.
 * Iterative throughout, so a hostile 100 000-deep chain cannot overflow the stack.
 */
export function buildThread(comments: readonly Comment[], {maxDepth = LIMITS.maxDepth as number} = {}): ThreadNode[] {
  const byId = new Map<string, Comment>();
  for (const comment of comments) if (!byId.has(comment.id)) byId.set(comment.id, comment);

  // Resolve each comment's depth and effective parent by walking up, memoising as we go.
  const depthOf = new Map<string, number>();
  const parentOf = new Map<string, string | null>();
  for (const start of byId.values()) {
    const path: Comment[] = [];
    const onPath = new Set<string>();
    let current: Comment | undefined = start;
    let baseDepth = -1;
    while (current && !depthOf.has(current.id)) {
      if (onPath.has(current.id)) {
        // A loop: the comment that closes it becomes a root, and the walk restarts from it.
        const loopStart = path.findIndex((c) => c.id === current!.id);
        for (const member of path.splice(loopStart)) onPath.delete(member.id);
        parentOf.set(current.id, null);
        depthOf.set(current.id, 0);
        break;
      }
      path.push(current);
      onPath.add(current.id);
      const parentId: string | null = current.parentId;
      current = parentId === null || parentId === current.id ? undefined : byId.get(parentId);
    }
    if (current && depthOf.has(current.id)) baseDepth = depthOf.get(current.id)!;
    // `path` runs from `start` upwards; assign depths from the top down.
    for (let i = path.length - 1; i >= 0; i--) {
      const comment = path[i]!;
      const parent = i === path.length - 1 ? current : path[i + 1];
      if (!parent) {
        parentOf.set(comment.id, null);
        depthOf.set(comment.id, 0);
      } else {
        parentOf.set(comment.id, parent.id);
        depthOf.set(comment.id, (i === path.length - 1 ? baseDepth : depthOf.get(parent.id)!) + 1);
      }
    }
  }

  // Attach top-down by depth, so a reply past the cap can reuse its parent's already-resolved attachment point.
  const byDepth: Comment[][] = [];
  for (const comment of byId.values()) (byDepth[depthOf.get(comment.id)!] ??= []).push(comment);
  const nodes = new Map<string, MutableNode>();
  const attachTo = new Map<string, MutableNode | null>(); // where a comment's replies go
  const roots: MutableNode[] = [];
  for (const level of byDepth) {
    for (const comment of level ?? []) {
      const depth = depthOf.get(comment.id)!;
      const node: MutableNode = {comment, depth: Math.min(depth, maxDepth), replies: []};
      nodes.set(comment.id, node);
      const parentId = parentOf.get(comment.id) ?? null;
      const parent = parentId === null ? null : attachTo.get(parentId) ?? null;
      (parent ? parent.replies : roots).push(node);
      // Past the cap, this comment's replies join its own level instead of nesting deeper.
      attachTo.set(comment.id, depth < maxDepth ? node : parent);
    }
  }
  // Oldest first. Dates are read once each, not on every comparison: a big thread sorts thousands.
  const time = new Map<Comment, number>();
  const timeOf = (comment: Comment) => time.get(comment) ?? time.set(comment, Date.parse(comment.createdAt)).get(comment)!;
  for (const node of nodes.values()) {
    if (node.replies.length > 1) {
      node.replies.sort((a, b) => timeOf(a.comment) - timeOf(b.comment) || compareIds(a.comment.id, b.comment.id));
    }
  }
  return roots;
}

/**
 * The comments to show: loaded pages in order, then comments posted from this
 * page since (at the end of an oldest-first thread, at the top of a newest-first one).
 * `added` counts the posted ones no loaded page holds yet, for the heading's total.
 */
export function mergeComments(pages: readonly (readonly Comment[])[], posted: readonly Comment[], order: Order):
  {comments: Comment[]; added: number} {
  const loaded = pages.flat();
  const known = new Set(loaded.map((c) => c.id));
  const fresh = posted.filter((c) => !known.has(c.id));
  const freshRoots = fresh.filter((c) => c.parentId === null);
  const freshReplies = fresh.filter((c) => c.parentId !== null);
  const comments = order === 'newest' ? [...freshRoots.reverse(), ...loaded, ...freshReplies] : [...loaded, ...fresh];
  return {comments, added: fresh.length};
}

/** Every node's place when the thread is read top to bottom (depth first). Iterative: threads can be deep. */
export function readingOrder(roots: readonly ThreadNode[]): Map<ThreadNode, number> {
  const order = new Map<ThreadNode, number>();
  const stack = [...roots].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    order.set(node, order.size);
    for (let i = node.replies.length - 1; i >= 0; i--) stack.push(node.replies[i]!);
  }
  return order;
}

/** A reply and the comment it answers, for layouts where its place no longer shows that. */
export interface AnsweredReply {
  readonly node: ThreadNode;
  readonly parent: ThreadNode;
}

/**
 * Every reply below `root`, at any depth, oldest first (the `one-level` and `flat` layouts). Replies
 * written at the same moment keep their reading order.
 */
export function repliesOldestFirst(root: ThreadNode): AnsweredReply[] {
  const replies: (AnsweredReply & {at: number})[] = [];
  // Depth first without recursion (reading order), so no depth of thread can overflow the stack.
  const stack: AnsweredReply[] = [...root.replies].reverse().map((node) => ({node, parent: root}));
  while (stack.length) {
    const {node, parent} = stack.pop()!;
    replies.push({node, parent, at: Date.parse(node.comment.createdAt)});
    for (let i = node.replies.length - 1; i >= 0; i--) stack.push({node: node.replies[i]!, parent: node});
  }
  return replies.sort((a, b) => a.at - b.at).map(({node, parent}) => ({node, parent})); // a stable sort
}
