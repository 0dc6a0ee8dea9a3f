import type {AdminComment, Ban, ImportSummary, LogEntry, PersonData, PostSettings} from '../src/admin/schemas.js';

export type {AdminComment, Ban, ImportSummary, LogEntry, PersonData, PostSettings};

/** How an upload is imported: the admin API's query parameters. */
export interface ImportChoices {
  readonly postId: 'path' | 'url' | 'identifier';
  readonly dryRun: boolean;
  readonly keepSpam: boolean;
  readonly pingbacks: boolean;
}

/** A refusal from the admin API, with its problem code (`unauthorized` means: sign in again). */
export class AdminApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly retryAfter?: number) {
    super(message);
  }
}

/** Speaks to `/admin/api` on this origin: the session cookie rides along, and every change carries the CSRF token. */
export class AdminApi {
  csrf = '';

  /** Who is signed in on this browser, if anyone. */
  async session(): Promise<{user: string | null; csrf?: string}> {
    const session = await this.#call<{user: string | null; csrf?: string}>('GET', 'session');
    this.csrf = session.csrf ?? '';
    return session;
  }

  async signIn(user: string, password: string): Promise<{user: string; csrf: string}> {
    const session = await this.#call<{user: string; csrf: string}>('POST', 'session', {user, password});
    this.csrf = session.csrf;
    return session;
  }

  signOut(): Promise<void> {
    return this.#call('DELETE', 'session');
  }

  comments(filter: Record<string, string>): Promise<{comments: AdminComment[]; queue: number}> {
    const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ''));
    return this.#call('GET', `comments${query.size ? `?${query}` : ''}`);
  }

  act(id: string, action: 'approve' | 'reject' | 'spam' | 'delete'): Promise<void> {
    return this.#call('POST', `comments/${encodeURIComponent(id)}/${action}`);
  }

  edit(id: string, body: string): Promise<void> {
    return this.#call('PATCH', `comments/${encodeURIComponent(id)}`, {body});
  }

  post(postId: string): Promise<PostSettings> {
    return this.#call('GET', `posts/${encodeURIComponent(postId)}`);
  }

  setPost(postId: string, settings: PostSettings): Promise<PostSettings> {
    return this.#call('PUT', `posts/${encodeURIComponent(postId)}`, settings);
  }

  log(): Promise<{entries: LogEntry[]}> {
    return this.#call('GET', 'log');
  }

  spam(): Promise<{bans: Ban[]; terms: string[]}> {
    return this.#call('GET', 'spam');
  }

  setTerms(terms: string[]): Promise<{terms: string[]}> {
    return this.#call('PUT', 'spam/terms', {terms});
  }

  ban(ban: {kind: 'email'; email: string; note?: string} | {kind: 'network'; commentId: string; note?: string}): Promise<{bans: Ban[]}> {
    return this.#call('POST', 'bans', ban);
  }

  unban(id: string): Promise<{bans: Ban[]}> {
    return this.#call('DELETE', `bans/${encodeURIComponent(id)}`);
  }

  /** Uploads an export (the browser streams the file) and imports it, or with `dryRun` says what it would do. */
  importFile(file: Blob, choices: ImportChoices): Promise<ImportSummary> {
    const query = new URLSearchParams({postId: choices.postId, dryRun: choices.dryRun ? '1' : '0', keepSpam: choices.keepSpam ? '1' : '0',
      pingbacks: choices.pingbacks ? '1' : '0'});
    return this.#call('POST', `import?${query}`, file);
  }

  /** Everything stored for one email address. */
  person(email: string): Promise<PersonData> {
    return this.#call('GET', `people?${new URLSearchParams({email})}`);
  }

  /** Erases everything stored for one email address. */
  erasePerson(email: string): Promise<{comments: number; tombstones: number}> {
    return this.#call('DELETE', `people?${new URLSearchParams({email})}`);
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const raw = body instanceof Blob;
    if (body !== undefined) headers['Content-Type'] = raw ? 'application/octet-stream' : 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    let response: Response;
    try {
      response = await fetch(`/admin/api/${path}`, {method, headers, credentials: 'same-origin',
        ...(body === undefined ? {} : {body: raw ? body : JSON.stringify(body)})});
    } catch {
      throw new AdminApiError(0, 'network', 'The server could not be reached.');
    }
    if (response.status === 204) return undefined as T;
    const json = (await response.json().catch(() => undefined)) as {code?: string; detail?: string} | undefined;
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
      throw new AdminApiError(response.status, json?.code ?? 'http_error', json?.detail ?? `HTTP ${response.status}`, retryAfter);
    }
    return json as T;
  }
}
