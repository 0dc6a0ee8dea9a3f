import {existsSync} from 'node:fs';
import {join} from 'node:path';

import {ConfigError, describeOptions, readOptions} from '../cli/options.js';
import {DATABASE_OPTIONS} from '../config.js';
import {openDb, SQLITE_FILE} from '../db.js';
import type {Command} from './command.js';

const USAGE = `Usage: colloquy-server backup [options] <file>

Copies the embedded database to <file> while the server runs (SQLite's online backup): a copy as it
was at one instant, unlike a plain file copy. To restore, stop the server and put the copy in the
data folder as colloquy.sqlite. With PostgreSQL, use pg_dump instead.

${describeOptions(DATABASE_OPTIONS)}`;

/** `colloquy-server backup FILE`: a consistent copy of the SQLite database, taken while it serves. */
export const backupCommand: Command = {
  summary: 'Copy the embedded database to a file while the server runs',
  usage: USAGE,
  async run(argv, env) {
    const {values, positionals} = readOptions(DATABASE_OPTIONS, argv, env, {positionals: 1});
    if (!positionals[0]) throw new ConfigError('name the file to write the copy to.');
    if (values.databaseUrl) throw new ConfigError('backup copies the embedded database; with PostgreSQL use pg_dump (see the README\'s "Backups").');
    if (!existsSync(join(values.dataDir, SQLITE_FILE))) throw new ConfigError(`there is no database in ${values.dataDir} to copy.`);
    const db = await openDb({dataDir: values.dataDir});
    try {
      await db.backup!(positionals[0]);
    } finally {
      await db.close();
    }
    console.log(`[colloquy-server] copied ${values.dataDir} to ${positionals[0]}`);
    return 0;
  },
};
