import type {ReactiveController, ReactiveControllerHost} from 'lit';

import {readJson, withStorage} from './local-storage.js';

export {draftKey, hasDraft} from './drafts.js';

/** What a composer keeps of an unsent comment. */
export interface Draft {
  readonly name: string;
  readonly email: string;
  readonly url: string;
  readonly body: string;
  /** The idempotency key of the last attempt, so a retry of the same text cannot post twice. */
  readonly key?: string;
  /** When the reader started writing this text (ms since the epoch), kept across reloads. */
  readonly since?: number;
}

export const EMPTY_DRAFT: Draft = Object.freeze({name: '', email: '', url: '', body: ''});

const AUTHOR_KEY = 'colloquy-author';

/**
 * Keeps a composer's unsent text in `localStorage`, written on every change,
 * so a reload, a crash or a failed request never loses it. It is cleared only
 * when the server has the comment. Storage may be missing or throw (sandboxed
 * frames, private modes, a full quota): the draft then lives in memory only.
 */
export class DraftController implements ReactiveController {
  #draft: Draft = EMPTY_DRAFT;
  #loadedKey?: string;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called on each use, so the key follows the host's post and parent. */
    private readonly storageKey: () => string,
  ) {
    host.addController(this);
  }

  get value(): Draft {
    this.#loadIfKeyChanged();
    return this.#draft;
  }

  /** Merges `changes` in and saves at once. Changing the text drops the idempotency key: it is a new request. */
  update(changes: Partial<Draft>): void {
    this.#loadIfKeyChanged();
    const textChanged = (['name', 'email', 'url', 'body'] as const).some((k) => k in changes && changes[k] !== this.#draft[k]);
    const {key, since, ...text} = {...this.#draft, ...changes};
    const keepKey = key !== undefined && ('key' in changes || !textChanged);
    // Writing starts with the first character of the comment, and is remembered with the draft.
    const started = since ?? (text.body ? Date.now() : undefined);
    this.#draft = {...text, ...(keepKey ? {key} : {}), ...(started !== undefined ? {since: started} : {})};
    this.#save();
    if ('name' in changes || 'email' in changes || 'url' in changes) this.#saveAuthor();
    this.host.requestUpdate();
  }

  /** After the server has the comment: forgets the text, keeps who wrote it for next time. */
  commit(): void {
    this.#saveAuthor();
    this.discard();
  }

  /** Forgets the text of this draft (a cancelled reply); the author fields stay. */
  discard(): void {
    const {name, email, url} = this.#draft;
    this.#draft = {...EMPTY_DRAFT, name, email, url};
    withStorage((s) => s.removeItem(this.storageKey()));
    this.host.requestUpdate();
  }

  /** Reads storage again (after "Forget me" cleared it). */
  reload(): void {
    this.#loadedKey = undefined;
    this.#loadIfKeyChanged();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.#loadedKey = undefined;
    this.#loadIfKeyChanged();
  }

  #loadIfKeyChanged(): void {
    const key = this.storageKey();
    if (key === this.#loadedKey) return;
    this.#loadedKey = key;
    const stored = readJson<Partial<Draft>>(key);
    const author = readJson<Partial<Draft>>(AUTHOR_KEY);
    this.#draft = {
      name: text(stored?.name || author?.name),
      email: text(stored?.email || author?.email),
      url: text(stored?.url || author?.url),
      body: text(stored?.body),
      ...(typeof stored?.key === 'string' ? {key: stored.key} : {}),
      ...(typeof stored?.since === 'number' && Number.isFinite(stored.since) ? {since: stored.since} : {}),
    };
  }

  // Who is writing is shared by every form on the site, so a reply form knows the name typed in another.
  #saveAuthor(): void {
    const {name, email, url} = this.#draft;
    withStorage((s) => s.setItem(AUTHOR_KEY, JSON.stringify({name, email, url})));
  }

  #save(): void {
    const key = this.storageKey();
    const hasText = this.#draft.body !== '';
    withStorage((s) => (hasText ? s.setItem(key, JSON.stringify(this.#draft)) : s.removeItem(key)));
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
