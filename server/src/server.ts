import type {AddressInfo} from 'node:net';

import {serve, type ServerType} from '@hono/node-server';

import {createApp} from './app.js';
import {mountAssets} from './assets.js';
import type {ServerConfig} from './config.js';
import {openDb, type Db} from './db.js';
import {seedDemo} from './demo-seed.js';
import {migrate} from './migrate.js';
import {describeError, log} from './log.js';
import {ReadCache} from './read-cache.js';
import {hashPassword} from './admin/passwords.js';
import {Notifier} from './notify/notifier.js';
import {Outbox} from './notify/outbox.js';
import {AdminSessions} from './store/admin-sessions.js';
import {CommentStore} from './store/comments.js';
import {ModerationStore} from './store/moderation.js';
import {PeopleStore} from './store/people.js';
import {RateLimits} from './store/rate-limits.js';
import {Secrets} from './store/secrets.js';
import {SpamStore} from './store/spam.js';

/** A listening server. `close()` stops taking requests, lets running ones finish, then closes the database. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates it, and listens: everything `main` does but reading flags and signals. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const db = await openDb(config.databaseUrl ? {databaseUrl: config.databaseUrl} : {dataDir: config.dataDir});
  try {
    // Owners see why a start after an upgrade takes longer (and tests, when migrating begins).
    const migrated = await migrate(db, {onPending: (pending) => log('info', 'db.migrating', {pending})});
    if (migrated) log('info', 'db.migrated', {migrations: migrated});
    const store = new CommentStore(db, {
      editWindowMs: config.editWindowMinutes * 60_000,
      moderation: {mode: config.moderation, closeAfterDays: config.closeAfterDays},
    });
    if (config.demo) await seedDemo(store);
    const cache = readCacheFor(db, config.readCacheMb);
    const limits = new RateLimits(db);
    const secrets = new Secrets(db.kysely);
    const spam = new SpamStore(db, secrets);
    const perMinute = config.commentsPerMinute;
    const moderation = new ModerationStore(db);
    const adminPasswordHash = config.adminPasswordHash ?? (config.adminPassword ? await hashPassword(config.adminPassword) : undefined);
    let listeningUrl = 'http://localhost/';
    const notifier = new Notifier(new Outbox(db), {
      ...(config.notifyEmail && config.smtpUrl ? {email: {to: config.notifyEmail, from: config.notifyFrom, smtpUrl: config.smtpUrl}} : {}),
      ...(config.webhookUrl && config.webhookSecret ? {webhook: {url: config.webhookUrl, secret: config.webhookSecret}} : {}),
      every: config.notifyEvery,
      publicUrl: () => config.publicUrl ?? listeningUrl,
    });
    const app = createApp({
      notifier,
      proof: {difficulty: config.proofOfWork, secrets, limits},
      store,
      allowedOrigins: config.allowedOrigins,
      extend: (app) => mountAssets(app, {demo: config.demo}),
      cache,
      cacheControl: config.cacheControl,
      screening: {
        limits, spam, secrets, moderation, trustProxy: config.trustProxy,
        rules: {perNetworkMinute: perMinute, perNetworkHour: perMinute * 6, minComposeMs: config.minComposeSeconds * 1000,
          ...config.spamRules},
      },
      admin: {
        users: new Map(adminPasswordHash ? [[config.adminUser, adminPasswordHash]] : []),
        sessions: new AdminSessions(db),
        moderation,
        limits,
        secrets,
        spam,
        trustProxy: config.trustProxy,
        people: new PeopleStore(db),
        // The importers (an XML parser, an HTML converter with a DOM of its own) load when the owner first imports.
        importFile: async (input, options) => (await import('./import/run.js')).importFile(db, input, options),
      },
    });
    const purge = () => Promise.all([store.purgeIdempotencyKeys(), limits.purge(), spam.forgetNetworks()]).catch((error: unknown) =>
      log('warn', 'purge_failed', describeError(error)));
    await purge();
    const purgeTimer = setInterval(purge, 3_600_000).unref();
    const server = await listen(app.fetch, config.port, config.host);
    const {port} = server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    listeningUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
    notifier.start();
    return {
      url: listeningUrl,
      async close() {
        clearInterval(purgeTimer);
        await closeHttp(server);
        await notifier.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The read cache for one server instance: it hears this instance's writes from the change feed.
 * With several instances on one PostgreSQL, the others' writes reach it through the database's
 * notifications, and it keeps answers only while those flow.
 */
export function readCacheFor(db: Db, megabytes: number): ReadCache {
  const cache = new ReadCache(megabytes * 1024 * 1024, db.changedElsewhere);
  db.changes.subscribe((change) => {
    if (change.visible) cache.invalidate(change.postId);
  });
  if (db.listen) {
    cache.reset(false);
    db.listen({
      onChange: (postId) => cache.invalidate(postId),
      onReady: () => cache.reset(true),
      onLost: () => cache.reset(false),
    });
  }
  return cache;
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({fetch, port, hostname}, () => resolve(server));
    server.once('error', reject);
  });
}

// Idle keep-alive sockets would hold `close()` open; busy ones get 10 s to finish their response.
function closeHttp(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    const http = server as import('node:http').Server;
    const force = setTimeout(() => http.closeAllConnections?.(), 10_000);
    http.close(() => {
      clearTimeout(force);
      resolve();
    });
    http.closeIdleConnections?.();
  });
}
