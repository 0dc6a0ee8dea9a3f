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
  // Without them it still registers, and shows once they load (it asks for them again).
  const words = l.writing().catch(() => undefined);
  composer ??= import('../composer/define.js').then(async (module) => {
    await words;
    module.defineComposer();
    return module;
  }, (error: unknown) => {
    composer = undefined; // offline: the next wish for a form tries again
    throw error;
  });
  const [module] = await Promise.all([composer, words]); // a form already registered may need a new language's words
  return module;
}

export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, {timeout: 2000});
  else setTimeout(work, 200);
}
