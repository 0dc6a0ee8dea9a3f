import {API_PREFIX, isHttpUrl, parseProblem} from '../protocol/index.js';
import {ApiError} from './api-error.js';

/** How a request goes out: which `fetch`, and how long to wait for it. */
export interface Transport {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

/**
 * The protocol's root (`…/api/v1/`) on the server at `baseUrl`, or why there is none: only http(s)
 * URLs, resolved against `baseURI` when relative.
 */
export function apiRoot(baseUrl: string, baseURI: string | undefined): URL | ApiError {
  let url: URL;
  try {
    url = new URL(baseUrl.trim(), baseURI);
  } catch {
    return new ApiError(0, 'config', `The api URL "${baseUrl}" is not a URL.`);
  }
  if (!baseUrl.trim() || !isHttpUrl(url.href)) {
    return new ApiError(0, 'config', `The api URL must be an http:// or https:// address, not "${baseUrl}".`);
  }
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${API_PREFIX}/`;
  return url;
}

/**
 * Sends one request and gives back its JSON (`undefined` for 204). Every failure is an `ApiError`:
 * `network` or `timeout` when no answer came, the problem's code when the server sent one, else
 * `bad_response` or `http_error`. The caller's own abort rejects with its reason.
 */
export async function requestJson(url: URL, {signal, ...init}: RequestInit & {signal?: AbortSignal | null | undefined},
  {fetch: send, timeoutMs}: Transport): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    // Reads revalidate (If-None-Match, usually a 304): a reader who just posted never sees a stale page
    // from the browser's cache, while CDNs in front of the server may still serve others for seconds.
    response = await send(url, {cache: 'no-cache', ...init, signal: combined, mode: 'cors', credentials: 'omit'} as RequestInit);
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error; // the caller's abort: nothing happened
    if (timeout.aborted) throw new ApiError(0, 'timeout', 'The comment server did not answer in time.', {cause: error});
    throw new ApiError(0, 'network', 'The comment server could not be reached.', {cause: error});
  }
  if (response.status === 204) return undefined;
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    if (response.ok) throw badResponse('the answer is not JSON', error);
    body = undefined;
  }
  if (response.ok) return body;
  // Any JSON with a `code` is read as a problem: some servers send problems as application/json.
  const problem = parseProblem(body);
  if (problem) {
    throw new ApiError(response.status, problem.code, problem.detail || problem.title || `HTTP ${response.status}`, {
      ...(problem.field !== undefined ? {field: problem.field} : {}),
      ...(problem.errors ? {errors: problem.errors} : {}),
    });
  }
  throw new ApiError(response.status, 'http_error', `The comment server answered HTTP ${response.status}.`);
}

export function badResponse(what: string, cause?: unknown): ApiError {
  return new ApiError(0, 'bad_response', `The comment server sent an answer Colloquy cannot read: ${what}.`, {cause});
}
