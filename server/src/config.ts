import {parseArgs} from 'node:util';

import {isPasswordHash} from './admin/passwords.js';
import {MODERATION_MODES, type ModerationMode} from './schema.js';
import type {SpamRules} from './spam/signals.js';

/** How the server runs: from command-line flags, then environment variables, then defaults. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** The embedded SQLite database's folder, used when there is no `databaseUrl`. */
  readonly dataDir: string;
  readonly databaseUrl?: string;
  /** `['*']`, or the exact origins (`https://blog.example.com`) whose pages may use the API. */
  readonly allowedOrigins: readonly string[];
  /** Serve the demo page and seed its thread once. */
  readonly demo: boolean;
  /** `Cache-Control` on thread and count answers; absent means the app's default. */
  readonly cacheControl?: string;
  /** Megabytes of hot answers kept in memory; 0 turns the read cache off. */
  readonly readCacheMb?: number;
  /** Minutes after posting during which an author may edit a comment (0: never). */
  readonly editWindowMinutes?: number;
  /** The site's moderation mode; posts may override it. */
  readonly moderation?: ModerationMode;
  /** Days after a post is first seen that its thread closes; 0 keeps threads open. */
  readonly closeAfterDays?: number;
  /** The admin page's user and scrypt password hash; without a hash the admin page is off. */
  readonly adminUser?: string;
  readonly adminPasswordHash?: string;
  /** A plain password to hash at start (convenient, but it sits in the environment). */
  readonly adminPassword?: string;
  /** Read the client's address from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy?: boolean;
  /** Comments one network may post per minute (six times as many per hour) before it is refused. */
  readonly commentsPerMinute?: number;
  /** A comment posted sooner than this after its form appeared waits for moderation. */
  readonly minComposeSeconds?: number;
  /** Any other spam rule (no flag: for tests and embedding programs). */
  readonly spamRules?: Partial<SpamRules>;
  /** Email to the owner: address, sender, and the SMTP server (smtp://user:pass@host:587, smtps://…). */
  readonly notifyEmail?: string;
  readonly notifyFrom?: string;
  readonly smtpUrl?: string;
  /** A URL that gets a signed POST per notice, and the secret that signs it. */
  readonly webhookUrl?: string;
  readonly webhookSecret?: string;
  /** Notify about every new comment, not only held ones. */
  readonly notifyEvery?: boolean;
  /** The address readers and the owner reach the server at, for links in notices. */
  readonly publicUrl?: string;
  /** Zero bits of proof of work asked of every new comment (a site under attack); 0 asks none. */
  readonly proofOfWork?: number;
}

export const USAGE = `Usage: colloquy-server [options]

  --port <n>            Port to listen on (env PORT; default 8787; 0 picks a free one)
  --host <name>         Interface to listen on (env HOST; default 127.0.0.1; 0.0.0.0 for all)
  --data-dir <path>     Embedded database folder (env DATA_DIR; default ./data)
  --database-url <url>  Use PostgreSQL instead: postgres://user:pass@host/db (env DATABASE_URL)
  --allowed-origins <list>
                        Comma-separated origins allowed to call the API (env ALLOWED_ORIGINS; default *)
  --cache-control <value>
                        Cache-Control of thread and count answers (env CACHE_CONTROL;
                        default "public, max-age=10, stale-while-revalidate=60")
  --read-cache-mb <n>   Memory for hot thread pages and counts (env READ_CACHE_MB; default 16; 0 = off)
  --edit-window-minutes <n>
                        How long authors may edit a comment after posting it (env EDIT_WINDOW_MINUTES;
                        default 15; 0 = no edits; deleting is always allowed)
  --moderation <mode>   none (publish at once), first (an author's first comment waits until approved)
                        or all (every comment waits) (env MODERATION; default none)
  --close-after-days <n>
                        Close threads this many days after their post is first seen (env CLOSE_AFTER_DAYS;
                        default 0 = never)
  --admin-user <name>   The admin page's user (env ADMIN_USER; default admin)
  --admin-password-hash <hash>
                        Turns on the admin page at /admin (env ADMIN_PASSWORD_HASH; make one with
                        \`colloquy-server hash-password\`; or env ADMIN_PASSWORD, hashed at start)
  --comments-per-minute <n>
                        Comments one network may post per minute, 6x per hour, before it is refused
                        (env COMMENTS_PER_MINUTE; default 5)
  --min-compose-seconds <s>
                        A comment posted sooner after its form appeared waits for moderation
                        (env MIN_COMPOSE_SECONDS; default 2.5; 0 = off)
  --notify-email <address>
                        Email the owner about held comments (env NOTIFY_EMAIL; needs --smtp-url)
  --smtp-url <url>      The mail server: smtp://user:pass@host:587 or smtps://… (env SMTP_URL)
  --notify-from <address>
                        The sender of those emails (env NOTIFY_FROM; default colloquy@localhost)
  --webhook-url <url>   POST a signed JSON notice about held comments here (env WEBHOOK_URL)
  --webhook-secret <s>  The HMAC-SHA256 key that signs webhook notices (env WEBHOOK_SECRET; required with it)
  --notify-every        Also notify about comments published at once (env NOTIFY_EVERY=1)
  --public-url <url>    This server's public address, for links in notices (env PUBLIC_URL)
  --proof-of-work <bits>
                        Ask every new comment for a proof of work of this many bits, for a site under
                        attack (env PROOF_OF_WORK; default 0 = off; 16 costs a reader about a second)
  --trust-proxy         Take the client's address from X-Forwarded-For (env TRUST_PROXY=1)
  --demo                Also serve the demo blog post at / and seed its thread once
  -h, --help            Show this help

  colloquy-server hash-password
                        Reads a password on standard input and prints its hash for ADMIN_PASSWORD_HASH`;

/** Thrown for a flag or variable the server cannot use; `main` prints it with the usage. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig | 'help' {
  let values;
  try {
    ({values} = parseArgs({
      args: [...argv],
      options: {
        port: {type: 'string'},
        host: {type: 'string'},
        'data-dir': {type: 'string'},
        'database-url': {type: 'string'},
        'allowed-origins': {type: 'string'},
        'cache-control': {type: 'string'},
        'read-cache-mb': {type: 'string'},
        'edit-window-minutes': {type: 'string'},
        moderation: {type: 'string'},
        'admin-user': {type: 'string'},
        'admin-password-hash': {type: 'string'},
        'trust-proxy': {type: 'boolean', default: false},
        'comments-per-minute': {type: 'string'},
        'notify-email': {type: 'string'},
        'notify-from': {type: 'string'},
        'smtp-url': {type: 'string'},
        'webhook-url': {type: 'string'},
        'webhook-secret': {type: 'string'},
        'notify-every': {type: 'boolean', default: false},
        'public-url': {type: 'string'},
        'proof-of-work': {type: 'string'},
        'min-compose-seconds': {type: 'string'},
        'close-after-days': {type: 'string'},
        demo: {type: 'boolean', default: false},
        help: {type: 'boolean', short: 'h', default: false},
      },
      strict: true,
    }));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (values.help) return 'help';

  const portText = values.port ?? env.PORT ?? '8787';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) throw new ConfigError(`--port must be a number from 0 to 65535, not "${portText}".`);

  const databaseUrl = values['database-url'] ?? (env.DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(?:ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('--database-url must start with postgres:// or postgresql://.');
  }

  const allowedOrigins = (values['allowed-origins'] ?? env.ALLOWED_ORIGINS ?? '*')
    .split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const origin of allowedOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`ALLOWED_ORIGINS entries are origins such as https://blog.example.com, not "${origin}".`);
    }
  }

  const cacheControl = values['cache-control'] ?? (env.CACHE_CONTROL || undefined);
  if (cacheControl !== undefined && !/^[\x20-\x7E]{1,200}$/.test(cacheControl)) {
    throw new ConfigError('--cache-control must be a Cache-Control header value, such as "public, max-age=10".');
  }
  const cacheMbText = values['read-cache-mb'] ?? env.READ_CACHE_MB ?? '16';
  const readCacheMb = Number(cacheMbText);
  if (!/^\d+$/.test(cacheMbText) || readCacheMb > 4096) throw new ConfigError(`--read-cache-mb must be a number from 0 to 4096, not "${cacheMbText}".`);

  const editWindowText = values['edit-window-minutes'] ?? env.EDIT_WINDOW_MINUTES ?? '15';
  const editWindowMinutes = Number(editWindowText);
  if (!/^\d+$/.test(editWindowText) || editWindowMinutes > 525_600) {
    throw new ConfigError(`--edit-window-minutes must be a number of minutes from 0 to 525600, not "${editWindowText}".`);
  }

  const moderation = values.moderation ?? env.MODERATION ?? 'none';
  if (!(MODERATION_MODES as readonly string[]).includes(moderation)) {
    throw new ConfigError(`--moderation must be one of ${MODERATION_MODES.join(', ')}, not "${moderation}".`);
  }
  const closeText = values['close-after-days'] ?? env.CLOSE_AFTER_DAYS ?? '0';
  const closeAfterDays = Number(closeText);
  if (!/^\d+$/.test(closeText) || closeAfterDays > 36_500) {
    throw new ConfigError(`--close-after-days must be a number of days from 0 to 36500, not "${closeText}".`);
  }

  const adminPasswordHash = values['admin-password-hash'] ?? (env.ADMIN_PASSWORD_HASH || undefined);
  if (adminPasswordHash !== undefined && !isPasswordHash(adminPasswordHash)) {
    throw new ConfigError('ADMIN_PASSWORD_HASH must be a hash made by `colloquy-server hash-password`.');
  }
  const adminUser = values['admin-user'] ?? (env.ADMIN_USER || 'admin');
  if (!/^[\x21-\x7E]{1,64}$/.test(adminUser)) throw new ConfigError('--admin-user must be 1 to 64 visible ASCII characters.');

  const perMinuteText = values['comments-per-minute'] ?? env.COMMENTS_PER_MINUTE ?? '5';
  const commentsPerMinute = Number(perMinuteText);
  if (!/^\d+$/.test(perMinuteText) || commentsPerMinute < 1 || commentsPerMinute > 100_000) {
    throw new ConfigError(`--comments-per-minute must be a number from 1 to 100000, not "${perMinuteText}".`);
  }
  const composeText = values['min-compose-seconds'] ?? env.MIN_COMPOSE_SECONDS ?? '2.5';
  const minComposeSeconds = Number(composeText);
  if (!/^\d+(?:\.\d+)?$/.test(composeText) || minComposeSeconds > 600) {
    throw new ConfigError(`--min-compose-seconds must be a number from 0 to 600, not "${composeText}".`);
  }

  const notifyEmail = values['notify-email'] ?? (env.NOTIFY_EMAIL || undefined);
  const smtpUrl = values['smtp-url'] ?? (env.SMTP_URL || undefined);
  if (notifyEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(notifyEmail)) throw new ConfigError(`--notify-email must be an email address, not "${notifyEmail}".`);
  if (notifyEmail !== undefined && !smtpUrl) throw new ConfigError('--notify-email needs --smtp-url (or SMTP_URL): the mail server to send through.');
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('--smtp-url must start with smtp:// or smtps://.');
  const webhookUrl = values['webhook-url'] ?? (env.WEBHOOK_URL || undefined);
  const webhookSecret = values['webhook-secret'] ?? (env.WEBHOOK_SECRET || undefined);
  if (webhookUrl !== undefined && !/^https?:\/\//.test(webhookUrl)) throw new ConfigError('--webhook-url must be an http:// or https:// URL.');
  if (webhookUrl !== undefined && (webhookSecret ?? '').length < 16) {
    throw new ConfigError('--webhook-url needs --webhook-secret (or WEBHOOK_SECRET) of at least 16 characters, to sign each notice.');
  }
  const publicUrl = values['public-url'] ?? (env.PUBLIC_URL || undefined);
  if (publicUrl !== undefined && !/^https?:\/\//.test(publicUrl)) throw new ConfigError('--public-url must be an http:// or https:// URL.');

  const proofText = values['proof-of-work'] ?? env.PROOF_OF_WORK ?? '0';
  const proofOfWork = Number(proofText);
  if (!/^\d+$/.test(proofText) || proofOfWork > 24) throw new ConfigError(`--proof-of-work must be a number of bits from 0 to 24, not "${proofText}".`);

  return {
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? env.DATA_DIR ?? './data',
    ...(databaseUrl ? {databaseUrl} : {}),
    allowedOrigins: allowedOrigins.length ? allowedOrigins : ['*'],
    demo: values.demo,
    ...(cacheControl ? {cacheControl} : {}),
    readCacheMb,
    editWindowMinutes,
    moderation: moderation as ModerationMode,
    closeAfterDays,
    adminUser,
    ...(adminPasswordHash ? {adminPasswordHash} : {}),
    ...(env.ADMIN_PASSWORD ? {adminPassword: env.ADMIN_PASSWORD} : {}),
    trustProxy: values['trust-proxy'] || env.TRUST_PROXY === '1',
    commentsPerMinute,
    minComposeSeconds,
    ...(notifyEmail ? {notifyEmail} : {}),
    ...(smtpUrl ? {smtpUrl} : {}),
    notifyFrom: values['notify-from'] ?? env.NOTIFY_FROM ?? 'Colloquy <colloquy@localhost>',
    ...(webhookUrl ? {webhookUrl, webhookSecret} : {}),
    notifyEvery: values['notify-every'] || env.NOTIFY_EVERY === '1',
    proofOfWork,
    ...(publicUrl ? {publicUrl: publicUrl.replace(/\/*$/, '/')} : {}),
  };
}
