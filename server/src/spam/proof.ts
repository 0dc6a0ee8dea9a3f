import {createHash, createHmac, randomBytes, timingSafeEqual} from 'node:crypto';

import {leadingZeroBits} from '../protocol.js';

/**
 * Proof of work, for a site under attack (no third party): the server hands out signed challenges,
 * and a comment must carry a nonce that makes SHA-256(`<challenge>:<nonce>`) start with `difficulty`
 * zero bits. A reader's browser spends a second or two once per comment; a spammer pays that per post.
 */

/** How long a challenge may be used. */
export const CHALLENGE_TTL_MS = 10 * 60_000;

export function issueChallenge(secret: Buffer, now = Date.now()): {challenge: string; expiresAt: number} {
  const expiresAt = now + CHALLENGE_TTL_MS;
  const payload = `${expiresAt.toString(36)}.${randomBytes(12).toString('base64url')}`;
  return {challenge: `${payload}.${sign(secret, payload)}`, expiresAt};
}

export type ProofCheck = {readonly ok: true; readonly id: string} | {readonly ok: false; readonly reason: string};

/** Checks a `Colloquy-Proof: <challenge>:<nonce>` header; `id` names the challenge so it is used once. */
export function checkProof(header: string | undefined, secret: Buffer, difficulty: number, now = Date.now()): ProofCheck {
  const match = /^([\w-]+\.[\w-]+\.[\w-]+):([\w-]{1,64})$/.exec(header ?? '');
  if (!match) return {ok: false, reason: 'This site asks for a proof of work: get a challenge from /api/v1/challenge.'};
  const [, challenge, nonce] = match as unknown as [string, string, string];
  const [expires, random, signature] = challenge.split('.') as [string, string, string];
  const expected = Buffer.from(sign(secret, `${expires}.${random}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return {ok: false, reason: 'The challenge is not one this server made.'};
  if (parseInt(expires, 36) < now) return {ok: false, reason: 'The challenge has expired: get a new one.'};
  if (leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest()) < difficulty) {
    return {ok: false, reason: 'The proof of work does not solve the challenge.'};
  }
  return {ok: true, id: random};
}

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(`challenge\0${payload}`).digest('base64url').slice(0, 22);
}
