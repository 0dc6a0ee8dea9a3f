import {warnOnce} from './warn-once.js';

/**
 * Registers `tag` unless it already is: the embed script may load twice, or
 * next to an npm copy. The first definition wins; a different one is reported.
 */
export function defineOnce(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, element);
  else if (existing !== element) {
    warnOnce(`define:${tag}`, `<${tag}> is already defined by another copy of Colloquy; that one is used.`);
  }
}
