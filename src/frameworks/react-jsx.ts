/**
 * `colloquy/react-jsx`: types for Colloquy's elements in React 19's JSX, which renders custom elements
 * as they are (attributes, properties, and `on<event-name>` listeners). Bring them in once:
 * `import type {} from 'colloquy/react-jsx';`.
 */
import type {HTMLAttributes, DetailedHTMLProps} from 'react';

import type {ColloquyComments, Nesting} from '../components/comments/comments.js';
import type {ColloquyCount} from '../components/count/count.js';
import type {ColloquyCommentDeletedEvent, ColloquyCommentEditedEvent, ColloquyCommentPostedEvent, ColloquyErrorEvent} from '../events.js';
import type {Order} from '../protocol/index.js';

/** The attributes and events of `<colloquy-comments>` (see its JSDoc for what each does). */
export interface ColloquyCommentsJsx extends DetailedHTMLProps<HTMLAttributes<ColloquyComments>, ColloquyComments> {
  api?: string;
  'post-id'?: string;
  order?: Order;
  'page-size'?: number | `${number}`;
  theme?: 'auto' | 'light' | 'dark';
  nesting?: Nesting;
  /** `eager` starts the thread at once instead of when it nears the viewport (the script embed). */
  loading?: 'lazy' | 'eager';
  'oncolloquy-comment-posted'?: (event: ColloquyCommentPostedEvent) => void;
  'oncolloquy-comment-edited'?: (event: ColloquyCommentEditedEvent) => void;
  'oncolloquy-comment-deleted'?: (event: ColloquyCommentDeletedEvent) => void;
  'oncolloquy-error'?: (event: ColloquyErrorEvent) => void;
}

/** The attributes of `<colloquy-count>`. */
export interface ColloquyCountJsx extends DetailedHTMLProps<HTMLAttributes<ColloquyCount>, ColloquyCount> {
  api?: string;
  'post-id'?: string;
  href?: string;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- how React's JSX types are extended
  namespace JSX {
    interface IntrinsicElements {
      'colloquy-comments': ColloquyCommentsJsx;
      'colloquy-count': ColloquyCountJsx;
    }
  }
}
