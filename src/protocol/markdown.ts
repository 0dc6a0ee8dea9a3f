import {Marked, type Token, type Tokens} from 'marked';

/*
 * Colloquy's Markdown dialect: a comment body to HTML, with the budgets that bound what one body may
 * cost: what a comment's `html` means. Pure (no DOM): the reference server renders each body with it
 * once, when it is written, and sends the HTML beside the Markdown; the widget loads it only for a
 * backend that sends Markdown alone. Not exported from the protocol's index, so nothing that reads
 * the protocol pulls in marked. Its output is never trusted as it is: src/markdown/sanitize.ts is
 * the one way into the DOM.
 */

/**
 * The most Markdown source we parse. The protocol caps bodies below this; a
 * server that sends more is not trusted with our parser's time (marked has had
 * ReDoS bugs), so the excess is cut before parsing.
 */
export const RENDER_MAX_LENGTH = 20_000;

/**
 * What one body may cost. Past a budget, the body is shown as plain text: every character the
 * commenter typed, without formatting. Each budget bounds a construct whose cost grows faster
 * than the text: see tests/browser/markdown-budget.timing.test.ts for the generated worst cases.
 */
export const RENDER_BUDGET = Object.freeze({
  /** Runs of emphasis delimiters: marked matches nested emphasis in quadratic time. */
  delimiterRuns: 256,
  /** Lists, quotes, emphasis and links inside one another; deeper ones are shown as typed. */
  nesting: 12,
  /** HTML marked may make: one short reference used thousands of times multiplies a body's size. */
  htmlLength: 150_000,
});

/** Links may only go to the web or to mail: no `javascript:`, `data:`, `vbscript:`, no relative paths. */
export const ALLOWED_URI = /^(?:https?:|mailto:)/i;

/** Bidi embeddings, overrides and isolates: in a link text they could disguise where it leads. */
export const BIDI_FORMATTING = /[\u202A-\u202E\u2066-\u2069]/g;
/** A line opening more quotes than marked can nest without running out of stack. */
const DEEP_QUOTE = /^(?:[ \t]*>){200}/m;
/** A delimiter run that can open or close emphasis: `*` and `~` anywhere, `_` only at a word's edge. */
const DELIMITER_RUN = /\*+|~+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!);
/** Escapes markup but keeps character references (`caf&eacute;`), as marked does for text it resolves. */
const escapeKeepingEntities = (text: string) =>
  text.replace(/&(?!#?\w+;)/g, '&amp;').replace(/[<>"']/g, (c) => ({'<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!);

/** The link target as it goes into `href`, or `null` when Colloquy does not link there. */
function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (!ALLOWED_URI.test(trimmed)) return null;
  try {
    return encodeURI(trimmed).replace(/%25/g, '%');
  } catch {
    return null; // a lone surrogate
  }
}

// Set while a link's text renders: an image there becomes its alt text, never a link inside a link.
let insideLink = false;

// A private instance: the host page may use marked too, and must not see our options (nor we
// theirs). Made on first use, so importing this module has no side effect and bundlers can drop it.
let marked: Marked | undefined;

const markedOnce = (): Marked => (marked ??= new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Raw HTML in a comment is shown as the text the commenter typed.
    html: ({text}: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    // A link Colloquy will not follow (relative, `#anchor`, another scheme, empty) is shown as its text.
    link({href, title, tokens, text, autolink}: Tokens.Link) {
      const wasInside = insideLink;
      insideLink = true;
      let inner: string;
      try {
        inner = autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
      } finally {
        insideLink = wasInside;
      }
      const url = safeHref(href);
      if (url === null || wasInside) return inner;
      // A link with no visible text would be a nameless tab stop: show where it goes.
      const label = inner.replace(/<[^>]*>/g, '').trim() ? inner : escapeHtml(href);
      const target = autolink ? escapeHtml(url) : escapeKeepingEntities(url);
      return `<a href="${target}"${title ? ` title="${escapeKeepingEntities(title)}"` : ''}>${label}</a>`;
    },
    // Remote images would tell a third party who reads the page: show a link to the image, named
    // by its alt text (as plain text, like an alt attribute); inside a link, just the alt text.
    image({href, tokens, text}: Tokens.Image) {
      const alt = escapeKeepingEntities(tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text);
      const url = safeHref(href);
      if (url === null || insideLink) return alt;
      return `<a href="${escapeKeepingEntities(url)}">${alt.trim() ? alt : escapeHtml(href)}</a>`;
    },
    // A comment's headings would outrank the page's own: keep the emphasis, drop the outline.
    heading({tokens}: Tokens.Heading) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    checkbox: ({checked}: Tokens.Checkbox) => (checked ? '[x] ' : '[ ] '),
  },
}));

/** Text as paragraphs and line breaks, with nothing interpreted. */
function plainText(text: string): string {
  return text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
}

/**
 * Replaces tokens nested deeper than `budget` by their source, as text: a list nested hundreds of
 * levels deep would otherwise indent far outside its comment, and emphasis thousands deep would
 * build a DOM that deep.
 */
function flattenDeep(tokens: Token[], budget: number, depth = 0): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const nests = token.type === 'list' || token.type === 'blockquote' || token.type === 'em' || token.type === 'strong' ||
      token.type === 'del' || token.type === 'link';
    const level = depth + (nests ? 1 : 0);
    if (nests && level > budget) {
      tokens[i] = asTyped(token);
      continue;
    }
    const record = token as {tokens?: Token[]; items?: Tokens.ListItem[]; header?: Tokens.TableCell[]; rows?: Tokens.TableCell[][]};
    if (record.tokens) flattenDeep(record.tokens, budget, level);
    for (const item of record.items ?? []) flattenDeep(item.tokens, budget, level);
    for (const cell of [...(record.header ?? []), ...(record.rows ?? []).flat()]) flattenDeep(cell.tokens, budget, level);
  }
}

/** A token shown as its source: a paragraph of lines for a block, plain text inline. */
function asTyped(token: Token): Token {
  const text = (line: string): Tokens.Text => ({type: 'text', raw: line, text: line, escaped: false});
  if (token.type !== 'list' && token.type !== 'blockquote') return text(token.raw);
  const lines = token.raw.replace(/\n+$/, '').split('\n');
  const tokens = lines.flatMap((line, i): Token[] => (i ? [{type: 'br', raw: '\n'}, text(line)] : [text(line)]));
  return {type: 'paragraph', raw: token.raw, text: token.raw, tokens} as Tokens.Paragraph;
}

/** Markdown to HTML within the budget; plain text when the body would cost more. */
function toHtml(text: string): string {
  if ((text.match(DELIMITER_RUN)?.length ?? 0) > RENDER_BUDGET.delimiterRuns) return plainText(text);
  // Quotes nested hundreds deep would make marked recurse until the stack gives out (a third of a
  // second, for 20,000 of them): such a body is shown as typed without trying.
  if (DEEP_QUOTE.test(text)) return plainText(text);
  let html: string;
  try {
    const tokens = markedOnce().lexer(text);
    flattenDeep(tokens, RENDER_BUDGET.nesting);
    html = markedOnce().parser(tokens);
  } catch {
    // marked recurses per nesting level: thousands of `>` overflow the stack.
    return plainText(text);
  }
  return html.length > RENDER_BUDGET.htmlLength ? plainText(text) : html;
}

/**
 * A comment body's Markdown as HTML in Colloquy's dialect: raw HTML shown as typed, links only to the
 * web and mail, images as links, no headings, and within the budgets. Not yet safe to insert.
 */
export function markdownToHtml(source: string): string {
  const capped = source.length > RENDER_MAX_LENGTH ? `${source.slice(0, RENDER_MAX_LENGTH)}…` : source;
  return toHtml(capped.replace(BIDI_FORMATTING, ''));
}
