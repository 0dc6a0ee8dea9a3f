/**
 * One text policy per field: what each field refuses and what it quietly
 * normalises. The widget's form and the server both apply it (through
 * `NewCommentSchema`), so a comment is judged the same way on both sides; the
 * widget applies `displayName` to whatever any backend sends back.
 *
 * | field   | normalised                                              | refused                                                                 |
 * |---------|---------------------------------------------------------|-------------------------------------------------------------------------|
 * | name    | NFC; trimmed; runs of spaces become one U+0020           | controls, line breaks, bidi controls, invisible characters, no visible character |
 * | email   | NFC; trimmed                                            | controls, any space, bidi controls, invisible characters, not `a@b.c`    |
 * | url     | trimmed; serialised by the URL parser (punycode, %-escapes) | controls, any space, bidi and invisible characters, not http(s), credentials |
 * | body    | CRLF and CR become LF; NFC; bidi embeddings, overrides and isolates removed; trimmed | C0 controls but tab and LF, DEL, C1 controls, no visible character |
 * | post ID | nothing (an identifier must round-trip exactly)         | controls, bidi controls                                                  |
 * | all     |                                                         | lone surrogates (ill-formed UTF-16) and noncharacters                   |
 */

import {LIMITS} from './limits.js';

/** Ill-formed UTF-16 (no database can store it faithfully) and code points Unicode reserves as non-text. */
const NOT_TEXT = /[\p{Cs}\p{Noncharacter_Code_Point}]/u;

/** C0 controls, DEL and C1 controls. */
const CONTROL = /\p{Cc}/u;

/** Body text keeps tab and line feed; every other control is refused. */
const BODY_CONTROL = /[\0-\x08\x0B-\x1F\x7F-\x9F]/;

/** U+2028 and U+2029 break lines like LF, so they are controls for a one-line field. */
const LINE_SEPARATOR = /[\u2028\u2029]/;

/** Marks (ALM, LRM, RLM), embeddings, overrides and isolates: they reorder the text around them. */
const BIDI_CONTROL = /\p{Bidi_Control}/u;

/** The bidi controls that open or close a span of reordered text; prose never needs them typed in. */
const BIDI_FORMATTING = /[\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Characters that draw nothing: zero-width space, word joiner, soft hyphen, Hangul fillers, the
 * invisible operators, BOM, Braille blank... A few default-ignorables are part of real writing
 * and stay allowed: ZWNJ and ZWJ (Persian, Indic scripts, emoji sequences), variation selectors and
 * tag characters (emoji presentation and subdivision flags).
 */
/* eslint-disable no-misleading-character-class -- the classes list joiners and selectors one by one; no sequence is meant */
const INVISIBLE = /(?![\u200C\u200D\uFE00-\uFE0F\u{E0020}-\u{E007F}\u{E0100}-\u{E01EF}])[\p{Default_Ignorable_Code_Point}\u2800]/u;
const INVISIBLE_GLOBAL = new RegExp(INVISIBLE.source, 'gu');
/* eslint-enable no-misleading-character-class */

/** Something a reader can see: a letter, digit, punctuation or symbol. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
const hasVisible = (text: string) => VISIBLE.test(text.replace(INVISIBLE_GLOBAL, ''));

/** The outcome of a text policy: the normalised value, or why it was refused. */
export type TextVerdict = {readonly ok: true; readonly value: string} | {readonly ok: false; readonly reason: TextRefusal};

/** Why a text was refused; the widget phrases it for the reader. */
export type TextRefusal = 'not_text' | 'control' | 'bidi' | 'invisible' | 'nothing_visible' | 'whitespace' | 'format';

const ok = (value: string): TextVerdict => ({ok: true, value});
const no = (reason: TextRefusal): TextVerdict => ({ok: false, reason});

/** A display name: one line of visible text that cannot reorder or hide what surrounds it. */
export function checkName(input: string): TextVerdict {
  if (NOT_TEXT.test(input)) return no('not_text');
  const value = input.normalize('NFC').trim();
  if (CONTROL.test(value) || LINE_SEPARATOR.test(value)) return no('control');
  if (BIDI_CONTROL.test(value)) return no('bidi');
  if (INVISIBLE.test(value)) return no('invisible');
  if (!hasVisible(value)) return no('nothing_visible');
  return ok(value.replace(/\p{White_Space}+/gu, ' '));
}

/** An email address, as typed: kept private, so only its shape is checked. */
export function checkEmail(input: string): TextVerdict {
  if (NOT_TEXT.test(input)) return no('not_text');
  const value = input.normalize('NFC').trim();
  if (CONTROL.test(value)) return no('control');
  if (/\p{White_Space}/u.test(value)) return no('whitespace');
  if (BIDI_CONTROL.test(value)) return no('bidi');
  if (INVISIBLE.test(value) || /[\u200C\u200D]/.test(value)) return no('invisible');
  if (!/^[^@]+@[^@]+\.[^@.]+$/.test(value)) return no('format');
  return ok(value);
}

/**
 * A website: an absolute http(s) URL without credentials, returned as the URL parser serialises it
 * (so `https://EXAMPLE.com/ä` is stored as `https://example.com/%C3%A4`). Controls and spaces are
 * refused before parsing, because the parser would silently drop some of them.
 */
export function checkUrl(input: string): TextVerdict {
  if (NOT_TEXT.test(input)) return no('not_text');
  const value = input.trim();
  if (CONTROL.test(value)) return no('control');
  if (/\p{White_Space}/u.test(value)) return no('whitespace');
  if (BIDI_CONTROL.test(value)) return no('bidi');
  if (INVISIBLE.test(value) || /[\u200C\u200D]/.test(value)) return no('invisible');
  if (!/^https?:\/\//i.test(value)) return no('format');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return no('format');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) {
    return no('format');
  }
  return ok(url.href);
}

/** A comment's Markdown source. */
export function checkBody(input: string): TextVerdict {
  if (NOT_TEXT.test(input)) return no('not_text');
  const value = input.replace(/\r\n?/g, '\n').normalize('NFC').replace(BIDI_FORMATTING, '').trim();
  if (BODY_CONTROL.test(value)) return no('control');
  if (!hasVisible(value)) return no('nothing_visible');
  return ok(value);
}

/** A post ID or comment ID: any text that can be stored and compared exactly. */
export function checkIdentifier(input: string): TextVerdict {
  if (NOT_TEXT.test(input)) return no('not_text');
  if (CONTROL.test(input) || LINE_SEPARATOR.test(input)) return no('control');
  if (BIDI_CONTROL.test(input)) return no('bidi');
  return ok(input);
}

/**
 * A name as the widget shows it, from any backend: bidi controls and invisible characters
 * removed, spaces collapsed, cut to the protocol's length. Empty when nothing visible is left.
 */
export function displayName(input: string): string {
  const cleaned = input
    .replace(/[\p{Cs}\p{Noncharacter_Code_Point}\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\p{Bidi_Control}/gu, '')
    .replace(INVISIBLE_GLOBAL, '')
    .replace(/\p{White_Space}+/gu, ' ')
    .trim();
  if (!hasVisible(cleaned)) return '';
  const chars = Array.from(cleaned);
  return chars.length > LIMITS.nameMaxLength ? `${chars.slice(0, LIMITS.nameMaxLength - 1).join('')}…` : cleaned;
}
