import {readFileSync} from 'node:fs';

import {ConfigError, describeOptions, flagSwitch, option, readOptions} from '../cli/options.js';
import {DATABASE_OPTIONS} from '../config.js';
import {remapPosts, RemapError, type RemapRule} from '../store/remap.js';
import type {Command} from './command.js';
import {withDatabase} from './database.js';

const REMAP_OPTIONS = {
  ...DATABASE_OPTIONS,
  from: option({flag: 'from', arg: '<prefix>', help: 'Move post IDs that start with this…', parse: String}),
  to: option({flag: 'to', arg: '<prefix>', help: '…to start with this instead', parse: String}),
  rules: option({flag: 'rules', arg: '<file>', help: 'Or many moves: a file of "old-prefix new-prefix" lines (# starts a comment)', parse: String}),
  dryRun: flagSwitch({flag: 'dry-run', help: 'Write nothing: list what would move'}),
};

const USAGE = `Usage: colloquy-server remap --from /blog/ --to /posts/ [options]

Moves threads to new post IDs, for a site whose addresses changed (or an import whose post IDs
came out other than the pages'). Comments follow; a thread that lands on a post with comments
already is merged into it.

${describeOptions(REMAP_OPTIONS)}`;

/** `colloquy-server remap`: threads move with the site's addresses. */
export const remapCommand: Command = {
  summary: 'Move threads to new post IDs by prefix (a site that moved /blog/ to /posts/)',
  usage: USAGE,
  async run(argv, env) {
    const {values} = readOptions(REMAP_OPTIONS, argv, env);
    const rules: RemapRule[] = values.rules ? readRules(values.rules) : [];
    if (values.from !== undefined || values.to !== undefined) {
      if (!values.from || values.to === undefined) throw new ConfigError('--from and --to go together.');
      rules.push({from: values.from, to: values.to});
    }
    if (rules.length === 0) throw new ConfigError('say what moves: --from and --to, or --rules.');
    await withDatabase(values, async (db) => {
      const moved = await remapPosts(db, rules, {dryRun: values.dryRun}).catch((error: unknown) => {
        throw error instanceof RemapError ? new ConfigError(error.message) : error;
      });
      for (const m of moved) console.log(`${m.from} → ${m.to}  ${m.comments} comment${m.comments === 1 ? '' : 's'}${m.merged ? ' (merged into the post there)' : ''}`);
      console.log(`${values.dryRun ? 'Dry run: would move' : 'Moved'} ${moved.length} thread${moved.length === 1 ? '' : 's'}.`);
    });
    return 0;
  },
};

function readRules(file: string): RemapRule[] {
  return readFileSync(file, 'utf8').split('\n').flatMap((text, i) => {
    const line = text.replace(/#.*/, '').trim();
    if (!line) return [];
    const [from, to, extra] = line.split(/\s+/);
    if (!from || to === undefined || extra !== undefined) throw new ConfigError(`line ${i + 1} of ${file} is not "old-prefix new-prefix".`);
    return [{from, to}];
  });
}
