import DOMPurify from 'dompurify';
import {Marked, type Tokens} from 'marked';

/**
 * The most Markdown source we parse. The protocol caps bodies below this; a
 * server that sends more is not trusted with our parser's time (marked has had
 * ReDoS bugs), so the excess is cut before parsing.
 */
export const RENDER_MAX_LENGTH = 20_000;

const ALLOWED_TAGS = [
  'a', 'blockquote', 'br', 'code', 'del', 'em', 'hr', 'li', 'ol', 'p', 'pre', 'strong', 'ul',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
];
const ALLOWED_ATTR = ['href', 'title', 'start']; // `rel` is set by the hook below, never taken from input
/** Links may only go to the web or to mail: no `javascript:`, `data:`, `vbscript:`, no relative paths. */
const ALLOWED_URI = /^(?:https?:|mailto:)/i;
const LINK_REL = 'nofollow ugc noopener noreferrer';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!);

// Private instances: the host page may use marked or DOMPurify too, and must
// not see our options or hooks (nor we theirs).
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Raw HTML in a comment is shown as the text the commenter typed.
    html: ({text}: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    // Remote images would tell a third party who reads the page: show a link instead.
    image: ({href, text}: Tokens.Image) =>
      ALLOWED_URI.test(href) ? `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>` : escapeHtml(text),
    // A comment's headings would outrank the page's own: keep the emphasis, drop the outline.
    heading({tokens}: Tokens.Heading) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    checkbox: ({checked}: Tokens.Checkbox) => (checked ? '[x] ' : '[ ] '),
  },
});

// Made on first use, not at import: importing Colloquy where there is no `window` (server-side
// rendering, Node tools) must not fail.
let purifier: ReturnType<typeof DOMPurify> | undefined;

function purify(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  purifier = DOMPurify(window);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      if (node.hasAttribute('href')) node.setAttribute('rel', LINK_REL);
      else node.removeAttribute('rel');
    }
  });
  return purifier;
}

/** Text as paragraphs and line breaks, with nothing interpreted. */
function plainText(text: string): string {
  return text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
}

/**
 * Turns a comment's Markdown into HTML that is safe to insert. The only place
 * the widget makes HTML from user input: every `unsafeHTML()` takes its
 * argument from here.
 */
export function renderMarkdown(source: string): string {
  const capped = source.length > RENDER_MAX_LENGTH ? `${source.slice(0, RENDER_MAX_LENGTH)}…` : source;
  let html: string;
  try {
    html = marked.parse(capped) as string;
  } catch {
    // marked recurses per nesting level: thousands of `>` overflow the stack. Such a body is shown as plain text.
    html = plainText(capped);
  }
  return purify().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
  });
}
