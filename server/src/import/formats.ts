import {readBlogger} from './blogger.js';
import {ImportFileError} from './errors.js';
import {readDisqus} from './disqus.js';
import {isSqlite, readIsso} from './isso.js';
import {readRemark42} from './remark42.js';
import type {Format, SourceRecord} from './records.js';
import {readWordPress} from './wordpress.js';
import type {XmlInput} from './xml.js';

/** Where a file is: its bytes as a stream, and its path (Isso's database is read in place; standard input has none). */
export interface ImportInput {
  readonly stream: XmlInput;
  readonly path?: string;
}

/** Each format's reader. */
export const READERS: Readonly<Record<Format, (input: ImportInput) => AsyncIterable<SourceRecord>>> = {
  disqus: ({stream}) => readDisqus(stream),
  wordpress: ({stream}) => readWordPress(stream),
  blogger: ({stream}) => readBlogger(stream),
  remark42: ({stream}) => readRemark42(toAsync(stream)),
  isso: ({path}) => {
    if (!path) throw new ImportInputError('an Isso database is read from its file, not from standard input: name the file.');
    return readIsso(path);
  },
};

/** An input a reader cannot take. */
export class ImportInputError extends ImportFileError {
  override readonly name = 'ImportInputError';
}

async function* toAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/** The format a file's first bytes show, if they show one (`colloquy`: Colloquy's own export). */
export function sniffFormat(head: Uint8Array): Format | 'colloquy' | undefined {
  const text = new TextDecoder().decode(head.subarray(0, 4096));
  if (/^\s*\{"format":"colloquy-export"/.test(text)) return 'colloquy';
  if (/<disqus[\s>]/.test(text)) return 'disqus';
  if (/xmlns:wp="http:\/\/wordpress\.org\/export\//.test(text)) return 'wordpress';
  if (/<feed[\s>]/.test(text) && /blogger/i.test(text)) return 'blogger';
  if (/^\s*\{"version":\d+,"(?:users|posts)"/.test(text)) return 'remark42';
  if (isSqlite(head)) return 'isso';
  return undefined;
}
