import {Hono} from 'hono';

import type {ChallengeResponse} from '../protocol.js';
import {issueChallenge} from '../spam/proof.js';
import type {Secrets} from '../store/secrets.js';

export interface ProofOptions {
  /** Zero bits a proof must reach; 0 asks for none. */
  readonly difficulty: number;
  /** Signs challenges; needed when `difficulty` is above 0. */
  readonly secrets?: Secrets;
}

/** `GET /challenge`: a fresh proof-of-work challenge, or `difficulty: 0` when the site asks for none. */
export function challengeRoutes({difficulty, secrets}: ProofOptions): Hono {
  const routes = new Hono();
  routes.get('/challenge', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (difficulty === 0 || !secrets) return c.json({challenge: null, difficulty: 0, expiresAt: null} satisfies ChallengeResponse);
    const {challenge, expiresAt} = issueChallenge(await secrets.get('challenge_secret'));
    return c.json({challenge, difficulty, expiresAt: new Date(expiresAt).toISOString()} satisfies ChallengeResponse);
  });
  return routes;
}
