import {html} from 'lit';
import {afterEach, describe, expect, it} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {API, deepAll, fixture, freshPostId, settled, shadow, type, until} from './helpers.js';

/** Everything a script on the host page could see of the widget's work, gathered while a test runs. */
class PageWitness {
  readonly events: Event[] = [];
  readonly consoleArgs: unknown[] = [];
  readonly urls: string[] = [];
  readonly failures: unknown[] = [];
  readonly #undo: (() => void)[] = [];

  constructor() {
    // Every event any element dispatches: a listener on document is in place before it starts, so
    // whatever reaches the page (bubbling and composed) is caught there.
    const dispatch = EventTarget.prototype.dispatchEvent;
    const heard = new Set<string>();
    const onDocument = (event: Event) => this.events.push(event);
    EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event) {
      if (!heard.has(event.type)) {
        heard.add(event.type);
        document.addEventListener(event.type, onDocument, true);
        window.addEventListener(event.type, onDocument, true);
      }
      return dispatch.call(this, event);
    };
    this.#undo.push(() => {
      EventTarget.prototype.dispatchEvent = dispatch;
      for (const type of heard) {
        document.removeEventListener(type, onDocument, true);
        window.removeEventListener(type, onDocument, true);
      }
    });
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[level];
      console[level] = (...args: unknown[]) => {
        this.consoleArgs.push(...args);
        original.apply(console, args);
      };
      this.#undo.push(() => (console[level] = original));
    }
    const fetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      this.urls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    this.#undo.push(() => (globalThis.fetch = fetch));
    const onFailure = (event: ErrorEvent | PromiseRejectionEvent) => this.failures.push('reason' in event ? event.reason : event.error);
    window.addEventListener('error', onFailure);
    window.addEventListener('unhandledrejection', onFailure);
    this.#undo.push(() => {
      window.removeEventListener('error', onFailure);
      window.removeEventListener('unhandledrejection', onFailure);
    });
  }

  /** Where `secret` shows in anything gathered, as paths such as `event colloquy-comment-posted .detail.comment.x`. */
  find(secret: string): string[] {
    const found: string[] = [];
    for (const event of this.events) search(event, `event ${event.type}`, secret, found, new Set());
    search(this.consoleArgs, 'console', secret, found, new Set());
    search(this.failures, 'uncaught', secret, found, new Set());
    for (const url of [...this.urls, ...performance.getEntriesByType('resource').map((entry) => entry.name)]) {
      if (url.includes(secret)) found.push(`url ${url}`);
    }
    return found;
  }

  stop(): void {
    this.#undo.splice(0).reverse().forEach((undo) => undo());
  }
}

/** Walks a value: own and inherited-getter properties of objects (an Error's message, stack and cause, an event's detail). */
function search(value: unknown, path: string, secret: string, found: string[], seen: Set<unknown>): void {
  if (typeof value === 'string') {
    if (value.includes(secret)) found.push(path);
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value) || value instanceof Node || value === window) return;
  seen.add(value);
  const keys = new Set(Object.getOwnPropertyNames(value));
  if (value instanceof Error) for (const key of ['message', 'stack', 'cause', 'details', 'errors']) keys.add(key);
  if (value instanceof Event) keys.add('detail');
  for (const key of keys) {
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    search(child, `${path}.${key}`, secret, found, seen);
  }
}

function ownedTokens(): string[] {
  const stored = JSON.parse(localStorage.getItem('colloquy-owned') ?? '{}') as Record<string, Record<string, Record<string, [string, number]>>>;
  return Object.values(stored).flatMap((posts) => Object.values(posts).flatMap((comments) => Object.values(comments).map(([token]) => token)));
}

describe('the owner token stays inside the widget', () => {
  let witness: PageWitness | undefined;
  afterEach(() => {
    witness?.stop();
    localStorage.clear();
  });

  it('through a post, a reply, an edit, a failed edit and a delete: in no event the page hears, URL, console line or error', async () => {
    localStorage.clear();
    witness = new PageWitness();
    const postId = freshPostId();
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
    await until(() => expect(el.getAttribute('state')).toBe('empty'));
    const heard: string[] = [];
    for (const type of ['colloquy-comment-posted', 'colloquy-comment-edited', 'colloquy-comment-deleted', 'colloquy-error']) {
      document.addEventListener(type, (event) => heard.push(`${type} ${JSON.stringify((event as CustomEvent).detail)}`));
    }

    const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
    type(form.querySelector<HTMLInputElement>('#name')!, 'Ada');
    type(form.querySelector<HTMLTextAreaElement>('#body')!, 'My comment');
    form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    const mine = await until(() => {
      const article = deepAll(el, 'article.comment')[0] as HTMLElement | undefined;
      expect(article?.querySelector('.edit-button')).toBeTruthy();
      return article!;
    });
    const [token] = ownedTokens();
    expect(token).toMatch(/^[\w-]{43}$/);

    // A reply, from its own form.
    mine.querySelector<HTMLButtonElement>('[data-action="reply"]')!.click();
    await settled(el);
    const replyForm = await until(() => shadow(mine.querySelector('colloquy-composer')!));
    type(replyForm.querySelector<HTMLInputElement>('#name')!, 'Ada');
    type(replyForm.querySelector<HTMLTextAreaElement>('#body')!, 'My own reply');
    replyForm.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => expect(ownedTokens()).toHaveLength(2));

    // An edit that fails (the network is down for it), then one that works.
    const edit = async (text: string) => {
      mine.querySelector<HTMLButtonElement>('.edit-button')!.click();
      await settled(el);
      type(mine.querySelector<HTMLTextAreaElement>('.edit-body')!, text);
      mine.querySelector<HTMLButtonElement>('form.edit [type="submit"]')!.click();
    };
    const working = globalThis.fetch;
    globalThis.fetch = (input, init) => (init?.method === 'PATCH' ? Promise.reject(new TypeError('Failed to fetch')) : working(input, init));
    await edit('Edited offline');
    await until(() => expect(mine.querySelector('.action-error, [role="alert"]')?.textContent ?? '').not.toBe(''));
    globalThis.fetch = working;
    mine.querySelector<HTMLButtonElement>('form.edit [type="submit"]')!.click();
    await until(() => expect(mine.querySelector('[part="body"]')?.textContent).toContain('Edited offline'));

    // The reply goes, then the comment.
    const reply = deepAll(el, 'article.comment')[1] as HTMLElement;
    reply.querySelector<HTMLButtonElement>('.delete-button')!.click();
    await settled(el);
    reply.querySelector<HTMLButtonElement>('.confirm-delete')!.click();
    await until(() => expect(deepAll(el, 'article.comment')).toHaveLength(1));

    await until(() => expect(heard.filter((line) => !line.startsWith('colloquy-error'))).toHaveLength(4)); // posted ×2, edited, deleted
    expect(witness.events.map((event) => event.type)).toEqual(expect.arrayContaining(['colloquy-comment-posted', 'colloquy-comment-edited', 'colloquy-comment-deleted']));
    for (const secret of ownedTokens().concat(token!)) {
      expect(witness.find(secret)).toEqual([]);
      expect(heard.join('\n')).not.toContain(secret);
      // Nor in the widget's DOM, which the page can read (its shadow roots are open).
      expect(deepAll(el, '*').some((node) => [...node.attributes].some((attribute) => attribute.value.includes(secret)))).toBe(false);
    }
    // What the page hears of a comment is the comment as readers see it.
    const posted = witness.events.find((event) => event.type === 'colloquy-comment-posted') as CustomEvent<{comment: object}>;
    expect(Object.keys(posted.detail.comment).sort()).toEqual(['author', 'body', 'createdAt', 'id', 'parentId', 'postId', 'status']);
  });
});
