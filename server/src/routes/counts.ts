import {Hono} from 'hono';

import {isValidPostId, LIMITS} from '../protocol.js';
import {invalidRequest, type CachedRead} from '../http.js';
import type {CommentStore} from '../store/comments.js';

/** Visible comment counts for a list of posts, for index pages. Mounted under the API prefix. */
export function countRoutes({store, cachedRead}: {readonly store: CommentStore; readonly cachedRead: CachedRead}): Hono {
  const routes = new Hono();
  routes.get('/counts', async (c) => {
    const postIds = [...new Set(c.req.queries('post') ?? [])];
    if (postIds.length === 0) invalidRequest('post', 'Name at least one post: ?post=<id>.');
    if (postIds.length > LIMITS.countsMaxPosts) invalidRequest('post', `Ask for at most ${LIMITS.countsMaxPosts} posts at once.`);
    const bad = postIds.find((id) => !isValidPostId(id));
    if (bad !== undefined) invalidRequest('post', `Post IDs are 1 to ${LIMITS.postIdMaxLength} characters without control characters.`);
    const sorted = [...postIds].sort();
    return cachedRead(c, JSON.stringify(['counts', ...sorted]), sorted, () => store.counts(sorted));
  });
  return routes;
}
