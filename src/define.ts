/**
 * Registers Colloquy's elements. This is what the `<script>` embed runs, and
 * `import 'colloquy/define.js'` for npm users; loading it twice is harmless.
 */
import {ColloquyComments} from './components/comments/comments.js';
import {ColloquyComposer} from './components/composer/composer.js';
import {ColloquyCount} from './components/count/count.js';
import {defineOnce} from './internal/define-once.js';

defineOnce('colloquy-comments', ColloquyComments);
defineOnce('colloquy-composer', ColloquyComposer);
defineOnce('colloquy-count', ColloquyCount);

declare global {
  interface HTMLElementTagNameMap {
    'colloquy-comments': ColloquyComments;
    'colloquy-composer': ColloquyComposer;
    'colloquy-count': ColloquyCount;
  }
}
