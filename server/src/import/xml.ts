import {SaxesParser} from 'saxes';

import {ImportFileError} from './errors.js';

/** One XML element read whole: local names, namespace URIs dropped (formats are read by local name). */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Its own text and CDATA, in order (not its children's). */
  text: string;
}

/** A file's bytes (or text), as a stream or all at once. */
export type XmlInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** What the reader hands on: containers it walks into, and whole elements inside them. */
export type XmlEvent =
  | {readonly type: 'open'; readonly name: string; readonly attrs: Readonly<Record<string, string>>}
  | {readonly type: 'element'; readonly element: XmlElement}
  | {readonly type: 'close'; readonly name: string};

// Characters XML 1.0 does not allow (real WordPress exports carry some) and lone surrogates.
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// Named entities HTML knows and XML does not, which exports written by hand or by old plugins use
// outside CDATA; anything else unknown stays as it was written.
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: '\u00A0', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»',
  copy: '©', reg: '®', trade: '™', eacute: 'é', egrave: 'è', agrave: 'à', uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß', euro: '€',
};

/**
 * Reads XML as a stream: walks into the elements named in `containers` (announcing each), and
 * hands on every other element whole, so memory holds one record at a time, never the file. Bytes
 * that are not UTF-8 become U+FFFD and characters XML forbids are dropped, as real exports need;
 * anything else malformed stops the read with an `XmlError` that says where.
 */
export async function* readXml(input: XmlInput, containers: ReadonlySet<string>): AsyncGenerator<XmlEvent> {
  const parser = new SaxesParser({xmlns: true, position: true});
  for (const [name, value] of Object.entries(HTML_ENTITIES)) parser.ENTITIES[name] = value;
  const ready: XmlEvent[] = [];
  const open: XmlElement[] = []; // the element being read whole, and its open descendants
  let failure: Error | undefined;
  parser.on('opentag', (tag) => {
    const attrs = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value]));
    const name = tag.local;
    if (open.length === 0 && containers.has(name)) {
      ready.push({type: 'open', name, attrs});
      return;
    }
    const element: XmlElement = {name, attrs, children: [], text: ''};
    open.at(-1)?.children.push(element);
    open.push(element);
  });
  parser.on('closetag', (tag) => {
    if (open.length === 0) {
      ready.push({type: 'close', name: tag.local});
      return;
    }
    const element = open.pop()!;
    if (open.length === 0) ready.push({type: 'element', element});
  });
  const onText = (text: string) => {
    const current = open.at(-1);
    if (current) current.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (error) => {
    failure ??= new XmlError(error.message);
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of input) {
    parser.write((typeof chunk === 'string' ? chunk : decoder.decode(chunk, {stream: true})).replace(NOT_XML, ''));
    if (failure) throw failure;
    yield* ready.splice(0);
  }
  parser.write(decoder.decode().replace(NOT_XML, ''));
  parser.close();
  if (failure) throw failure;
  yield* ready.splice(0);
}

/** The file is not XML the reader can follow; the message says where. */
export class XmlError extends ImportFileError {
  override readonly name = 'XmlError';
}

/** The text of the first child named `name` (trimmed), or undefined. */
export function childText(element: XmlElement, name: string): string | undefined {
  return element.children.find((child) => child.name === name)?.text.trim();
}

/** The first child named `name`. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
