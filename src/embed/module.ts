/**
 * `colloquy.js`: the module embed. Loads `colloquy-app.js`, beside it, when a thread nears the viewport,
 * and `colloquy-count.js` when the page shows comment counts.
 */
import {APP, COUNT, startCounts, startWhenNear} from './lazy-start.js';

startWhenNear(() => import(/* @vite-ignore */ new URL(APP, import.meta.url).href));
startCounts(() => import(/* @vite-ignore */ new URL(COUNT, import.meta.url).href));
