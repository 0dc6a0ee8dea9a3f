import {fetchCounts} from '../../client/counts.js';
import {apiRoot} from '../../client/request.js';
import {isValidPostId, LIMITS} from '../../protocol/index.js';

/** Counts are small: a server that has not answered in 10 s will not, and the page shows its own text. */
const TIMEOUT_MS = 10_000;

/** The answers so far, per server and post: a count is asked for once per page. */
const answers = new Map<string, Map<string, Promise<number>>>();
/** Posts waiting for the next request, per server. */
const waiting = new Map<string, Map<string, {resolve: (count: number) => void; reject: (error: unknown) => void}>>();
let flushing = false;

/**
 * The number of visible comments on `postId`. Every count asked for in the same task goes out as one
 * request per server (`GET /counts?post=…&post=…`, up to the protocol's limit of posts per request),
 * so a list of 50 posts costs one request, not 50.
 */
export function countFor(api: string, postId: string): Promise<number> {
  let known = answers.get(api);
  if (!known) answers.set(api, known = new Map());
  let answer = known.get(postId);
  // One post ID the server would refuse must not sink the request for every other count on the page.
  if (!answer && !isValidPostId(postId)) return Promise.reject(new Error(`${JSON.stringify(postId.slice(0, 40))} is not a post ID.`));
  if (!answer) {
    answer = new Promise<number>((resolve, reject) => {
      let queue = waiting.get(api);
      if (!queue) waiting.set(api, queue = new Map());
      queue.set(postId, {resolve, reject});
    });
    // A failure is not kept: the next element (or a retry) asks again.
    answer.catch(() => known.get(postId) === answer && known.delete(postId));
    known.set(postId, answer);
    if (!flushing) {
      flushing = true;
      setTimeout(flush); // after the task that made these elements (a page's whole list upgrades in one)
    }
  }
  return answer;
}

function flush(): void {
  flushing = false;
  for (const [api, queue] of waiting) {
    const posts = [...queue];
    const root = apiRoot(api, document.baseURI);
    const transport = {fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), timeoutMs: TIMEOUT_MS};
    for (let i = 0; i < posts.length; i += LIMITS.countsMaxPosts) {
      const batch = posts.slice(i, i + LIMITS.countsMaxPosts);
      fetchCounts(root, batch.map(([postId]) => postId), transport).then((counts) => {
        for (const [postId, {resolve, reject}] of batch) {
          const count = counts[postId];
          if (typeof count === 'number') resolve(count);
          else reject(new Error(`The server sent no count for post ${JSON.stringify(postId)}.`));
        }
      }, (error: unknown) => {
        for (const [, {reject}] of batch) reject(error);
      });
    }
  }
  waiting.clear();
}
