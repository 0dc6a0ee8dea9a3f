import type {ReactiveController, ReactiveControllerHost} from 'lit';

import {english, Localizer} from '../i18n/localizer.js';
import {localizerFor} from '../i18n/localizers.js';
import {languageOf} from '../internal/language-of.js';

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
    const tag = languageOf(this.host);
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
