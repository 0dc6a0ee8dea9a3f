import {createWriteStream} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {Readable} from 'node:stream';

import type {Db} from '../db.js';
import {ImportInputError, READERS, sniffFormat} from './formats.js';
import {importRecords, type ImportOptions, type ImportSummary} from './importer.js';
import type {PeekedInput} from './input.js';
import {FORMATS, type Format} from './records.js';

export interface RunOptions extends Omit<ImportOptions, 'source'> {
  /** The file's format; found from its first bytes when absent. */
  readonly format?: Format;
  /** Whose IDs these are; the format's name when absent. */
  readonly source?: string;
}

/**
 * Imports one file of a source format, from the command line or the admin page: finds its format,
 * and gives an Isso database, which is read in place, a file of its own when it arrived as a stream.
 */
export async function importFile(db: Db, input: PeekedInput & {path?: string}, options: RunOptions): Promise<ImportSummary> {
  const sniffed = sniffFormat(input.head);
  if (sniffed === 'colloquy' && !options.format) {
    throw new ImportInputError('this is a Colloquy export: restore it into an empty database with `colloquy-server import`.');
  }
  const format = options.format ?? (sniffed === 'colloquy' ? undefined : sniffed);
  if (!format) throw new ImportInputError(`cannot tell the file's format: name it (${FORMATS.join(', ')}).`);
  const run = (path?: string) => importRecords(db, READERS[format]({stream: input.stream, ...(path ? {path} : {})}),
    {...options, source: options.source ?? format});
  if (format !== 'isso' || input.path) return run(input.path);
  const dir = await mkdtemp(join(tmpdir(), 'colloquy-isso-'));
  try {
    const path = join(dir, 'comments.db');
    await pipeline(Readable.from(input.stream), createWriteStream(path));
    return await run(path);
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}
