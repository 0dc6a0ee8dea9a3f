import {leadingZeroBits} from '../protocol/index.js';

/**
 * Solves a proof-of-work challenge: the first nonce that makes SHA-256(`<challenge>:<nonce>`) start
 * with `difficulty` zero bits. Each hash is an await on Web Crypto, so the page stays responsive;
 * `signal` stops it.
 */
export async function solveChallenge(challenge: string, difficulty: number, signal?: AbortSignal): Promise<string> {
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce++) {
    if (nonce % 256 === 0) signal?.throwIfAborted();
    const text = nonce.toString(36);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${text}`)));
    if (leadingZeroBits(digest) >= difficulty) return text;
  }
}
