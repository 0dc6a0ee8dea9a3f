import {createReadStream} from 'node:fs';
import {createInterface} from 'node:readline';
import {Readable} from 'node:stream';

import {ConfigError, describeOptions, flagSwitch, oneOf, option, readOptions} from '../cli/options.js';
import {DATABASE_OPTIONS} from '../config.js';
import {FORMATS} from '../import/records.js';
import {ImportFileError} from '../import/errors.js';
import {peekInput, type PeekedInput} from '../import/input.js';
import type {ImportSummary} from '../import/importer.js';
import {POST_ID_RULES} from '../import/post-ids.js';
import type {Command} from './command.js';
import {withDatabase} from './database.js';

export const IMPORT_OPTIONS = {
  ...DATABASE_OPTIONS,
  format: option({flag: 'format', arg: '<name>',
    help: `The file's format: ${[...FORMATS, 'colloquy'].join(', ')} (found from the file when not given); colloquy, Colloquy's own export, restores into an empty database`,
    parse: oneOf([...FORMATS, 'colloquy'] as const)}),
  postIdRule: option({flag: 'post-id', arg: '<rule>', default: 'path',
    help: 'How a thread becomes a post ID: path (its URL\'s path, what the widget uses by default), url (the whole URL) or identifier (Disqus\'s <id>, the WordPress or Blogger slug)',
    parse: oneOf(POST_ID_RULES)}),
  source: option({flag: 'source', arg: '<name>', help: 'Whose IDs the file\'s are (default: the format); give each site its own when importing several of one kind',
    parse: String}),
  dryRun: flagSwitch({flag: 'dry-run', help: 'Write nothing: list every thread with the post ID it would get and what that post has already'}),
  keepSpam: flagSwitch({flag: 'keep-spam', help: 'Keep spam and trash, hidden, for the admin page (skipped otherwise)'}),
  pingbacks: flagSwitch({flag: 'pingbacks', help: 'Import pingbacks and trackbacks as comments (skipped otherwise)'}),
  json: flagSwitch({flag: 'json', help: 'Print the summary as JSON'}),
};

const USAGE = `Usage: colloquy-server import [options] <file>

Imports the comments of a Disqus, WordPress, Blogger or Remark42 export, or an Isso database
(gzipped or not; - reads standard input).
Importing the same file again, or a newer export of the same site, adds only what is new.
A Colloquy export (\`colloquy-server export\`) restores into an empty database, IDs and all.

${describeOptions(IMPORT_OPTIONS)}`;

/** `colloquy-server import FILE`: brings a site's comments in from another system. */
export const importCommand: Command = {
  summary: 'Import comments from Disqus, WordPress, Blogger, Isso, Remark42 or Colloquy (try --dry-run first)',
  usage: USAGE,
  async run(argv, env) {
    const {values, positionals} = readOptions(IMPORT_OPTIONS, argv, env, {positionals: 1});
    const file = positionals[0];
    if (!file) throw new ConfigError('name the file to import (or - for standard input).');
    // The readers, the HTML converter and its DOM load only here, never with the server.
    const [{sniffFormat}, {importFile}, {restoreExport, RestoreError}] =
      await Promise.all([import('../import/formats.js'), import('../import/run.js'), import('../export/restore.js')]);
    const input = await openInput(file);
    const format = values.format ?? sniffFormat(input.head);
    if (!format) throw new ConfigError(`cannot tell the format of ${file}: give --format (${FORMATS.join(', ')}).`);
    // An import can be run again (it skips what it stored), so it need not sync every batch to disk; a restore is written once.
    return withDatabase(values, async (db) => {
      if (format === 'colloquy') {
        const restored = await restoreExport(db, createInterface({input: Readable.from(input.stream), crlfDelay: Infinity})).catch((error: unknown) => {
          throw error instanceof RestoreError ? new ConfigError(error.message) : error;
        });
        console.log(values.json ? JSON.stringify(restored, null, 2)
          : `Restored ${restored.posts} posts, ${restored.comments} comments and ${restored.moderation} moderation actions${restored.public ? ' (a public export: no emails, owner tokens or moderation)' : ''}.`);
        return 0;
      }
      if (format === 'isso' && file !== '-') input.close(); // read in place, from its file
      const summary = await importFile(db, {...input, ...(file === '-' ? {} : {path: file})}, {
        format, postIdRule: values.postIdRule, dryRun: values.dryRun, keepSpam: values.keepSpam, pingbacks: values.pingbacks,
        ...(values.source ? {source: values.source} : {}),
      }).catch((error: unknown) => {
        throw error instanceof ImportFileError ? new ConfigError(error.message) : error;
      });
      console.log(values.json ? JSON.stringify(summary, null, 2) : describeSummary(summary));
      return 0;
    }, {rerunnable: format !== 'colloquy'});
  },
};

/** The file (or standard input), unzipped if it is gzip, and its first bytes to tell its format by. */
async function openInput(file: string): Promise<PeekedInput & {close(): void}> {
  const raw: Readable = file === '-' ? process.stdin : createReadStream(file);
  const peeked = await peekInput(raw).catch((error: unknown) => {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
  });
  return {...peeked, close: () => void raw.destroy()};
}

/** The summary as an owner reads it: each thread and where it goes, then the totals. */
export function describeSummary(summary: ImportSummary): string {
  const lines: string[] = [];
  const withPost = summary.threads.filter((t) => t.postId);
  const without = summary.threads.filter((t) => !t.postId);
  lines.push(summary.dryRun ? 'Dry run: nothing was written. Threads and the post IDs they would get:' : 'Threads and their post IDs:');
  for (const t of withPost) {
    lines.push(`  ${t.postId}  ${t.comments} comment${t.comments === 1 ? '' : 's'}${summary.dryRun && t.existing ? `; this post has ${t.existing} here already` : ''}` +
      `${t.url && t.url !== t.postId ? `  (from ${t.url})` : ''}`);
  }
  if (without.length) {
    lines.push(`Threads with no post ID (their comments are skipped; try another --post-id rule):`);
    for (const t of without) lines.push(`  ${t.url ?? t.title ?? t.sourceId}`);
  }
  const {published, pending, hidden} = summary.imported;
  lines.push('', `${summary.dryRun ? 'Would import' : 'Imported'}: ${published} published, ${pending} awaiting moderation, ${hidden} hidden; ` +
    `${summary.tombstones} kept as "Comment deleted" for their replies; ${summary.madeTopLevel} replies whose parent is missing put at the top.`);
  const skipped = Object.entries(summary.skipped);
  if (skipped.length) lines.push(`Skipped: ${skipped.map(([reason, n]) => `${n} ${reason}`).join(', ')}.`);
  return lines.join('\n');
}
