import {createHash} from 'node:crypto';

import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {solveChallenge} from '../../src/client/proof-of-work.js';
import {CommentsClient} from '../../src/client/client.js';
import {createApp} from '../../server/src/app.js';
import {leadingZeroBits, type Problem} from '../../server/src/protocol.js';
import {checkProof, CHALLENGE_TTL_MS, issueChallenge} from '../../server/src/spam/proof.js';
import {RateLimits} from '../../server/src/store/rate-limits.js';
import {Secrets} from '../../server/src/store/secrets.js';
import {aComment, commentsPath, DATABASES, freshPostId, openHarness, postJson, type Harness} from './helpers.js';

const SECRET = Buffer.alloc(32, 7);

describe('proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint8Array([0, 0, 1]))).toBe(23);
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x0f, 0xff]))).toBe(4);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('accepts a solved challenge, and refuses a forged, expired, unsolved or malformed one', async () => {
    const {challenge} = issueChallenge(SECRET);
    const nonce = await solveChallenge(challenge, 10);
    expect(leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest())).toBeGreaterThanOrEqual(10);
    expect(checkProof(`${challenge}:${nonce}`, SECRET, 10)).toMatchObject({ok: true});
    expect(checkProof(`${challenge}:${nonce}`, Buffer.alloc(32, 8), 10)).toMatchObject({ok: false});
    expect(checkProof(`${challenge}:${nonce}`, SECRET, 10, Date.now() + CHALLENGE_TTL_MS + 1)).toMatchObject({ok: false});
    const [expires, random, signature] = challenge.split('.');
    expect(checkProof(`${expires}.${random}x.${signature}:${nonce}`, SECRET, 10)).toMatchObject({ok: false});
    // Some nonce below the difficulty: the first that does not solve it.
    let bad = 0;
    while (leadingZeroBits(createHash('sha256').update(`${challenge}:${bad.toString(36)}`).digest()) >= 10) bad++;
    expect(checkProof(`${challenge}:${bad.toString(36)}`, SECRET, 10)).toMatchObject({ok: false});
    for (const header of [undefined, '', 'x', `${challenge}`, `${challenge}:`, `${challenge}:a b`]) expect(checkProof(header, SECRET, 1).ok).toBe(false);
  });

  it('stops solving when asked', async () => {
    const {challenge} = issueChallenge(SECRET);
    await expect(solveChallenge(challenge, 60, AbortSignal.abort())).rejects.toThrow();
  });
});

describe.each(DATABASES)('a site asking for a proof of work, on $name', ({url, available}) => {
  let h: Harness;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    if (!available) return;
    h = await openHarness(url);
    app = createApp({store: h.store, allowedOrigins: ['*'], proof: {difficulty: 8, secrets: new Secrets(h.db.kysely), limits: new RateLimits(h.db)}});
  });
  afterAll(async () => {
    await h?.db.close();
  });

  it.skipIf(!available)('answers 428 without a proof, takes a solved challenge once, and the widget\'s client does it all by itself', async () => {
    const postId = freshPostId();
    const refused = await postJson(app, commentsPath(postId), aComment());
    expect(refused.status).toBe(428);
    expect(((await refused.json()) as Problem).code).toBe('proof_required');
    const {challenge, difficulty} = (await (await app.request('/api/v1/challenge')).json()) as {challenge: string; difficulty: number};
    expect(difficulty).toBe(8);
    const proof = `${challenge}:${await solveChallenge(challenge, difficulty)}`;
    expect((await postJson(app, commentsPath(postId), aComment(), {'Colloquy-Proof': proof})).status).toBe(201);
    expect((await postJson(app, commentsPath(postId), aComment(), {'Colloquy-Proof': proof})).status).toBe(428); // used once

    const client = new CommentsClient({baseUrl: 'http://colloquy.test', fetch: async (input, init) => app.request(String(input), init)});
    const posted = await client.postComment(postId, {parentId: null, author: {name: 'Reader'}, body: 'through the widget'});
    expect(posted.comment.status).toBe('published');
  });
});
