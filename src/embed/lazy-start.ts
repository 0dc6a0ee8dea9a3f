/**
 * The embed's first few hundred bytes: it loads the widget only when a `<colloquy-comments>` comes
 * near the viewport, so a page whose comments are far below the article pays nothing for them until
 * its reader gets there. Until then each element holds a placeholder of the height it had on this
 * reader's last visit (or a typical one), so nothing below it moves when the thread arrives.
 */

import {heightKey, HEIGHTS_KEY, PLACEHOLDER_ATTRIBUTE} from '../internal/placeholder.js';

/** The widget, beside the loader (a name, not a literal URL: bundlers would try to resolve it). */
export const APP = './colloquy-app.js';
/** `<colloquy-count>`, beside the loader: a few kB, for index pages. */
export const COUNT = './colloquy-count.js';
/** How far from the viewport a thread starts loading: a fast scroll still finds it ready. */
const NEAR = '800px';
/** A thread with its form is about this tall; a returning reader's own measure is better. */
const TYPICAL_HEIGHT = '24rem';

/** Calls `load` once, when a thread is near the viewport, or at once when the page asks for it. */
export function startWhenNear(load: () => Promise<unknown>): void {
  // A link to one comment needs its thread now, and old browsers get it at once too.
  if (location.hash.startsWith('#comment-') || typeof IntersectionObserver === 'undefined') return run(load);
  let started = false;
  const near = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && start(), {rootMargin: `${NEAR} 0px`});
  // Threads added later (a page that renders on the client) are watched too.
  const added = new MutationObserver(() => watch());
  const seen = new WeakSet<Element>();
  function start(): void {
    if (started) return;
    started = true;
    near.disconnect();
    added.disconnect();
    run(load);
  }
  function watch(): void {
    for (const element of document.querySelectorAll('colloquy-comments')) {
      if (seen.has(element)) continue;
      seen.add(element);
      if (element.getAttribute('loading') === 'eager') return start();
      holdPlace(element as HTMLElement);
      near.observe(element);
    }
  }
  added.observe(document.documentElement, {childList: true, subtree: true});
  watch();
}

/** Calls `load` once, as soon as the page has a `<colloquy-count>` (now or later): counts are short and often near the top. */
export function startCounts(load: () => Promise<unknown>): void {
  const found = () => document.querySelector('colloquy-count') !== null;
  if (found()) return run(load);
  const added = new MutationObserver(() => {
    if (!found()) return;
    added.disconnect();
    run(load);
  });
  added.observe(document.documentElement, {childList: true, subtree: true});
}

function run(load: () => Promise<unknown>): void {
  load().catch((error: unknown) => console.error('[colloquy] The widget could not load.', error));
}

/** Reserves the thread's height until the widget has drawn it. */
function holdPlace(element: HTMLElement): void {
  if (element.style.minHeight) return; // the page sized it itself
  element.style.display = 'block';
  element.style.minHeight = rememberedHeight(element) ?? TYPICAL_HEIGHT;
  element.setAttribute(PLACEHOLDER_ATTRIBUTE, '');
}

function rememberedHeight(element: Element): string | undefined {
  try {
    const heights: unknown = JSON.parse(localStorage.getItem(HEIGHTS_KEY) ?? '{}');
    const height = (heights as Record<string, unknown>)[heightKey(element.getAttribute('api') ?? '', element.getAttribute('post-id') || location.pathname)];
    return typeof height === 'number' && height > 0 && height < 100_000 ? `${Math.round(height)}px` : undefined;
  } catch {
    return undefined; // no storage here (a sandboxed frame, a private mode)
  }
}
