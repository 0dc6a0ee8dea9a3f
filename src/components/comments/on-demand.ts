// What the thread loads only when it is wanted.

type ComposerModule = typeof import('../composer/define.js');

let composer: Promise<ComposerModule> | undefined;

/**
 * The comment form, registered, once; a reader who replies before it has loaded waits for it here.
 * It also knows which replies the reader had started (their drafts), which only it can reopen.
 */
export function loadComposer(): Promise<ComposerModule> {
  composer ??= import('../composer/define.js').then((module) => {
    module.defineComposer();
    return module;
  }, (error: unknown) => {
    composer = undefined; // offline: the next wish for a form tries again
    throw error;
  });
  return composer;
}

export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, {timeout: 2000});
  else setTimeout(work, 200);
}
