/**
 * `colloquy-count.js`: `<colloquy-count>` alone, for index pages. The embed's loaders import it when a
 * page has a count; a page may also load it directly.
 */
import {ColloquyCount} from '../components/count/count.js';
import {defineOnce} from '../internal/define-once.js';

defineOnce('colloquy-count', ColloquyCount);
