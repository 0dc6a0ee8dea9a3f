/** `colloquy.js`: the module embed. Loads `colloquy-app.js`, beside it, when a thread nears the viewport. */
import {APP, startWhenNear} from './lazy-start.js';

startWhenNear(() => import(/* @vite-ignore */ new URL(APP, import.meta.url).href));
