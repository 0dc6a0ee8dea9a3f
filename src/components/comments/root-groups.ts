import type {ThreadNode} from '../../model/thread.js';

/*
 * Top-level threads in groups, for rendering: a group whose comments are all unchanged is skipped,
 * so each batch of a big thread costs what it adds, not what is already shown.
 */

export interface RootGroup {
  readonly key: string;
  readonly roots: readonly ThreadNode[];
  /** Reading-order place of the group's first comment, and how many comments (replies included) it holds. */
  readonly start: number;
  readonly size: number;
}

/** Top-level threads per group: small enough that re-rendering the one that grows stays cheap. */
const ROOTS_PER_GROUP = 10;

export function groupRoots(roots: readonly ThreadNode[], order: ReadonlyMap<ThreadNode, number>): RootGroup[] {
  const groups: RootGroup[] = [];
  for (let i = 0; i < roots.length; i += ROOTS_PER_GROUP) {
    const slice = roots.slice(i, i + ROOTS_PER_GROUP);
    const start = order.get(slice[0]!)!;
    const next = roots[i + ROOTS_PER_GROUP];
    groups.push({key: slice[0]!.comment.id, roots: slice, start, size: (next ? order.get(next)! : order.size) - start});
  }
  return groups;
}

/** The key of the group holding reading place `place` (groups are in reading order). */
export function groupAt(groups: readonly RootGroup[], place: number): string {
  let low = 0;
  let high = groups.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (groups[middle]!.start <= place) low = middle;
    else high = middle - 1;
  }
  return groups[low]!.key;
}
