import {describe, expect, it} from 'vitest';

import {judge, SPAM_LIMITS, type SpamFacts} from '../../server/src/spam/signals.js';

const quiet: SpamFacts = {body: 'A thoughtful comment about the post.', composeMs: 60_000, banned: false, networkMinute: 1, networkHour: 1,
  networkRetryAfterSeconds: 60, postMinute: 1, repeats: 0, bannedTerms: []};

describe('the spam judge', () => {
  it('publishes an ordinary comment written in the form, and holds one posted without it', () => {
    expect(judge(quiet)).toEqual({action: 'publish'});
    const {composeMs: _, ...formless} = quiet;
    expect(judge(formless)).toEqual({action: 'hold', reasons: ['posted without the comment form']});
    expect(judge(formless, {...SPAM_LIMITS, minComposeMs: 0})).toEqual({action: 'publish'});
    expect(judge({...quiet, composeMs: SPAM_LIMITS.minComposeMs})).toEqual({action: 'publish'});
    expect(judge({...quiet, body: 'See https://example.org for the details of what I mean here.'})).toEqual({action: 'publish'});
  });

  it('refuses a flood from one network, per minute or per hour, with the time to wait', () => {
    expect(judge({...quiet, networkMinute: SPAM_LIMITS.perNetworkMinute + 1})).toEqual({action: 'refuse', retryAfterSeconds: 60});
    expect(judge({...quiet, networkHour: SPAM_LIMITS.perNetworkHour + 1}).action).toBe('refuse');
    expect(judge({...quiet, networkMinute: SPAM_LIMITS.perNetworkMinute}).action).toBe('publish');
  });

  it.each([
    [{trap: 'http://spam.example'}, 'spam', 'filled the field people cannot see'],
    [{banned: true}, 'spam', 'banned email or network'],
    [{composeMs: 400}, 'hold', 'posted 0.4 s after the form appeared'],
    [{body: 'a https://a.example b https://b.example c https://c.example d https://d.example'}, 'hold', '4 links'],
    [{body: '[cheap](https://pills.example) https://pills.example/2'}, 'hold', 'little but links'],
    [{body: 'www.casino.example'}, 'hold', 'little but links'],
    [{bannedTerms: ['', 'Casino']}, 'publish', undefined],
    [{body: 'Try the CASINO tonight, friends of the blog', bannedTerms: ['casino']}, 'hold', 'contains "casino"'],
    [{repeats: SPAM_LIMITS.repeatsHold - 1}, 'hold', `the same text ${SPAM_LIMITS.repeatsHold} times today`],
    [{repeats: SPAM_LIMITS.repeatsSpam - 1}, 'spam', `the same text ${SPAM_LIMITS.repeatsSpam} times today`],
    [{repeats: 50, body: 'Thanks!'}, 'publish', undefined],
    [{postMinute: SPAM_LIMITS.perPostMinute + 1}, 'publish', undefined],
    [{postMinute: SPAM_LIMITS.perPostMinute + 1, body: 'Great post, more at https://shop.example for everyone who reads.'}, 'hold',
      `a link while ${SPAM_LIMITS.perPostMinute + 1} comments arrived on this post in a minute`],
  ] as [Partial<SpamFacts>, string, string | undefined][])('judges %j: %s', (facts, action, reason) => {
    const verdict = judge({...quiet, ...facts});
    expect(verdict.action).toBe(action);
    if (reason) expect('reasons' in verdict ? verdict.reasons : []).toContain(reason);
  });

  it('files as spam what any spam signal catches, keeping every reason', () => {
    expect(judge({...quiet, trap: 'x', composeMs: 10})).toEqual({action: 'spam',
      reasons: ['filled the field people cannot see', 'posted 0.0 s after the form appeared']});
  });

  it('follows the rules a server sets', () => {
    expect(judge({...quiet, composeMs: 10}, {...SPAM_LIMITS, minComposeMs: 0}).action).toBe('publish');
    expect(judge({...quiet, networkMinute: 50}, {...SPAM_LIMITS, perNetworkMinute: 100}).action).toBe('publish');
  });
});
