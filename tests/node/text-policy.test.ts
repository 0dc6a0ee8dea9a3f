import {describe, expect, it} from 'vitest';

import {
  checkBody, checkEmail, checkIdentifier, checkName, checkUrl, displayName, LIMITS, parseNewComment, type TextVerdict,
} from '../../src/protocol/index.js';

// The classes below are written out from the Unicode tables (DerivedCoreProperties, PropList), not
// derived from the regular expressions under test, so the two can disagree and fail this file.
const range = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => from + i);
const C0 = range(0x00, 0x1f);
const C1 = [0x7f, ...range(0x80, 0x9f)];
const BIDI_MARKS = [0x061c, 0x200e, 0x200f];
const BIDI_FORMATTING = [...range(0x202a, 0x202e), ...range(0x2066, 0x2069)];
const NONCHARACTERS = [...range(0xfdd0, 0xfdef), ...range(0, 16).flatMap((plane) => [plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff])];
const SURROGATES = range(0xd800, 0xdfff);
// Default_Ignorable_Code_Point minus the bidi controls, the joiners and the emoji selectors, plus Braille blank.
const INVISIBLE = [
  0x00ad, 0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, ...range(0x180b, 0x180f), 0x200b, ...range(0x2060, 0x2065),
  ...range(0x206a, 0x206f), 0x2800, 0x3164, 0xfeff, 0xffa0, ...range(0xfff0, 0xfff8), ...range(0x1bca0, 0x1bca3),
  ...range(0x1d173, 0x1d17a), ...range(0xe0000, 0xe001f), ...range(0xe0080, 0xe00ff), ...range(0xe01f0, 0xe0fff),
];
const JOINERS_AND_SELECTORS = [0x200c, 0x200d, ...range(0xfe00, 0xfe0f), ...range(0xe0020, 0xe007f), ...range(0xe0100, 0xe01ef)];
const SPACES = [0x20, 0xa0, 0x1680, ...range(0x2000, 0x200a), 0x202f, 0x205f, 0x3000];
const LINE_SEPARATORS = [0x2028, 0x2029];

const char = (cp: number) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp));
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Runs `check` on `text(cp)` for each code point and returns those where `expected` disagrees. */
function disagreements(cps: readonly number[], text: (c: string) => string, check: (s: string) => TextVerdict,
  expected: (verdict: TextVerdict) => boolean): string[] {
  return cps.filter((cp) => !expected(check(text(char(cp))))).map(hex);
}
const refused = (v: TextVerdict) => !v.ok;

describe('the text policy, over whole classes of code points', () => {
  const everywhere = [...C0, ...C1, ...NONCHARACTERS, ...SURROGATES];

  it('refuses every control, noncharacter and lone surrogate in names, emails, websites and IDs', () => {
    expect(disagreements(everywhere.filter((cp) => cp !== 0x20), (c) => `a${c}b`, checkName, refused)).toEqual([]);
    expect(disagreements(everywhere, (c) => `a${c}b@example.org`, checkEmail, refused)).toEqual([]);
    expect(disagreements(everywhere, (c) => `https://example.org/a${c}b`, checkUrl, refused)).toEqual([]);
    expect(disagreements(everywhere, (c) => `/post/${c}`, checkIdentifier, refused)).toEqual([]);
    expect(disagreements(LINE_SEPARATORS, (c) => `a${c}b`, checkName, refused)).toEqual([]);
  });

  it('refuses in bodies every control but tab and line feed, and every noncharacter and lone surrogate', () => {
    const kept = [0x09, 0x0a, 0x0d];
    expect(disagreements(everywhere.filter((cp) => !kept.includes(cp)), (c) => `a${c}b`, checkBody, refused)).toEqual([]);
    expect(checkBody('a\tb\nc')).toEqual({ok: true, value: 'a\tb\nc'});
    expect(checkBody('a\r\nb\rc')).toEqual({ok: true, value: 'a\nb\nc'});
  });

  it('refuses every bidi control in names, emails, websites and IDs', () => {
    const bidi = [...BIDI_MARKS, ...BIDI_FORMATTING];
    expect(disagreements(bidi, (c) => `nimda${c}`, checkName, refused)).toEqual([]);
    expect(disagreements(bidi, (c) => `a${c}@example.org`, checkEmail, refused)).toEqual([]);
    expect(disagreements(bidi, (c) => `https://example.org/${c}`, checkUrl, refused)).toEqual([]);
    expect(disagreements(bidi, (c) => `/post${c}`, checkIdentifier, refused)).toEqual([]);
  });

  it('removes bidi embeddings, overrides and isolates from bodies, and keeps the marks RTL writers type', () => {
    expect(disagreements(BIDI_FORMATTING, (c) => `a${c}b`, checkBody, (v) => v.ok && v.value === 'ab')).toEqual([]);
    expect(disagreements(BIDI_MARKS, (c) => `a${c}b`, checkBody, (v) => v.ok && v.value === `a${v.value[1]}b` && v.value.length === 3)).toEqual([]);
  });

  it('refuses invisible characters in names, emails and websites, alone or among letters', () => {
    expect(disagreements(INVISIBLE, (c) => c, checkName, refused)).toEqual([]);
    expect(disagreements(INVISIBLE, (c) => `Ada${c}Quill`, checkName, refused)).toEqual([]);
    expect(disagreements(INVISIBLE, (c) => `a${c}@example.org`, checkEmail, refused)).toEqual([]);
    expect(disagreements(INVISIBLE, (c) => `https://exa${c}mple.org/`, checkUrl, refused)).toEqual([]);
  });

  it('keeps joiners and selectors that real names need, but not as a whole name', () => {
    expect(disagreements(JOINERS_AND_SELECTORS, (c) => `a${c}b`, checkName, (v) => v.ok)).toEqual([]);
    expect(disagreements(JOINERS_AND_SELECTORS, (c) => c, checkName, refused)).toEqual([]);
    for (const name of ['فرهاد‌زاده', '👩‍👩‍👧', '❤️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'क्‍ष']) expect(checkName(name), name).toEqual({ok: true, value: name});
  });

  it('collapses every kind of space inside a name to one space, and trims it', () => {
    expect(disagreements(SPACES, (c) => `${c}Ada${c}${c}Quill${c}`, checkName, (v) => v.ok && v.value === 'Ada Quill')).toEqual([]);
    expect(disagreements(SPACES, (c) => c.repeat(3), checkName, refused)).toEqual([]);
  });

  it('refuses spaces of every kind inside emails and websites', () => {
    expect(disagreements(SPACES, (c) => `a${c}b@example.org`, checkEmail, refused)).toEqual([]);
    expect(disagreements(SPACES, (c) => `https://example.org/a${c}b`, checkUrl, refused)).toEqual([]);
  });

  it('accepts every other code point in a name and a body, across all planes', () => {
    const special = new Set([...everywhere, ...BIDI_MARKS, ...BIDI_FORMATTING, ...INVISIBLE, ...JOINERS_AND_SELECTORS,
      ...SPACES, ...LINE_SEPARATORS, 0x85]);
    const nameFails: string[] = [];
    const bodyFails: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (special.has(cp)) continue;
      const c = String.fromCodePoint(cp);
      const name = checkName(`A${c}`);
      if (!name.ok || name.value !== `A${c}`.normalize('NFC')) nameFails.push(hex(cp));
      const body = checkBody(`A${c}`);
      if (!body.ok || body.value !== `A${c}`.normalize('NFC')) bodyFails.push(hex(cp));
    }
    expect(nameFails).toEqual([]);
    expect(bodyFails).toEqual([]);
  });

  it('normalises names and bodies to NFC before measuring them', () => {
    const decomposed = 'e\u0301'.repeat(LIMITS.nameMaxLength);
    const parsed = parseNewComment({author: {name: decomposed}, body: 'Cafe\u0301'});
    expect(parsed).toEqual({ok: true, value: {parentId: null, author: {name: '\u00e9'.repeat(LIMITS.nameMaxLength)}, body: 'Caf\u00e9'}});
    expect(checkName('\u1100\u1161')).toEqual({ok: true, value: '\uac00'});
  });

  it('stores websites as the URL parser writes them, without credentials', () => {
    expect(checkUrl('HTTPS://Example.ORG/ä?q=1#x')).toEqual({ok: true, value: 'https://example.org/%C3%A4?q=1#x'});
    expect(checkUrl('https://bücher.example/')).toEqual({ok: true, value: 'https://xn--bcher-kva.example/'});
    for (const url of ['https://user:pw@example.org/', 'https://user@example.org/', 'https:example.org', 'http://', 'ftp://x.example']) {
      expect(checkUrl(url), url).toEqual({ok: false, reason: 'format'});
    }
  });

  it('accepts international email addresses and refuses broken shapes', () => {
    expect(checkEmail(' Ünal@bücher.example ')).toEqual({ok: true, value: 'Ünal@bücher.example'});
    for (const email of ['a', 'a@b', '@b.c', 'a@@b.c', 'a@b.']) expect(checkEmail(email), email).toEqual({ok: false, reason: 'format'});
  });

  it('refuses a body with nothing visible in it', () => {
    for (const body of ['\u200b', '\u2800\u2800', '\u3164']) expect(checkBody(body).ok, JSON.stringify(body)).toBe(false);
  });
});

describe('displayName', () => {
  it('strips what could reorder or hide the text around a name, whatever the backend sent', () => {
    expect(displayName('\u202Enimda\u202C')).toBe('nimda');
    expect(displayName('Bob\u2067 (site admin)\u2069')).toBe('Bob (site admin)');
    expect(displayName('Ada\u200b\u200b\nQuill\u0000')).toBe('Ada Quill');
    expect(displayName('\u3164\u200b \u2800')).toBe('');
    expect(Array.from(displayName('x'.repeat(500)))).toHaveLength(LIMITS.nameMaxLength);
  });

  it('is what the widget gets from parsing a stored comment', async () => {
    const {parseComment} = await import('../../src/protocol/index.js');
    const parsed = parseComment({id: '1', postId: 'p', parentId: null, author: {name: '\u202Egnp.exe'}, body: 'b',
      createdAt: '2026-01-01T00:00:00.000Z', status: 'published'});
    expect(parsed.ok && parsed.value.author.name).toBe('gnp.exe');
  });
});
