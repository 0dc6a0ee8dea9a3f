import type {ReactiveController, ReactiveControllerHost} from 'lit';

import {english, Localizer} from '../i18n/localizer.js';
import {loadCatalog, localeOf} from '../i18n/locales.js';

/** One localizer per page language tag, shared by every element: a catalog loads once. */
const loaded = new Map<string, Localizer>([['en', english]]);
const loading = new Map<string, Promise<Localizer>>();

/** The localizer for `tag`: at once when its catalog is here (English always is), else a promise of it. */
function localizerFor(tag: string): Localizer | Promise<Localizer> {
  const ready = loaded.get(tag);
  if (ready) return ready;
  const locale = localeOf(tag) ?? 'en';
  if (locale === 'en') {
    const localizer = new Localizer(tag, 'en', english.m);
    loaded.set(tag, localizer);
    return localizer;
  }
  let pending = loading.get(tag);
  if (!pending) {
    pending = loadCatalog(locale).then((messages) => {
      const localizer = new Localizer(tag, locale, messages);
      loaded.set(tag, localizer);
      return localizer;
    }).finally(() => loading.delete(tag)); // a catalog that failed (offline) is asked for again next time
    loading.set(tag, pending);
  }
  return pending;
}

/**
 * The language an element speaks: its own `lang` attribute, else the nearest ancestor's (usually
 * `<html lang>`), else the browser's. Follows changes to either attribute. Until the first catalog has
 * loaded, `ready` is false and the host should show nothing that would flash in English; when the
 * language changes later, the old words stay until the new ones are here (nothing blanks, focus stays).
 */
export class LocaleController implements ReactiveController {
  localizer: Localizer = english;
  /** False until the element's first language has loaded (or failed to). */
  ready = false;
  #tag = '';
  #observer?: MutationObserver;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer ??= new MutationObserver(() => this.#follow());
    this.#observer.observe(this.host, {attributes: true, attributeFilter: ['lang']});
    this.#observer.observe(document.documentElement, {attributes: true, attributeFilter: ['lang']});
    this.#follow();
  }

  hostUpdated(): void {
    // After the host's update, which has sent for its thread: the network's wait hides the cost.
    if (this.ready) this.localizer.warm();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
  }

  #follow(): void {
    const declared = this.host.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    const tag = (declared || navigator.language || 'en').trim();
    if (tag === this.#tag) return;
    this.#tag = tag;
    const found = localizerFor(tag);
    const use = (localizer: Localizer) => {
      if (this.#tag !== tag) return; // the language changed again meanwhile
      this.localizer = localizer;
      this.ready = true;
      this.host.requestUpdate();
    };
    if (found instanceof Localizer) use(found);
    // The catalog could not load (offline): English, rather than nothing.
    else found.then(use, () => use(english));
  }
}
