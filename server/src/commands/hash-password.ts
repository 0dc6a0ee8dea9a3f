import {hashPassword} from '../admin/passwords.js';
import {ConfigError} from '../cli/options.js';
import type {Command} from './command.js';

const USAGE = `Usage: echo "$PASSWORD" | colloquy-server hash-password

Reads a password on standard input and prints its hash, for ADMIN_PASSWORD_HASH.`;

/** `colloquy-server hash-password`: the admin password's hash, so the password itself need not be configured. */
export const hashPasswordCommand: Command = {
  summary: 'Print the hash of a password read on standard input, for ADMIN_PASSWORD_HASH',
  usage: USAGE,
  async run(argv) {
    if (argv.length) throw new ConfigError(`hash-password takes no arguments; type the password on standard input.`);
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (!password) throw new ConfigError('type a password on standard input, such as: echo "$PASSWORD" | colloquy-server hash-password');
    console.log(await hashPassword(password));
    return 0;
  },
};
