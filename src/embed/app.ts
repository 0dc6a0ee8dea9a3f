/**
 * `colloquy-app.js`: what a reader needs to read a thread. The comment form and the Markdown parser
 * are separate files beside it, loaded when wanted. Loading it directly starts the widget at once.
 */
import {ColloquyComments} from '../components/comments/comments.js';
import {defineOnce} from '../internal/define-once.js';

defineOnce('colloquy-comments', ColloquyComments);
