import {createInterface} from 'node:readline';
import {Readable} from 'node:stream';

import {ImportFileError} from './errors.js';
import type {SourceRecord} from './records.js';

interface Remark42Comment {
  readonly id?: string;
  readonly pid?: string;
  readonly text?: string;
  readonly user?: {readonly name?: string; readonly email?: string};
  readonly locator?: {readonly url?: string};
  readonly time?: string;
  readonly delete?: boolean;
  readonly title?: string;
}

/**
 * A Remark42 backup (`remark42 backup`, or its daily files): JSON lines, a first line of site data
 * (`{"version":1,"users":[…],"posts":[…]}`) then one comment per line. Threads are keyed by the
 * page's full URL; bodies are the HTML Remark42 rendered; names were stored HTML-escaped.
 */
export async function* readRemark42(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<SourceRecord> {
  const threads = new Set<string>();
  let line = 0;
  for await (const text of createInterface({input: Readable.from(input), crlfDelay: Infinity})) {
    line++;
    if (!text.trim()) continue;
    let record: Remark42Comment & {version?: number};
    try {
      record = JSON.parse(text) as typeof record;
    } catch {
      throw new Remark42Error(`line ${line} is not JSON.`);
    }
    if (line === 1 && record.version !== undefined) continue; // the site's users and posts
    const url = record.locator?.url;
    if (!record.id || !url) continue;
    if (!threads.has(url)) {
      threads.add(url);
      yield {kind: 'thread', sourceId: url, url, ...(record.title ? {title: record.title} : {})};
    }
    yield {
      kind: 'comment',
      sourceId: record.id,
      threadId: url,
      parentId: record.pid || null,
      author: {name: unescapeHtml(record.user?.name ?? ''), ...(record.user?.email ? {email: record.user.email} : {})},
      body: {html: record.text ?? ''},
      createdAt: new Date(record.time ?? ''),
      status: record.delete ? 'deleted' : 'published',
      type: 'comment',
    };
  }
}

/** The file is not a Remark42 backup the reader can follow; the message says where. */
export class Remark42Error extends ImportFileError {
  override readonly name = 'Remark42Error';
}

/** Text that was HTML-escaped (Go's `template.HTMLEscapeString`), as it was typed. */
function unescapeHtml(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (_, dec: string, hex: string, name: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16))
      : ({amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"} as Record<string, string>)[name.toLowerCase()]!);
}
