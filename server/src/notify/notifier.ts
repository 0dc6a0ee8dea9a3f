import {createHmac} from 'node:crypto';

import nodemailer, {type Transporter} from 'nodemailer';

import {describeError, log} from '../log.js';
import type {Comment, NewComment} from '../protocol.js';
import type {Claimed, Outbox} from './outbox.js';

export interface NotifySettings {
  /** Where emails go; with `smtpUrl`, the owner gets one per held comment (or per comment, with `every`). */
  readonly email?: {readonly to: string; readonly from: string; readonly smtpUrl: string};
  /** A URL that receives a signed JSON POST per held comment (or per comment). */
  readonly webhook?: {readonly url: string; readonly secret: string};
  /** Tell the owner of every new comment, not only held ones. */
  readonly every: boolean;
  /** The server's public address, for links to the admin page (known once it listens). */
  readonly publicUrl: () => string;
  /** First retry after this many milliseconds, doubling each time; given up after `maxAttempts`. */
  readonly retryBaseMs?: number;
  readonly maxAttempts?: number;
}

/** What an email or a webhook says about one comment. */
export interface CommentNotice {
  readonly event: 'comment.held' | 'comment.published';
  readonly comment: Comment & {readonly authorEmail: string | null; readonly heldFor: string | null};
  /** Opens the comment's post on the admin page. */
  readonly adminUrl: string;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Tells the site owner about new comments by email (SMTP, plain text) and a signed webhook. Notices go
 * through the outbox, so a slow or failing mail server never delays the commenter, and a restart or
 * another instance picks up what was not sent.
 */
export class Notifier {
  readonly #outbox: Outbox;
  readonly #settings: NotifySettings;
  readonly #mail?: Transporter;
  #timer?: NodeJS.Timeout;
  #running?: Promise<void>;

  constructor(outbox: Outbox, settings: NotifySettings) {
    this.#outbox = outbox;
    this.#settings = settings;
    if (settings.email) this.#mail = nodemailer.createTransport(settings.email.smtpUrl);
  }

  get enabled(): boolean {
    return Boolean(this.#settings.email || this.#settings.webhook);
  }

  /** Queues notices for a new comment (held ones always; published ones with `every`). Spam never notifies. */
  async commentAdded(comment: Comment, input: NewComment, stored: 'published' | 'pending' | 'spam', heldFor: string | null): Promise<void> {
    if (!this.enabled || stored === 'spam' || (stored === 'published' && !this.#settings.every)) return;
    const notice: CommentNotice = {
      event: stored === 'pending' ? 'comment.held' : 'comment.published',
      comment: {...comment, authorEmail: input.author.email ?? null, heldFor},
      adminUrl: new URL(`admin?post=${encodeURIComponent(comment.postId)}${stored === 'pending' ? '' : '&view=comments'}`,
        this.#settings.publicUrl()).href,
    };
    if (this.#settings.email) await this.#outbox.enqueue('email', notice);
    if (this.#settings.webhook) await this.#outbox.enqueue('webhook', notice);
    this.poke();
  }

  /** Sends what is due now and then every `intervalMs`. */
  start(intervalMs = 5_000): void {
    if (!this.enabled || this.#timer) return;
    this.#timer = setInterval(() => this.poke(), intervalMs).unref();
    this.poke();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
    this.#mail?.close();
  }

  /** Runs one round of sending unless one is running. */
  poke(): Promise<void> {
    this.#running ??= this.#sendDue().catch((error: unknown) => log('warn', 'notify.round_failed', describeError(error)))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #sendDue(): Promise<void> {
    for (let claimed = await this.#outbox.claimDue(); claimed.length; claimed = await this.#outbox.claimDue()) {
      await Promise.all(claimed.map((n) => this.#send(n)));
    }
  }

  async #send(notification: Claimed): Promise<void> {
    const notice = notification.payload as CommentNotice;
    try {
      if (notification.channel === 'email') await this.#sendEmail(notice);
      else await this.#sendWebhook(notice);
      await this.#outbox.sent(notification.id);
    } catch (error) {
      const attempts = notification.attempts + 1;
      const max = this.#settings.maxAttempts ?? 10;
      const next = attempts >= max ? null : Date.now() + (this.#settings.retryBaseMs ?? 30_000) * 2 ** (attempts - 1);
      log('warn', 'notify.failed', {channel: notification.channel, attempts, givenUp: next === null, ...describeError(error)});
      await this.#outbox.failed(notification.id, error instanceof Error ? error.message : String(error), next);
    }
  }

  async #sendEmail(notice: CommentNotice): Promise<void> {
    const {to, from} = this.#settings.email!;
    await this.#mail!.sendMail({from, to, ...emailFor(notice)});
  }

  async #sendWebhook(notice: CommentNotice): Promise<void> {
    const {url, secret} = this.#settings.webhook!;
    const body = JSON.stringify(notice);
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(url, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Colloquy-Timestamp': String(timestamp), 'Colloquy-Signature': signWebhook(body, secret, timestamp)},
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      redirect: 'error',
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
  }
}

/**
 * `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>`: a receiver recomputes it with the shared
 * secret, compares in constant time, and refuses timestamps older than a few minutes (replays).
 */
export function signWebhook(body: string, secret: string, timestamp: number): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The owner's email: plain text only, so nothing a commenter wrote can run, load or disguise a link
 * in it. Names and text are quoted as written; the one link is the server's own admin page.
 */
export function emailFor(notice: CommentNotice): {subject: string; text: string} {
  const {comment} = notice;
  const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').slice(0, 120);
  const held = notice.event === 'comment.held';
  const subject = `[Colloquy] ${held ? 'Comment awaiting moderation' : 'New comment'} on ${oneLine(comment.postId)}`;
  const body = comment.body.length > 4000 ? `${comment.body.slice(0, 4000)}\n[…]` : comment.body;
  const text = [
    held ? 'A comment is waiting for your decision.' : 'A new comment was published.',
    '',
    `Post: ${oneLine(comment.postId)}`,
    `Author: ${oneLine(comment.author.name)}${comment.authorEmail ? ` <${oneLine(comment.authorEmail)}>` : ''}`,
    ...(comment.author.url ? [`Website: ${oneLine(comment.author.url)}`] : []),
    ...(comment.heldFor ? [`Held because: ${oneLine(comment.heldFor)}`] : []),
    `Written: ${comment.createdAt}`,
    '',
    ...body.split('\n').map((line) => `> ${line}`),
    '',
    `${held ? 'Approve or reject it' : 'See it'} on the admin page: ${notice.adminUrl}`,
  ].join('\n');
  return {subject, text};
}
