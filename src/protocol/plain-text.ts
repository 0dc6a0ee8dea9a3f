/*
 * Text that Colloquy's Markdown dialect renders as nothing but paragraphs and line breaks, decided
 * without a Markdown parser. A server may leave out `html` for such a body (most comments are): a
 * client then shows its paragraphs as they are, and loads no parser. Conservative on purpose: anything
 * that might be Markdown is not plain. Tests check it against the dialect on generated text.
 */

/**
 * Characters that may start Markdown (emphasis, code, links, HTML, entities, escapes, tables,
 * autolinks), and bidi controls, which the dialect drops before it parses.
 */
const MARKUP = /[\\`*_~[\]<>#|!&@\t\u202A-\u202E\u2066-\u2069]|:\/\/|www\./i;
/** A line the dialect might read as a list item, a quote, a heading underline or code, or trim. */
const BLOCK_LINE = /^(?:\s|[-+=]|\d{1,9}[.)])|\s$/;

/** True when `body` renders as paragraphs (split at blank lines) and line breaks, its text unchanged. */
export function isPlainText(body: string): boolean {
  if (body === '' || body.trim() !== body || MARKUP.test(body)) return false;
  return body.split('\n').every((line) => line === '' || !BLOCK_LINE.test(line));
}
