import {isPlainText} from '../protocol/plain-text.js';
import {bodyAsTyped, sanitizeBody} from './sanitize.js';

type Dialect = typeof import('../protocol/markdown.js');

let dialect: Dialect | undefined;
let loading: Promise<Dialect> | undefined;

/**
 * Makes sure Markdown can be rendered here if any of `comments` came without HTML from the server
 * (a backend that sends Markdown alone). Colloquy's server sends HTML, so readers' browsers never
 * load the parser; when it is needed, it loads once, from the same origin as the widget. If it cannot
 * load, bodies show as typed.
 */
export async function prepareBodies(comments: readonly {readonly body: string; readonly html?: string}[]): Promise<void> {
  if (dialect || comments.every((c) => c.html !== undefined || isPlainText(c.body))) return;
  loading ??= import('../protocol/markdown.js');
  try {
    dialect = await loading;
  } catch {
    loading = undefined; // offline, or blocked: try again with the next page
  }
}

/** Whether bodies without server HTML can be rendered as Markdown now (else they show as typed). */
export function markdownReady(): boolean {
  return dialect !== undefined;
}

/**
 * A comment's body as an element to insert: the server's HTML when it sent some that passes the
 * sanitizer within budget; plain text as its paragraphs (a server may leave its HTML out); else the
 * Markdown rendered here (and sanitized the same way), else the text as typed.
 */
export function renderBody(markdown: string, html?: string): HTMLDivElement {
  if (html === undefined && isPlainText(markdown)) return bodyAsTyped(markdown);
  return (html === undefined ? null : sanitizeBody(html))
    ?? (dialect ? sanitizeBody(dialect.markdownToHtml(markdown)) : null)
    ?? bodyAsTyped(markdown);
}
