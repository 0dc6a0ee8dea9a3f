import {checkIdentifier, LIMITS} from '../protocol.js';
import type {SourceThread} from './records.js';

/** How a source's thread becomes a Colloquy post ID: its URL's path (the widget's default), its whole URL, or the source's own identifier. */
export const POST_ID_RULES = ['path', 'url', 'identifier'] as const;
export type PostIdRule = (typeof POST_ID_RULES)[number];

// Parameters that tell where a visitor came from, not which page it is (the usual reason one page
// has several threads in a Disqus export).
const TRACKING = /^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga)$/i;

/** The post ID `rule` gives `thread`, or undefined when the thread has nothing to make one from. */
export function postIdOf(thread: SourceThread, rule: PostIdRule): string | undefined {
  const id = rule === 'identifier' ? thread.identifier?.trim() : addressOf(thread.url, rule);
  if (!id || id.length > LIMITS.postIdMaxLength || !checkIdentifier(id).ok) return undefined;
  return id;
}

/**
 * `path`: the path, with the query when the page needs it (`/?p=4`), as a page's
 * `location.pathname` reads; `url`: the whole address. Both without tracking parameters or fragment.
 */
function addressOf(url: string | undefined, rule: 'path' | 'url'): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim(), 'http://relative.invalid');
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  for (const key of [...parsed.searchParams.keys()]) if (TRACKING.test(key)) parsed.searchParams.delete(key);
  parsed.hash = '';
  if (rule === 'url') return parsed.host === 'relative.invalid' ? undefined : parsed.href;
  return `${parsed.pathname}${parsed.search}`;
}
