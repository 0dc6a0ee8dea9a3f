// What the thread loads only when it is wanted.

/** Registers the comment form, once; a reader who replies before it has loaded waits for it here. */
export function loadComposer(): Promise<unknown> {
  return customElements.get('colloquy-composer') ? Promise.resolve() : import('../composer/define.js').then((module) => module.defineComposer());
}

export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, {timeout: 2000});
  else setTimeout(work, 200);
}
