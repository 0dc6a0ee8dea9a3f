// What the thread loads only when it is wanted.

import type {Localizer} from '../../i18n/localizer.js';

type ComposerModule = typeof import('../composer/define.js');

let composer: Promise<ComposerModule> | undefined;

/**
 * The comment form, registered, once; a reader who replies before it has loaded waits for it here.
 * It also knows which replies the reader had started (their drafts), which only it can reopen.
 */
export async function loadComposer(l: Localizer): Promise<ComposerModule> {
  // The form's words in the reader's language come with it, so it shows whole when it appears.
  const words = l.writing();
  composer ??= import('../composer/define.js').then(async (module) => {
    await words.catch(() => undefined); // without them the form shows once they load (it asks again)
    module.defineComposer();
    return module;
  }, (error: unknown) => {
    composer = undefined; // offline: the next wish for a form tries again
    throw error;
  });
  await words.catch(() => undefined);
  return composer;
}

export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, {timeout: 2000});
  else setTimeout(work, 200);
}
