import TurndownService from 'turndown';

/**
 * Imported HTML as Colloquy Markdown, so an imported comment is edited, previewed and rendered by
 * the one Markdown path like any other. What Markdown cannot say becomes its text; elements that
 * carry no text a reader wrote (scripts, styles, frames, forms) go with their contents. The result
 * is Markdown source: rendering it goes through the renderer and the widget's sanitizer as always.
 */
const turndown = new TurndownService({headingStyle: 'atx', codeBlockStyle: 'fenced', emDelimiter: '*', bulletListMarker: '-', br: '\\'});
turndown.remove(['script', 'style', 'iframe', 'object', 'embed', 'form', 'noscript', 'template', 'head', 'title', 'meta', 'link',
  'svg', 'math', 'button', 'select', 'textarea', 'input']);
// Strikethrough, as GFM writes it.
turndown.addRule('strikethrough', {filter: ['del', 's', 'strike'], replacement: (content) => `~~${content}~~`});
// A link's address only if it is one a reader can follow; anything else (javascript:, data:) keeps its text alone.
turndown.addRule('safe-links', {
  filter: (node) => node.nodeName === 'A' && node.getAttribute('href') !== null,
  replacement: (content, node) => {
    const href = node.getAttribute('href')!.trim();
    if (!/^(?:https?:|mailto:)/i.test(href)) return content;
    const text = content.trim() || href;
    return `[${text}](${escapeUrl(href)})`;
  },
});
// Images are shown as links by Colloquy (a reader's browser fetches nothing from a comment).
turndown.addRule('images-as-links', {
  filter: 'img',
  replacement: (_content, node) => {
    const src = node.getAttribute('src')?.trim() ?? '';
    const alt = node.getAttribute('alt')?.trim() ?? '';
    return /^https?:/i.test(src) ? `[${alt || 'image'}](${escapeUrl(src)})` : alt;
  },
});

/** Markdown for an imported HTML body. */
export function htmlToMarkdown(html: string): string {
  // Two line breaks in a row (`<br><br>`, how Blogger and many editors made paragraphs) are a paragraph break.
  return turndown.turndown(html).replace(/\\\n\\\n/g, '\n\n').trim();
}

/** A URL as a Markdown link destination: the characters that would end or break it, escaped. */
function escapeUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
