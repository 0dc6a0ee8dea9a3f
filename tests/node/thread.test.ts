import {describe, expect, it} from 'vitest';

import {buildThread, mergeComments, readingOrder, repliesOldestFirst, type ThreadNode} from '../../src/model/thread.js';
import type {Comment} from '../../src/protocol/index.js';

let clock = 0;
function c(id: string, parentId: string | null = null, createdAt?: string): Comment {
  return {id, postId: 'p', parentId, author: {name: id}, body: id, status: 'published',
    createdAt: createdAt ?? new Date(Date.UTC(2026, 0, 1) + ++clock * 1000).toISOString()};
}

/** The tree as nested arrays of IDs: [['1', [['2', []]]]]. */
function shape(nodes: readonly ThreadNode[]): unknown[] {
  return nodes.map((n) => [n.comment.id, shape(n.replies)]);
}

describe('buildThread', () => {
  it('nests replies under their parents, keeping root order and sorting replies oldest first', () => {
    const comments = [c('10'), c('1'), c('3', '1', '2026-02-02T00:00:00.000Z'), c('2', '1', '2026-02-01T00:00:00.000Z'), c('4', '2')];
    expect(shape(buildThread(comments))).toEqual([['10', []], ['1', [['2', [['4', []]]], ['3', []]]]]);
  });

  it('breaks ties between replies of the same instant by numeric ID', () => {
    const at = '2026-03-01T00:00:00.000Z';
    expect(shape(buildThread([c('1'), c('10', '1', at), c('9', '1', at)]))).toEqual([['1', [['9', []], ['10', []]]]]);
  });

  it('records depth', () => {
    const [root] = buildThread([c('1'), c('2', '1'), c('3', '2')]);
    expect([root!.depth, root!.replies[0]!.depth, root!.replies[0]!.replies[0]!.depth]).toEqual([0, 1, 2]);
  });

  it('makes orphans roots', () => {
    expect(shape(buildThread([c('2', 'missing'), c('3', '2')]))).toEqual([['2', [['3', []]]]]);
  });

  it('keeps the first of two comments with one ID', () => {
    const first = c('1');
    const nodes = buildThread([first, {...c('1'), body: 'second'}]);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]!.comment).toBe(first);
  });

  it('breaks cycles in parent IDs instead of looping or losing comments', () => {
    const nodes = buildThread([c('1', '3'), c('2', '1'), c('3', '2'), c('4', '4'), c('5', '2')]);
    const ids: string[] = [];
    const walk = (list: readonly ThreadNode[]) => list.forEach((n) => (ids.push(n.comment.id), walk(n.replies)));
    walk(nodes);
    expect(ids.sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(nodes.map((n) => n.comment.id)).toContain('4');
  });

  it('stops nesting at maxDepth: deeper replies join the deepest allowed level', () => {
    const chain = [c('0'), ...Array.from({length: 6}, (_, i) => c(String(i + 1), String(i)))];
    const [root] = buildThread(chain, {maxDepth: 3});
    const level3 = root!.replies[0]!.replies[0]!.replies;
    expect(level3.map((n) => [n.comment.id, n.depth])).toEqual([['3', 3], ['4', 3], ['5', 3], ['6', 3]]);
    expect(level3.every((n) => n.replies.length === 0)).toBe(true);
  });

  it('handles a 100 000-deep chain without overflowing the stack', () => {
    const chain = Array.from({length: 100_000}, (_, i) => c(String(i), i ? String(i - 1) : null));
    const nodes = buildThread(chain);
    expect(nodes).toHaveLength(1);
  });

  it('handles a 100 000-long cycle', () => {
    const n = 100_000;
    const cycle = Array.from({length: n}, (_, i) => c(String(i), String((i + 1) % n)));
    expect(buildThread(cycle).length).toBeGreaterThanOrEqual(1);
  });
});

describe('mergeComments', () => {
  it('appends comments posted here after loaded pages, skipping ones already loaded', () => {
    const [a, b, d] = [c('1'), c('2'), c('3', '1')];
    const merged = mergeComments([[a], [b]], [b, d], 'oldest');
    expect(merged.comments.map((x) => x.id)).toEqual(['1', '2', '3']);
    expect(merged.added).toBe(1);
  });

  it('puts new roots first in a newest-first thread', () => {
    const [a, b, r] = [c('1'), c('2'), c('3', '1')];
    const merged = mergeComments([[a]], [b, r], 'newest');
    expect(merged.comments.map((x) => x.id)).toEqual(['2', '1', '3']);
    expect(merged.added).toBe(2);
  });
});

describe('readingOrder', () => {
  it('numbers comments as a reader meets them: each thread depth first, replies in order', () => {
    const roots = buildThread([c('1'), c('2', '1'), c('3', '2'), c('4', '1'), c('5')]);
    const order = readingOrder(roots);
    const ids = [...order.entries()].sort((a, b) => a[1] - b[1]).map(([node]) => node.comment.id);
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
  });

  it('walks a 100 000-deep chain without overflowing the stack', () => {
    const chain = Array.from({length: 100_000}, (_, i) => c(`d${i}`, i === 0 ? null : `d${i - 1}`));
    expect(readingOrder(buildThread(chain, {maxDepth: 200_000})).size).toBe(100_000);
  });
});

describe('repliesOldestFirst', () => {
  it('lists every reply below a root, at any depth, oldest first, each with the comment it answers', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();
    const [root] = buildThread([c('1', null, at(0)), c('2', '1', at(1)), c('3', '1', at(2)), c('4', '2', at(3)), c('5', '4', at(4))]);
    expect(repliesOldestFirst(root!).map(({node, parent}) => `${node.comment.id}<${parent.comment.id}`)).toEqual(['2<1', '3<1', '4<2', '5<4']);
  });

  it('keeps reading order for replies written at the same moment, and has nothing for a comment without replies', () => {
    const same = new Date(Date.UTC(2026, 2, 1)).toISOString();
    const [root] = buildThread([c('1', null, same), c('2', '1', same), c('3', '1', same), c('4', '2', same)]);
    expect(repliesOldestFirst(root!).map(({node}) => node.comment.id)).toEqual(['2', '4', '3']);
    expect(repliesOldestFirst(buildThread([c('9')])[0]!)).toEqual([]);
  });
});

describe('repliesOldestFirst on a deep chain', () => {
  it('walks 100 000 levels without overflowing the stack', () => {
    const chain = [c('0')];
    for (let i = 1; i < 100_000; i++) chain.push(c(String(i), String(i - 1)));
    const [root] = buildThread(chain, {maxDepth: Infinity});
    const replies = repliesOldestFirst(root!);
    expect(replies).toHaveLength(99_999);
    expect(replies[99_998]!.parent.comment.id).toBe('99998');
  });
});
