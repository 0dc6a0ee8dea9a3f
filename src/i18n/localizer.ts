import {en, type Plural, type ReadingMessages, type WritingMessages} from './messages.js';
import {directionOf, loadWritingCatalog, type Locale} from './locales.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Relative-time units from the largest down, with how many milliseconds each is. */
const UNITS: readonly (readonly [Intl.RelativeTimeFormatUnit, number])[] = [
  ['year', 365 * DAY], ['month', 30 * DAY], ['week', 7 * DAY], ['day', DAY], ['hour', HOUR], ['minute', MINUTE],
];

/**
 * The widget's words and formats in one language: the catalog's messages, plurals by the language's
 * rules, numbers, dates and relative times through `Intl`. One per language, shared by every
 * element showing it; the formatters are made on first use.
 */
export class Localizer {
  /** Text direction of the language. */
  readonly dir: 'ltr' | 'rtl';
  /** What someone writing needs, once `writing()` has loaded it. */
  w?: WritingMessages;
  #writing?: Promise<WritingMessages>;
  #plurals?: Intl.PluralRules;
  #numbers?: Intl.NumberFormat;
  #dates?: Intl.DateTimeFormat;
  #relative?: Intl.RelativeTimeFormat;
  #phrases = new Map<string, string>();
  #warm = false;

  /**
   * @param tag The page's language tag (`pt-BR`), which dates and numbers follow.
   * @param locale The catalog's language (`pt`).
   */
  constructor(readonly tag: string, readonly locale: Locale, readonly m: ReadingMessages) {
    this.dir = directionOf(locale);
  }

  /** Loads the words for writing (once; again after a failure) and keeps them in `w`. */
  writing(): Promise<WritingMessages> {
    this.#writing ??= loadWritingCatalog(this.locale).then((messages) => (this.w = messages), (error: unknown) => {
      this.#writing = undefined;
      throw error;
    });
    return this.#writing;
  }

  /**
   * Makes the formatters every thread uses. A browser's first `Intl` formatter loads its locale
   * data (35–80 ms measured in Chromium): done while the thread's data is on its way, it is not
   * paid between the data arriving and the first comments painting.
   */
  warm(): void {
    if (this.#warm) return;
    this.#warm = true;
    this.relative(new Date());
    this.count({other: '#'}, 1);
  }

  /** `template` with each `{key}` replaced by its value. */
  text(template: string, values: Readonly<Record<string, string | number>>): string {
    return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
      const value = values[key];
      return value === undefined ? whole : typeof value === 'number' ? this.number(value) : value;
    });
  }

  /** The form of `plural` this language uses for `count`, with `#` as the number and `{key}`s filled in. */
  count(plural: Plural, count: number, values: Readonly<Record<string, string | number>> = {}): string {
    this.#plurals ??= new Intl.PluralRules(this.tag);
    const form = plural[this.#plurals.select(count)] ?? plural.other;
    return this.text(form.replace(/#/g, this.number(count)), values);
  }

  /** `template` split around `{key}`, for a message with an element in the middle ("replying to <a>Ada</a>"). */
  around(template: string, key: string): readonly [before: string, after: string] {
    const at = template.indexOf(`{${key}}`);
    return at < 0 ? [template, ''] : [template.slice(0, at), template.slice(at + key.length + 2)];
  }

  number(value: number): string {
    this.#numbers ??= new Intl.NumberFormat(this.tag);
    return this.#numbers.format(value);
  }

  /** The date and time in full, as the language writes them. */
  date(date: Date): string {
    this.#dates ??= new Intl.DateTimeFormat(this.tag, {dateStyle: 'medium', timeStyle: 'short'});
    return this.#dates.format(date);
  }

  /** "3 hours ago", "yesterday", "just now": how long before `now` the date was. */
  relative(date: Date, now = Date.now()): string {
    this.#relative ??= new Intl.RelativeTimeFormat(this.tag, {numeric: 'auto'});
    const ago = now - date.getTime();
    // A clock a little ahead of the server's still reads "now", not "in 1 minute".
    const [unit, size] = UNITS.find(([, size]) => ago >= size) ?? ['second', Infinity];
    const amount = size === Infinity ? 0 : -Math.floor(ago / size);
    // A big thread has thousands of dates and few distinct phrases ("2 days ago"): each formatted once.
    const key = `${amount} ${unit}`;
    let phrase = this.#phrases.get(key);
    if (phrase === undefined) this.#phrases.set(key, phrase = this.#relative.format(amount, unit));
    return phrase;
  }
}

/** English, the source language: what shows when nothing else is asked for, or while nothing else can load. */
export const english = new Localizer('en', 'en', en);
