import type {ReadingMessages, WritingMessages} from './messages.js';

/** The languages Colloquy speaks. English is built in; the others load when a page asks for them. */
export const LOCALES = ['en', 'ar', 'de', 'es', 'fa', 'fr', 'he', 'it', 'ja', 'pl', 'pt', 'ru', 'tr', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

/** Older or finer codes for a language we have (Hebrew's old code; Persian's and Mandarin's ISO 639-3 codes). */
const ALIASES: Readonly<Record<string, Locale>> = {iw: 'he', pes: 'fa', prs: 'fa', cmn: 'zh'};

const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(['ar', 'fa', 'he']);

// Two chunks per language, fetched from the widget's own origin (the same strict CSP as the rest):
// what a reader sees, and what only someone writing needs, which loads with the form.
const CATALOGS: Readonly<Record<Exclude<Locale, 'en'>, () => Promise<{default: ReadingMessages}>>> = {
  ar: () => import('./catalogs/ar.js'),
  de: () => import('./catalogs/de.js'),
  es: () => import('./catalogs/es.js'),
  fa: () => import('./catalogs/fa.js'),
  fr: () => import('./catalogs/fr.js'),
  he: () => import('./catalogs/he.js'),
  it: () => import('./catalogs/it.js'),
  ja: () => import('./catalogs/ja.js'),
  pl: () => import('./catalogs/pl.js'),
  pt: () => import('./catalogs/pt.js'),
  ru: () => import('./catalogs/ru.js'),
  tr: () => import('./catalogs/tr.js'),
  zh: () => import('./catalogs/zh.js'),
};

const WRITING: Readonly<Record<Locale, () => Promise<{default: WritingMessages}>>> = {
  en: () => import('./catalogs/en-writing.js'),
  ar: () => import('./catalogs/ar-writing.js'),
  de: () => import('./catalogs/de-writing.js'),
  es: () => import('./catalogs/es-writing.js'),
  fa: () => import('./catalogs/fa-writing.js'),
  fr: () => import('./catalogs/fr-writing.js'),
  he: () => import('./catalogs/he-writing.js'),
  it: () => import('./catalogs/it-writing.js'),
  ja: () => import('./catalogs/ja-writing.js'),
  pl: () => import('./catalogs/pl-writing.js'),
  pt: () => import('./catalogs/pt-writing.js'),
  ru: () => import('./catalogs/ru-writing.js'),
  tr: () => import('./catalogs/tr-writing.js'),
  zh: () => import('./catalogs/zh-writing.js'),
};

/**
 * The supported language a language tag asks for (`pt-BR` → `pt`, `iw` → `he`), or undefined.
 * Only the language subtag decides: regional forms of a language share its catalog, while dates
 * and numbers still follow the whole tag.
 */
export function localeOf(tag: string): Locale | undefined {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const locale = ALIASES[language] ?? language;
  return (LOCALES as readonly string[]).includes(locale) ? locale as Locale : undefined;
}

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr';
}

/** What a reader of `locale` sees; rejects when its chunk cannot load (offline, blocked). */
export async function loadCatalog(locale: Exclude<Locale, 'en'>): Promise<ReadingMessages> {
  return (await CATALOGS[locale]()).default;
}

/** What someone writing in `locale` needs besides: the form, Edit and Delete, their errors. */
export async function loadWritingCatalog(locale: Locale): Promise<WritingMessages> {
  return (await WRITING[locale]()).default;
}
