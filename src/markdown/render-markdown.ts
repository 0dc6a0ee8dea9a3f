import {markdownToHtml} from '../protocol/markdown.js';
import {bodyAsTyped, sanitizeBody} from './sanitize.js';

export {RENDER_BUDGET, RENDER_MAX_LENGTH} from '../protocol/markdown.js';

/**
 * A comment's Markdown as the sanitized HTML the widget shows: Colloquy's dialect, then the sanitizer
 * every body passes. For pages and tools that render a preview; it brings the Markdown parser with it.
 */
export function renderMarkdown(source: string): string {
  return (sanitizeBody(markdownToHtml(source)) ?? bodyAsTyped(source)).innerHTML;
}
