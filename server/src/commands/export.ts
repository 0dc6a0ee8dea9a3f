import {createWriteStream} from 'node:fs';
import {once} from 'node:events';
import {createGzip} from 'node:zlib';

import {describeOptions, flagSwitch, option, readOptions} from '../cli/options.js';
import {DATABASE_OPTIONS} from '../config.js';
import {exportRecords} from '../export/export.js';
import type {Command} from './command.js';
import {withDatabase} from './database.js';

const EXPORT_OPTIONS = {
  ...DATABASE_OPTIONS,
  output: option({flag: 'output', short: 'o', arg: '<file>', default: '-', help: 'Where to write it (- for standard output)', parse: String}),
  publicOnly: flagSwitch({flag: 'public', help: 'Only what readers see: no emails, hashes, held or hidden comments, moderation or keys'}),
};

const USAGE = `Usage: colloquy-server export [options] > comments.jsonl.gz

Writes every post, comment (with its status, dates and owner-token hash), moderation action, ban,
banned term and key as gzipped JSON lines, described by /api/v1/export.schema.json. Import it into
an empty database with \`colloquy-server import\` to restore it, on SQLite or PostgreSQL.

${describeOptions(EXPORT_OPTIONS)}`;

/** `colloquy-server export`: everything, as a file another Colloquy (or anything else) can read. */
export const exportCommand: Command = {
  summary: 'Write the whole database as gzipped JSON lines (--public: only what readers see)',
  usage: USAGE,
  async run(argv, env) {
    const {values} = readOptions(EXPORT_OPTIONS, argv, env);
    await withDatabase(values, async (db) => {
      const gzip = createGzip();
      const out = values.output === '-' ? process.stdout : createWriteStream(values.output);
      gzip.pipe(out);
      for await (const record of exportRecords(db, {publicOnly: values.publicOnly})) {
        if (!gzip.write(`${JSON.stringify(record)}\n`)) await once(gzip, 'drain');
      }
      gzip.end();
      await once(out === process.stdout ? gzip : out, out === process.stdout ? 'end' : 'finish');
    });
    return 0;
  },
};
