import {isPasswordHash} from './admin/passwords.js';
import {DEFAULT_CACHE_CONTROL} from './app.js';
import {
  ConfigError, decimal, describeOptions, flagSwitch, integer, matching, oneOf, option, OptionError, readOptions, withDefaults,
  type ValuesOf,
} from './cli/options.js';
import {MODERATION_MODES} from './schema.js';
import type {SpamRules} from './spam/signals.js';

const httpUrl = matching(/^https?:\/\/\S+$/, 'an http:// or https:// URL');

/** Where the data lives: every command that opens the database reads these. */
export const DATABASE_OPTIONS = {
  dataDir: option({flag: 'data-dir', env: 'DATA_DIR', arg: '<path>', default: './data', help: 'Embedded database folder', parse: String}),
  databaseUrl: option({flag: 'database-url', env: 'DATABASE_URL', arg: '<url>',
    help: 'Use PostgreSQL instead: postgres://user:pass@host/db',
    parse: matching(/^postgres(?:ql)?:\/\//, 'a URL starting with postgres:// or postgresql://')}),
};

/** How `colloquy-server` (serve) runs: flags, then environment variables, then these defaults. */
export const SERVE_OPTIONS = {
  port: option({flag: 'port', env: 'PORT', arg: '<n>', default: '8787', help: 'Port to listen on (0 picks a free one)',
    parse: integer(0, 65_535)}),
  host: option({flag: 'host', env: 'HOST', arg: '<name>', default: '127.0.0.1', help: 'Interface to listen on (0.0.0.0 for all)',
    parse: String}),
  ...DATABASE_OPTIONS,
  allowedOrigins: option({flag: 'allowed-origins', env: 'ALLOWED_ORIGINS', arg: '<list>', default: '*',
    help: 'Comma-separated origins allowed to call the API, such as https://blog.example.com', parse: origins}),
  cacheControl: option({flag: 'cache-control', env: 'CACHE_CONTROL', arg: '<value>', default: DEFAULT_CACHE_CONTROL,
    help: 'Cache-Control of thread and count answers',
    parse: matching(/^[\x20-\x7E]{1,200}$/, 'a Cache-Control header value, such as "public, max-age=10"')}),
  readCacheMb: option({flag: 'read-cache-mb', env: 'READ_CACHE_MB', arg: '<n>', default: '16',
    help: 'Memory for hot thread pages and counts, in MB (0 = off)', parse: integer(0, 4096)}),
  editWindowMinutes: option({flag: 'edit-window-minutes', env: 'EDIT_WINDOW_MINUTES', arg: '<n>', default: '15',
    help: 'How long authors may edit a comment after posting it (0 = no edits; deleting is always allowed)',
    parse: integer(0, 525_600, 'a number of minutes')}),
  moderation: option({flag: 'moderation', env: 'MODERATION', arg: '<mode>', default: 'none',
    help: 'none (publish at once), first (an author\'s first comment waits until approved) or all (every comment waits)',
    parse: oneOf(MODERATION_MODES)}),
  closeAfterDays: option({flag: 'close-after-days', env: 'CLOSE_AFTER_DAYS', arg: '<n>', default: '0',
    help: 'Close threads this many days after their post is first seen (0 = never)', parse: integer(0, 36_500, 'a number of days')}),
  adminUser: option({flag: 'admin-user', env: 'ADMIN_USER', arg: '<name>', default: 'admin', help: 'The admin page\'s user',
    parse: matching(/^[\x21-\x7E]{1,64}$/, '1 to 64 visible ASCII characters')}),
  adminPasswordHash: option({flag: 'admin-password-hash', env: 'ADMIN_PASSWORD_HASH', arg: '<hash>',
    help: 'Turns on the admin page at /admin (make one with `colloquy-server hash-password`)',
    parse: (text) => {
      if (!isPasswordHash(text)) throw new OptionError('must be a hash made by `colloquy-server hash-password`');
      return text;
    }}),
  adminPassword: option({env: 'ADMIN_PASSWORD', arg: '<password>',
    help: 'Or a plain password, hashed at start (convenient, but it sits in the environment)', parse: String}),
  commentsPerMinute: option({flag: 'comments-per-minute', env: 'COMMENTS_PER_MINUTE', arg: '<n>', default: '5',
    help: 'Comments one network may post per minute, 6x per hour, before it is refused', parse: integer(1, 100_000)}),
  minComposeSeconds: option({flag: 'min-compose-seconds', env: 'MIN_COMPOSE_SECONDS', arg: '<s>', default: '2.5',
    help: 'A comment posted sooner after its form appeared waits for moderation (0 = off)', parse: decimal(600)}),
  notifyEmail: option({flag: 'notify-email', env: 'NOTIFY_EMAIL', arg: '<address>',
    help: 'Email the owner about held comments (needs --smtp-url)', parse: matching(/^[^\s@]+@[^\s@]+$/, 'an email address')}),
  smtpUrl: option({flag: 'smtp-url', env: 'SMTP_URL', arg: '<url>', help: 'The mail server: smtp://user:pass@host:587 or smtps://…',
    parse: matching(/^smtps?:\/\//, 'a URL starting with smtp:// or smtps://')}),
  notifyFrom: option({flag: 'notify-from', env: 'NOTIFY_FROM', arg: '<address>', default: 'Colloquy <colloquy@localhost>',
    help: 'The sender of those emails', parse: String}),
  webhookUrl: option({flag: 'webhook-url', env: 'WEBHOOK_URL', arg: '<url>', help: 'POST a signed JSON notice about held comments here',
    parse: httpUrl}),
  webhookSecret: option({flag: 'webhook-secret', env: 'WEBHOOK_SECRET', arg: '<s>',
    help: 'The HMAC-SHA256 key that signs webhook notices (16 characters or more; required with --webhook-url)', parse: String}),
  notifyEvery: flagSwitch({flag: 'notify-every', env: 'NOTIFY_EVERY', help: 'Also notify about comments published at once'}),
  publicUrl: option({flag: 'public-url', env: 'PUBLIC_URL', arg: '<url>', help: 'This server\'s public address, for links in notices',
    parse: (text) => httpUrl(text).replace(/\/*$/, '/')}),
  proofOfWork: option({flag: 'proof-of-work', env: 'PROOF_OF_WORK', arg: '<bits>', default: '0',
    help: 'Ask every new comment for a proof of work of this many bits, for a site under attack (0 = off; 16 costs a reader about a second)',
    parse: integer(0, 24, 'a number of bits')}),
  trustProxy: flagSwitch({flag: 'trust-proxy', env: 'TRUST_PROXY', help: 'Take the client\'s address from X-Forwarded-For'}),
  demo: flagSwitch({flag: 'demo', help: 'Also serve the demo blog post at / and seed its thread once'}),
};

/** How the server runs: every option of SERVE_OPTIONS, resolved, and spam rules for programs that embed it. */
export type ServerConfig = ValuesOf<typeof SERVE_OPTIONS> & {
  /** Any other spam rule (no flag: for tests and embedding programs). */
  readonly spamRules?: Partial<SpamRules>;
};

/** The defaults with `overrides` on top, for programs (and tests) that start the server themselves. */
export function serverConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return checked({...withDefaults(SERVE_OPTIONS), ...overrides});
}

/** The server's options from its command line and environment. Throws `ConfigError`. */
export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig | 'help' {
  const {values, help} = readOptions(SERVE_OPTIONS, argv, env);
  return help ? 'help' : checked(values);
}

export const SERVE_USAGE = `Usage: colloquy-server [serve] [options]

Serves the comments API, the widget and (with --admin-password-hash) the admin page.

${describeOptions(SERVE_OPTIONS)}
  -h, --help            Show this help`;

/** Options that only make sense together. */
function checked(config: ServerConfig): ServerConfig {
  if (config.notifyEmail !== undefined && !config.smtpUrl) {
    throw new ConfigError('--notify-email needs --smtp-url (or SMTP_URL): the mail server to send through.');
  }
  if (config.webhookUrl !== undefined && (config.webhookSecret ?? '').length < 16) {
    throw new ConfigError('--webhook-url needs --webhook-secret (or WEBHOOK_SECRET) of at least 16 characters, to sign each notice.');
  }
  return config;
}

function origins(text: string): readonly string[] {
  const list = text.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const origin of list) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new OptionError(`lists origins such as https://blog.example.com, not "${origin}"`);
    }
  }
  return list.length ? list : ['*'];
}

export {ConfigError} from './cli/options.js';
