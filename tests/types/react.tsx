// Type checks of Colloquy in React, run by tests/node/framework-types.test.ts (`tsc -p tests/types`).
// Each `@ts-expect-error` must be an error: a mistake a page's author makes is caught at build time.
import type {} from '../../src/frameworks/react-jsx.js';
import {ColloquyComments, ColloquyCount} from '../../src/frameworks/react.js';
import type {ColloquyCommentPostedEvent, ColloquyErrorEvent} from '../../src/events.js';

export const wrapped = <>
  <ColloquyComments api="https://comments.example.com" postId="hello" order="newest" nesting="one-level"
    onCommentPosted={(event) => event.detail.comment.body.toUpperCase()}
    onError={(event) => event.detail.error} />
  <ColloquyCount api="https://comments.example.com" postId="hello" href="/hello#comments" />
  {/* @ts-expect-error: not an order */}
  <ColloquyComments api="x" order="sideways" />
  {/* @ts-expect-error: not a layout of replies */}
  <ColloquyComments api="x" nesting="spiral" />
  {/* @ts-expect-error: a posted comment's detail has no `error` */}
  <ColloquyComments api="x" onCommentPosted={(event) => event.detail.error} />
</>;

export const plain = <>
  <colloquy-comments api="https://comments.example.com" post-id="hello" theme="dark" page-size={20} lang="fr" loading="eager"
    oncolloquy-comment-posted={(event: ColloquyCommentPostedEvent) => event.detail.comment.id}
    oncolloquy-error={(event: ColloquyErrorEvent) => event.detail.error} />
  <colloquy-count api="https://comments.example.com" post-id="hello" href="/hello#comments">Comments</colloquy-count>
  {/* @ts-expect-error: not a theme */}
  <colloquy-comments theme="blue" />
  {/* @ts-expect-error: the event a handler is given is the one it is for */}
  <colloquy-comments oncolloquy-comment-posted={(event: ColloquyErrorEvent) => event.detail.error} />
  {/* @ts-expect-error: no such attribute on the count */}
  <colloquy-count order="newest" />
</>;
