import DOMPurify from 'dompurify';

/*
 * The one way a comment's HTML enters the DOM. Whoever made the HTML (this widget's Markdown
 * dialect, or a server, which may be anyone's) is untrusted: every body passes DOMPurify here with
 * Colloquy's allowlist, and the widget inserts only the elements this module returns.
 */

const ALLOWED_TAGS = [
  'a', 'blockquote', 'br', 'code', 'del', 'em', 'hr', 'li', 'ol', 'p', 'pre', 'strong', 'ul',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
];
const ALLOWED_ATTR = ['href', 'title', 'start', 'align']; // `rel` is set by the hook below, never taken from input
/** Links may only go to the web or to mail: no `javascript:`, `data:`, `vbscript:`, no relative paths. */
const ALLOWED_URI = /^(?:https?:|mailto:)/i;
const LINK_REL = 'nofollow ugc noopener noreferrer';
/** Values the non-URL attributes may take; anything else is dropped. */
const ATTRIBUTE_VALUES: Readonly<Record<string, RegExp>> = {start: /^\d{1,9}$/, align: /^(?:left|center|right)$/};
/** Bidi embeddings, overrides and isolates: in a link text they could disguise where it leads. */
const BIDI_FORMATTING = /[\u202A-\u202E\u2066-\u2069]/g;

/** The most HTML one body may bring, and how deep its elements may nest: past either, it is refused. */
export const HTML_BUDGET = Object.freeze({length: 150_000, depth: 40});

// Made on first use, not at import: importing Colloquy where there is no `window` (server-side
// rendering, Node tools) must not fail. A private instance: the host page may use DOMPurify too, and
// must not see our configuration or hooks (nor we theirs).
let sanitizer: ReturnType<typeof DOMPurify> | undefined;

function sanitizerOnce(): ReturnType<typeof DOMPurify> {
  if (sanitizer) return sanitizer;
  const purifier = DOMPurify(window);
  // Configured once: parsing the configuration on every call cost a third of the time.
  purifier.setConfig({
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ADD_URI_SAFE_ATTR: ['start', 'align'], // not URLs: without this DOMPurify judges them by ALLOWED_URI and drops them
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    // Nodes, not a string for Lit to parse again. DOMPurify parses through its own Trusted Types
    // policy, so a page that enforces Trusted Types need only allow `dompurify`.
    RETURN_DOM_FRAGMENT: true,
  });
  purifier.addHook('uponSanitizeAttribute', (_node, data) => {
    const allowed = ATTRIBUTE_VALUES[data.attrName];
    if (allowed && !allowed.test(data.attrValue)) data.keepAttr = false;
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    // A wide table scrolls sideways; a keyboard can scroll only what it can focus (WCAG 2.1.1).
    if (node.tagName === 'TABLE') node.setAttribute('tabindex', '0');
    if (node.tagName === 'A') {
      if (node.hasAttribute('href')) node.setAttribute('rel', LINK_REL);
      else node.removeAttribute('rel');
    }
  });
  sanitizer = purifier;
  return sanitizer;
}

/**
 * `html` as a `div` of this document holding only what Colloquy allows, or `null` when the HTML is
 * over budget (too long, or nested too deep to lay out sensibly). Parsed once, by DOMPurify, and
 * never serialized and parsed again: nothing can mutate between the check and the insertion. The
 * nodes returned are a copy in this document of what the sanitizer passed.
 */
export function sanitizeBody(html: string): HTMLDivElement | null {
  if (html.length > HTML_BUDGET.length) return null;
  const clean = html.replace(BIDI_FORMATTING, '');
  const fragment = sanitizerOnce().sanitize(clean) as unknown as DocumentFragment;
  if (deeperThan(fragment, HTML_BUDGET.depth)) return null;
  const body = document.createElement('div');
  // A copy made by this document: moving nodes across documents (adoption) costs twice as much as cloning.
  body.append(document.importNode(fragment, true));
  return body;
}

/** Text exactly as typed, as paragraphs and line breaks: for a body past every budget, or when Markdown cannot load. */
export function bodyAsTyped(text: string): HTMLDivElement {
  const body = document.createElement('div');
  for (const paragraph of text.replace(BIDI_FORMATTING, '').split(/\n{2,}/)) {
    const p = document.createElement('p');
    paragraph.split('\n').forEach((line, i) => {
      if (i > 0) p.append(document.createElement('br'));
      if (line) p.append(line);
    });
    body.append(p);
  }
  return body;
}

/** Whether any node under `root` is more than `limit` levels down. Iterative: the input can be deep. */
function deeperThan(root: Node, limit: number): boolean {
  let depth = 0;
  let node: Node | null = root.firstChild;
  while (node) {
    if (node.firstChild) {
      if (++depth > limit) return true;
      node = node.firstChild;
      continue;
    }
    while (node && !node.nextSibling) {
      node = node.parentNode;
      depth--;
      if (node === root) return false;
    }
    node = node?.nextSibling ?? null;
  }
  return false;
}
