import {english, Localizer} from './localizer.js';
import {loadCatalog, localeOf} from './locales.js';

/** One localizer per page language tag, shared by every element: a catalog loads once. */
const loaded = new Map<string, Localizer>([['en', english]]);
const loading = new Map<string, Promise<Localizer>>();

/** The localizer for `tag`: at once when its catalog is here (English always is), else a promise of it. */
export function localizerFor(tag: string): Localizer | Promise<Localizer> {
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
