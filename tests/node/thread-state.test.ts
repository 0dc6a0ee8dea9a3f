import {describe, expect, it} from 'vitest';

import {emptyThread, threadReducer, threadView, type ThreadAction, type ThreadState} from '../../src/model/thread-state.js';
import type {Comment, ThreadPage} from '../../src/protocol/index.js';

let clock = 0;
function c(id: string, parentId: string | null = null, extra: Partial<Comment> = {}): Comment {
  return {id, postId: 'p', parentId, author: {name: id}, body: id, status: 'published',
    createdAt: new Date(Date.UTC(2026, 0, 1) + ++clock * 1000).toISOString(), ...extra};
}

function page(comments: Comment[], total = comments.length, nextCursor: string | null = null): ThreadPage {
  return {postId: 'p', order: 'oldest', total, comments, nextCursor};
}

function run(...actions: ThreadAction[]): ThreadState {
  return actions.reduce(threadReducer, emptyThread('oldest'));
}

const ids = (state: ThreadState) => threadView(state).comments.map((x) => x.id);

describe('threadReducer and threadView', () => {
  it('shows nothing and counts nothing before the first page', () => {
    const state = run({type: 'own', comments: [c('1')]});
    expect(threadView(state)).toEqual({comments: [], nodes: [], total: 0, nextCursor: null, closed: false, moreReplies: new Map(), unloaded: 0});
  });

  it('shows pages in order, follows the last cursor, and sums what could not be shown', () => {
    const state = run(
      {type: 'first-page', page: page([c('1'), c('2', '1')], 5, 'a'), dropped: 1},
      {type: 'next-page', page: page([c('3')], 5, null), dropped: 2},
    );
    expect(ids(state)).toEqual(['1', '2', '3']);
    expect(threadView(state)).toMatchObject({total: 5, nextCursor: null});
    expect(state.dropped).toBe(3);
  });

  it('replaces the pages when the first page arrives again, and forgets everything on reset', () => {
    let state = run({type: 'first-page', page: page([c('1')], 1, 'a'), dropped: 0}, {type: 'next-page', page: page([c('2')]), dropped: 0});
    state = threadReducer(state, {type: 'first-page', page: page([c('9')]), dropped: 0});
    expect(ids(state)).toEqual(['9']);
    state = threadReducer(threadReducer(state, {type: 'own', comments: [c('10')]}), {type: 'reset', order: 'newest'});
    expect(state).toEqual(emptyThread('newest'));
  });

  it('adds this reader\'s comments once, counts the published ones, and not the ones awaiting moderation', () => {
    const root = c('1');
    const mine = c('2', '1');
    const held = c('3', null, {status: 'pending'});
    const state = run(
      {type: 'first-page', page: page([root], 1), dropped: 0},
      {type: 'own', comments: [mine, held]},
      {type: 'own', comments: [mine]}, // a replayed answer
    );
    expect(ids(state)).toEqual(['1', '2', '3']);
    expect(threadView(state).total).toBe(2);
    expect(threadView(state).nodes[0]!.replies.map((n) => n.comment.id)).toEqual(['2']);
  });

  it('does not add a comment of its own twice once a page holds it', () => {
    const mine = c('2');
    const state = run(
      {type: 'first-page', page: page([c('1')], 1, 'a'), dropped: 0},
      {type: 'own', comments: [mine]},
      {type: 'next-page', page: page([mine], 2), dropped: 0},
    );
    expect(ids(state)).toEqual(['1', '2']);
    expect(threadView(state).total).toBe(2);
  });

  it('puts new top-level comments of its own first in a newest-first thread', () => {
    const state = [
      {type: 'first-page', page: {...page([c('1')]), order: 'newest'}, dropped: 0},
      {type: 'own', comments: [c('2')]},
    ].reduce((s, a) => threadReducer(s, a as ThreadAction), emptyThread('newest'));
    expect(ids(state)).toEqual(['2', '1']);
  });

  it('shows an edit in place and a tombstone instead of a deleted comment, counting one fewer', () => {
    const root = c('1');
    const reply = c('2', '1');
    let state = run({type: 'first-page', page: page([root, reply]), dropped: 0});
    state = threadReducer(state, {type: 'changed', comment: {...reply, body: 'edited'}});
    expect(threadView(state).comments[1]!.body).toBe('edited');
    expect(threadView(state).total).toBe(2);
    const tombstone = {...root, status: 'deleted', body: '', author: {name: ''}} as unknown as Comment;
    state = threadReducer(state, {type: 'changed', comment: tombstone});
    expect(ids(state)).toEqual(['1', '2']);
    expect(threadView(state).total).toBe(1);
    expect(threadView(state).nodes[0]!.replies).toHaveLength(1); // the reply keeps its place
  });

  it('removes a deleted comment without replies and counts one fewer; a held one removed changes no count', () => {
    const held = c('3', null, {status: 'pending'});
    let state = run({type: 'first-page', page: page([c('1'), c('2')]), dropped: 0}, {type: 'own', comments: [held]});
    state = threadReducer(threadReducer(state, {type: 'removed', id: '2'}), {type: 'removed', id: '3'});
    expect(ids(state)).toEqual(['1']);
    expect(threadView(state).total).toBe(1);
  });

  it('never counts fewer than the pages show, whatever total a backend claims', () => {
    const state = run({type: 'first-page', page: page([c('1'), c('2'), c('3')], 0), dropped: 0});
    expect(threadView(state).total).toBe(3);
  });

  it('shows a comment a hostile page repeats once, and counts it once', () => {
    const one = c('1');
    const state = run({type: 'first-page', page: page([one, c('2')], 0, 'a'), dropped: 0}, {type: 'next-page', page: page([one]), dropped: 0});
    expect(ids(state)).toEqual(['1', '2']);
    expect(threadView(state).total).toBe(2);
  });

  it('returns the same state when told nothing new, so views are not rebuilt', () => {
    const state = run({type: 'first-page', page: page([c('1')]), dropped: 0});
    expect(threadReducer(state, {type: 'own', comments: []})).toBe(state);
  });

  it('is closed when the newest page says so, or once the server refused a comment for it', () => {
    let state = run({type: 'first-page', page: {...page([c('1')]), closed: true}, dropped: 0});
    expect(threadView(state).closed).toBe(true);
    state = run({type: 'first-page', page: page([c('1')]), dropped: 0});
    expect(threadView(state).closed).toBe(false);
    state = threadReducer(state, {type: 'closed'});
    expect(threadView(state).closed).toBe(true);
    expect(threadReducer(state, {type: 'closed'})).toBe(state);
  });

  it('adds more replies of a thread where they belong, follows each thread\'s cursor, and forgets them with a new first page', () => {
    const first: ThreadPage = {...page([c('1'), c('2'), c('10', '1')], 6), moreReplies: {'1': {remaining: 3, cursor: 'a'}}};
    const more = (comments: Comment[], next: {remaining: number; cursor: string} | null) =>
      ({type: 'more-replies', page: {postId: '/p', rootId: '1', comments, more: next}, dropped: 0}) as const;
    let state = run({type: 'first-page', page: first, dropped: 0});
    expect(threadView(state).moreReplies.get('1')).toEqual({remaining: 3, cursor: 'a'});
    expect(threadView(state).unloaded).toBe(3);
    state = threadReducer(state, more([c('11', '10'), c('12', '1')], {remaining: 1, cursor: 'b'}));
    expect(threadView(state).moreReplies.get('1')).toEqual({remaining: 1, cursor: 'b'});
    state = threadReducer(state, more([c('12', '1'), c('13', '11')], null));
    const view = threadView(state);
    expect(view.moreReplies.size).toBe(0);
    expect(view.nodes.map((n) => n.comment.id)).toEqual(['1', '2']);
    expect(view.nodes[0]!.replies.map((n) => n.comment.id)).toEqual(['10', '12']);
    expect(view.nodes[0]!.replies[0]!.replies[0]!.replies.map((n) => n.comment.id)).toEqual(['13']);
    expect(view.comments.filter((x) => x.id === '12')).toHaveLength(1); // sent twice, shown once
    expect(view.total).toBe(6);
    expect(view.unloaded).toBe(0);
    expect(ids(threadReducer(state, {type: 'first-page', page: page([c('1')]), dropped: 0}))).toEqual(['1']);
  });
});
