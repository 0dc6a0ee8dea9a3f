import {pipeline, Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';

/** A file's bytes, unzipped if they were gzip, and its first bytes to tell its format by. */
export interface PeekedInput {
  readonly head: Uint8Array;
  readonly stream: AsyncIterable<Uint8Array>;
}

/** Reads the first chunk of `source` (unzipping it as it goes when it is gzip), and hands back the whole. */
export async function peekInput(source: AsyncIterable<Uint8Array>): Promise<PeekedInput> {
  const [first, rest] = await takeFirst(source);
  if (first[0] !== 0x1f || first[1] !== 0x8b) return {head: first, stream: rest};
  const unzipped = pipeline(Readable.from(rest), createGunzip(), () => undefined);
  const [head, stream] = await takeFirst(unzipped as AsyncIterable<Uint8Array>);
  return {head, stream};
}

/** The first chunk, and an iterable of all of them (that one included). */
async function takeFirst(source: AsyncIterable<Uint8Array>): Promise<[Uint8Array, AsyncIterable<Uint8Array>]> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? new Uint8Array(0) : first.value;
  async function* all(): AsyncGenerator<Uint8Array> {
    if (first.done) return;
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return [head, all()];
}
