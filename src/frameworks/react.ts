/**
 * `colloquy/react`: Colloquy's elements as React components, for React 18 and later. Props are set as
 * the elements' properties (`postId`, `pageSize`, …) and events arrive through typed callbacks
 * (`onCommentPosted`…). Importing this registers the elements. React 19 also renders the elements
 * as they are; `colloquy/react-jsx` types them for its JSX.
 */
import {createComponent, type EventName} from '@lit/react';
import * as React from 'react';

import {ColloquyComments as CommentsElement} from '../components/comments/comments.js';
import {ColloquyCount as CountElement} from '../components/count/count.js';
import '../define.js';
import type {ColloquyCommentDeletedEvent, ColloquyCommentEditedEvent, ColloquyCommentPostedEvent, ColloquyErrorEvent} from '../events.js';

/** `<colloquy-comments>`: `<ColloquyComments api="https://comments.example.com" postId="hello" onCommentPosted={…} />`. */
export const ColloquyComments = createComponent({
  tagName: 'colloquy-comments',
  elementClass: CommentsElement,
  react: React,
  events: {
    onCommentPosted: 'colloquy-comment-posted' as EventName<ColloquyCommentPostedEvent>,
    onCommentEdited: 'colloquy-comment-edited' as EventName<ColloquyCommentEditedEvent>,
    onCommentDeleted: 'colloquy-comment-deleted' as EventName<ColloquyCommentDeletedEvent>,
    onError: 'colloquy-error' as EventName<ColloquyErrorEvent>,
  },
  displayName: 'ColloquyComments',
});

/** `<colloquy-count>`: `<ColloquyCount api="https://comments.example.com" postId="hello" href="/hello#comments" />`. */
export const ColloquyCount = createComponent({
  tagName: 'colloquy-count',
  elementClass: CountElement,
  react: React,
  displayName: 'ColloquyCount',
});
