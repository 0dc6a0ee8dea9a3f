import {readBlogger} from './blogger.js';
import {readDisqus} from './disqus.js';
import type {Format, SourceRecord} from './records.js';
import {readWordPress} from './wordpress.js';
import type {XmlInput} from './xml.js';

/** Each format's reader. */
export const READERS: Readonly<Record<Format, (input: XmlInput) => AsyncIterable<SourceRecord>>> = {
  disqus: readDisqus,
  wordpress: readWordPress,
  blogger: readBlogger,
};

/** The format a file's first bytes show, if they show one (`colloquy`: Colloquy's own export). */
export function sniffFormat(head: Uint8Array): Format | 'colloquy' | undefined {
  const text = new TextDecoder().decode(head.subarray(0, 4096));
  if (/^\s*\{"format":"colloquy-export"/.test(text)) return 'colloquy';
  if (/<disqus[\s>]/.test(text)) return 'disqus';
  if (/xmlns:wp="http:\/\/wordpress\.org\/export\//.test(text)) return 'wordpress';
  if (/<feed[\s>]/.test(text) && /blogger/i.test(text)) return 'blogger';
  return undefined;
}
