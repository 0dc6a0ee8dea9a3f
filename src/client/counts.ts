import {parseCounts} from '../protocol/index.js';
import {ApiError} from './api-error.js';
import {badResponse, requestJson, type Transport} from './request.js';

/**
 * Visible comments per post (`GET /counts?post=…`), for "24 comments" on index pages. A function of
 * its own, not only a method of the client, so that `<colloquy-count>` loads this and not the rest.
 */
export async function fetchCounts(root: URL | ApiError, postIds: readonly string[], transport: Transport,
  {signal}: {readonly signal?: AbortSignal} = {}): Promise<Readonly<Record<string, number>>> {
  if (root instanceof ApiError) throw root;
  const query = new URLSearchParams(postIds.map((id): [string, string] => ['post', id]));
  const parsed = parseCounts(await requestJson(new URL(`counts?${query}`, root), {signal}, transport));
  if (!parsed.ok) throw badResponse('the counts are malformed');
  return parsed.value.counts;
}
