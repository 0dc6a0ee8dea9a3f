import type {Context} from 'hono';

import {hashNetwork, networkOf} from '../network.js';
import {ProblemError} from '../problem-error.js';
import type {NewComment} from '../protocol.js';
import type {ModerationStore} from '../store/moderation.js';
import type {RateLimits, RateVerdict} from '../store/rate-limits.js';
import type {Secrets} from '../store/secrets.js';
import {bodyHashOf, type SpamStore} from '../store/spam.js';
import {judge, SPAM_LIMITS, type SpamRules} from './signals.js';

/** How far back a flooding network's comments are held again. */
const FLOOD_LOOKBACK_MS = 10 * 60_000;

export interface ScreeningOptions {
  readonly limits: RateLimits;
  readonly spam: SpamStore;
  readonly secrets: Secrets;
  /** Holds what a flooding network published just before it was refused. */
  readonly moderation: ModerationStore;
  /** Take the client's address from `X-Forwarded-For`. */
  readonly trustProxy: boolean;
  readonly rules?: Partial<SpamRules>;
}

/** What the store needs to know of a new comment's screening. */
export interface Screening {
  readonly action: 'publish' | 'hold' | 'spam';
  readonly reasons: readonly string[];
  readonly bodyHash: string;
  readonly networkKey: string;
}

/**
 * Counts a new comment against its network's and its post's limits (in the database: they hold
 * across instances), gathers the other signals, and decides. A flood from one network is refused
 * with `rate_limited` and `Retry-After`; whatever else looks wrong is held or filed as spam.
 */
export async function screen(c: Context, postId: string, input: NewComment, options: ScreeningOptions): Promise<Screening> {
  const rules: SpamRules = {...SPAM_LIMITS, ...options.rules};
  const network = networkOf(c, options.trustProxy);
  const now = Date.now();
  const [networkSecret, networkKey, emailKey] = await Promise.all([options.secrets.get('network_secret'),
    options.spam.key('network', network), input.author.email ? options.spam.key('email', input.author.email) : null]);
  const rotating = hashNetwork(network, networkSecret, now);
  const bodyHash = bodyHashOf(input.body);
  // The counters and the facts are read side by side: one round trip each, at the same time.
  const [[minute, hour, post], {banned, repeats}, bannedTerms] = await Promise.all([
    options.limits.hitAll([
      {key: `comment:net:${rotating}:m`, limit: rules.perNetworkMinute, windowMs: 60_000},
      {key: `comment:net:${rotating}:h`, limit: rules.perNetworkHour, windowMs: 3_600_000},
      {key: `comment:post:${postId}`, limit: rules.perPostMinute, windowMs: 60_000},
    ], now) as Promise<[RateVerdict, RateVerdict, RateVerdict]>,
    options.spam.facts(emailKey, networkKey, bodyHash, now - 86_400_000),
    options.spam.cachedBannedTerms(now),
  ]);
  // A flood is refused, and what the network published in the minutes before goes back to the queue:
  // the first comments of a burst must not stay in front of readers either.
  if (!minute.allowed || !hour.allowed) {
    await options.moderation.holdFrom(networkKey, now - FLOOD_LOOKBACK_MS, 'part of a flood from one network');
    throw new ProblemError('rate_limited', 'You are posting too fast. Wait a little and try again.', undefined,
      {'Retry-After': String(Math.max(minute.allowed ? 0 : minute.retryAfterSeconds, hour.allowed ? 0 : hour.retryAfterSeconds))});
  }
  const verdict = judge({
    body: input.body,
    ...(input.trap !== undefined ? {trap: input.trap} : {}),
    ...(input.composeMs !== undefined ? {composeMs: input.composeMs} : {}),
    banned, repeats, bannedTerms,
    networkMinute: minute.count, networkHour: hour.count, networkRetryAfterSeconds: minute.retryAfterSeconds,
    postMinute: post.count,
  }, rules);
  if (verdict.action === 'refuse') {
    throw new ProblemError('rate_limited', 'You are posting too fast. Wait a little and try again.', undefined,
      {'Retry-After': String(verdict.retryAfterSeconds)});
  }
  return {action: verdict.action, reasons: verdict.action === 'publish' ? [] : verdict.reasons, bodyHash, networkKey};
}
