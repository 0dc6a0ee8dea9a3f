#!/usr/bin/env node
import {ConfigError} from './cli/options.js';
import type {Command} from './commands/command.js';
import {backupCommand} from './commands/backup.js';
import {exportCommand} from './commands/export.js';
import {hashPasswordCommand} from './commands/hash-password.js';
import {importCommand} from './commands/import.js';
import {personCommand} from './commands/person.js';
import {remapCommand} from './commands/remap.js';
import {serve} from './commands/serve.js';

/** Every subcommand; `serve` runs when none is named. */
const COMMANDS: Readonly<Record<string, Command>> = {
  serve,
  import: importCommand,
  export: exportCommand,
  backup: backupCommand,
  remap: remapCommand,
  person: personCommand,
  'hash-password': hashPasswordCommand,
};

const USAGE = `Usage: colloquy-server [command] [options]

Commands:
${Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(22)}${command.summary}`).join('\n')}

\`colloquy-server <command> --help\` describes a command's options.

${serve.usage}`;

/** The `colloquy-server` command: picks the subcommand, runs it, and exits with its code. */
async function main(argv: readonly string[]): Promise<number> {
  const named = argv[0] !== undefined && !argv[0].startsWith('-');
  if (!named && (argv.includes('--help') || argv.includes('-h'))) {
    console.log(USAGE);
    return 0;
  }
  const command = named ? COMMANDS[argv[0]!] : serve;
  if (!command) {
    console.error(`colloquy-server: there is no command "${argv[0]}".\n\n${USAGE}`);
    return 2;
  }
  const args = named ? argv.slice(1) : argv;
  // Every command's help, in one place.
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`colloquy-server: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    console.error(`[colloquy-server] ${command === serve ? 'could not start' : `${argv[0]} failed`}:`, error instanceof Error ? error.message : error);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
  console.error('[colloquy-server] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
