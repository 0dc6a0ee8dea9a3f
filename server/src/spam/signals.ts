/**
 * Spam signals, self-contained (no third party): each says what it saw; `judge` turns them into one
 * decision. Refusing is kept for floods from one network; everything doubtful waits for the owner.
 */

/** Limits that decide (the defaults suit a personal or small-team site; a server may set its own). */
export interface SpamRules {
  perNetworkMinute: number;
  perNetworkHour: number;
  perPostMinute: number;
  minComposeMs: number;
  maxLinks: number;
  repeatsHold: number;
  repeatsSpam: number;
}

export const SPAM_LIMITS: Readonly<SpamRules> = {
  /** Comments one network may post per minute and per hour before it is refused (429). */
  perNetworkMinute: 5,
  perNetworkHour: 30,
  /** Comments one post takes per minute before the ones with links wait (link spam from many networks). */
  perPostMinute: 20,
  /** Fewer milliseconds than this between the form appearing and the post: held. */
  minComposeMs: 2500,
  /** More links than this: held. */
  maxLinks: 3,
  /** The same body (of 20 characters or more: "Thanks!" is no spam) this many times in a day: held; `repeatsSpam` times: spam. */
  repeatsHold: 3,
  repeatsSpam: 6,
};

/** What the server knows about one new comment when it decides. */
export interface SpamFacts {
  readonly body: string;
  /** The honeypot field: a person never fills it. */
  readonly trap?: string;
  /** How long the form was open before the post, as the widget measured it. */
  readonly composeMs?: number;
  /** The email or the network is banned. */
  readonly banned: boolean;
  /** This network's comments in the current minute and hour, this one included. */
  readonly networkMinute: number;
  readonly networkHour: number;
  readonly networkRetryAfterSeconds: number;
  /** This post's comments in the current minute, this one included. */
  readonly postMinute: number;
  /** Earlier comments with the same body in the last day. */
  readonly repeats: number;
  /** The owner's banned terms. */
  readonly bannedTerms: readonly string[];
}

export type SpamVerdict =
  | {readonly action: 'publish'}
  | {readonly action: 'hold' | 'spam'; readonly reasons: readonly string[]}
  | {readonly action: 'refuse'; readonly retryAfterSeconds: number};

/** Markdown and bare links: `[x](url)`, `<url>`, `https://…`, `www.…`. */
const LINK = /\bhttps?:\/\/[^\s<>()]+|\bwww\.[^\s<>()]+/gi;

export function judge(facts: SpamFacts, limits: Readonly<SpamRules> = SPAM_LIMITS): SpamVerdict {
  if (facts.networkMinute > limits.perNetworkMinute || facts.networkHour > limits.perNetworkHour) {
    return {action: 'refuse', retryAfterSeconds: facts.networkRetryAfterSeconds};
  }
  const spam: string[] = [];
  const hold: string[] = [];
  if (facts.banned) spam.push('banned email or network');
  if (facts.trap) spam.push('filled the field people cannot see');
  const repeated = normalisedBody(facts.body).length >= 20 ? facts.repeats + 1 : 0;
  if (repeated >= limits.repeatsSpam) spam.push(`the same text ${repeated} times today`);
  else if (repeated >= limits.repeatsHold) hold.push(`the same text ${repeated} times today`);
  if (limits.minComposeMs > 0) {
    // The widget says how long its form was open; a post that does not came without one.
    if (facts.composeMs === undefined) hold.push('posted without the comment form');
    else if (facts.composeMs < limits.minComposeMs) hold.push(`posted ${(facts.composeMs / 1000).toFixed(1)} s after the form appeared`);
  }
  const links = facts.body.match(LINK) ?? [];
  if (links.length > limits.maxLinks) hold.push(`${links.length} links`);
  else if (links.length > 0 && textBesideLinks(facts.body).length < 20) hold.push('little but links');
  const lower = facts.body.toLowerCase();
  const term = facts.bannedTerms.find((t) => t && lower.includes(t.toLowerCase()));
  if (term) hold.push(`contains "${term}"`);
  // A busy thread is welcome; links in a burst on one post are how link spam from many networks looks.
  if (facts.postMinute > limits.perPostMinute && links.length > 0) hold.push(`a link while ${facts.postMinute} comments arrived on this post in a minute`);
  if (spam.length) return {action: 'spam', reasons: [...spam, ...hold]};
  if (hold.length) return {action: 'hold', reasons: hold};
  return {action: 'publish'};
}

/** The words of a body once its links and Markdown link syntax are gone. */
function textBesideLinks(body: string): string {
  return body.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(LINK, '').replace(/[\s<>[\]()*_`#>-]+/g, ' ').trim();
}

/** How repeated bodies are recognised: the same words, whatever the spacing and case. */
export function normalisedBody(body: string): string {
  return body.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
