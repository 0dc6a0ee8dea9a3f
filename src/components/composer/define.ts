import {defineOnce} from '../../internal/define-once.js';
import {ColloquyComposer} from './composer.js';

export {replyDrafts} from '../../controllers/drafts.js';

/** Registers the comment form: `<colloquy-comments>` loads this module when a form is wanted. */
export function defineComposer(): void {
  defineOnce('colloquy-composer', ColloquyComposer);
}
