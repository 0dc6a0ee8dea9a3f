/**
 * `colloquy.iife.js`: the classic-script embed, for pages that cannot use a module script. The same
 * loader; the widget itself is the module beside it, imported when a thread nears the viewport.
 */
import {APP, COUNT, startCounts, startWhenNear} from './lazy-start.js';

const here = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
startWhenNear(() => import(/* @vite-ignore */ new URL(APP, here).href));
startCounts(() => import(/* @vite-ignore */ new URL(COUNT, here).href));
