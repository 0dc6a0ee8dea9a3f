import {describe, expect, it} from 'vitest';

import {directionOf, localeOf} from '../../src/i18n/locales.js';
import {english, Localizer} from '../../src/i18n/localizer.js';
import {en} from '../../src/i18n/messages.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 11, 2, 12, 0, 0);
const ago = (ms: number) => new Date(now - ms);

describe('relative times', () => {
  it.each([
    [0, 'now'], [30_000, 'now'], [-5 * MINUTE, 'now'], [90_000, '1 minute ago'], [59 * MINUTE, '59 minutes ago'],
    [HOUR, '1 hour ago'], [3 * HOUR + 59 * MINUTE, '3 hours ago'], [DAY, 'yesterday'], [2 * DAY, '2 days ago'],
    [7 * DAY, 'last week'], [21 * DAY, '3 weeks ago'], [45 * DAY, 'last month'], [400 * DAY, 'last year'], [3 * 365 * DAY, '3 years ago'],
  ])('%i ms before now reads "%s"', (before, text) => {
    expect(english.relative(ago(before), now)).toBe(text);
  });

  it('in the reader\'s language', () => {
    const de = new Localizer('de', 'de', en);
    expect(de.relative(ago(3 * HOUR), now)).toBe('vor 3 Stunden');
    expect(new Localizer('ar', 'ar', en).relative(ago(2 * DAY), now)).toBe('أول أمس');
  });
});

describe('plurals and placeholders', () => {
  const plural = {one: '# comment', few: '# comments (few)', many: '# comments (many)', other: '# comments'};
  it('picks the form by the language\'s rules and writes the number its way', () => {
    const ru = new Localizer('ru', 'ru', en);
    expect([1, 2, 5, 21, 1000].map((n) => ru.count(plural, n))).toEqual(
      ['1 comment', '2 comments (few)', '5 comments (many)', '21 comment', '1\u00a0000 comments (many)']);
    expect(english.count(plural, 1234)).toBe('1,234 comments');
    expect(new Localizer('fa', 'fa', en).count({other: '# x'}, 12)).toBe('۱۲ x');
  });

  it('falls back to the other form when a language form is missing', () => {
    expect(new Localizer('ar', 'ar', en).count({other: '# x'}, 2)).toBe('2 x');
  });

  it('fills placeholders, leaves unknown ones, and splits around one for an element', () => {
    expect(english.text('Reply to {name}', {name: 'Ada'})).toBe('Reply to Ada');
    expect(english.text('{count} of {total}', {count: 1200})).toBe('1,200 of {total}');
    expect(english.around('replying to {name}!', 'name')).toEqual(['replying to ', '!']);
    expect(english.around('no placeholder', 'name')).toEqual(['no placeholder', '']);
  });

  it('does not read a name as a placeholder', () => {
    expect(english.text('Reply to {name}', {name: '{name} #1'})).toBe('Reply to {name} #1');
    expect(english.count({other: '# for {name}'}, 2, {name: '#hash'})).toBe('2 for #hash');
  });
});

describe('which catalog', () => {
  it.each([['de', 'de'], ['de-AT', 'de'], ['pt_BR', 'pt'], ['iw', 'he'], ['ZH-hant-TW', 'zh'], ['en-GB', 'en'], ['xx', undefined], ['', undefined]])(
    '%s → %s', (tag, locale) => expect(localeOf(tag)).toBe(locale));

  it('knows which languages run right to left', () => {
    expect(['ar', 'fa', 'he', 'de', 'ja'].map((l) => directionOf(l as never))).toEqual(['rtl', 'rtl', 'rtl', 'ltr', 'ltr']);
  });
});
