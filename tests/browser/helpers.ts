import {render, type TemplateResult} from 'lit';
import {expect, inject, vi} from 'vitest';

import type {Comment, NewComment} from '../../src/protocol/index.js';
import '../../src/define.js';

/** The real test server's base URL. */
export const API = inject('apiUrl');

/** Renders `template` into a fresh container in the page and waits for the first element's update. */
export async function fixture<T extends HTMLElement>(template: TemplateResult): Promise<T> {
  const container = document.createElement('div');
  document.body.append(container);
  render(template, container);
  const el = container.firstElementChild as T & {updateComplete?: Promise<unknown>};
  await el.updateComplete;
  return el;
}

/** An element's shadow root, which every Colloquy element has. */
export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`<${el.localName}> has no shadow root`);
  return el.shadowRoot;
}

/** Finds in `root`, its shadow root, and every shadow root below, in that order. */
export function deepAll(root: Element | ShadowRoot, selector: string): Element[] {
  const found: Element[] = [...root.querySelectorAll(selector)];
  if (root instanceof Element && root.shadowRoot) found.push(...deepAll(root.shadowRoot, selector));
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, selector));
  return found;
}

export function deep<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T {
  const [first] = deepAll(root, selector);
  if (!first) throw new Error(`nothing matches ${selector}`);
  return first as T;
}

/** A post ID no other test uses. */
export function freshPostId(): string {
  return `/browser/${crypto.randomUUID()}`;
}

/** Stores a comment on the real server, as another reader would. */
export async function seed(postId: string, comment: Partial<NewComment> & {body: string}): Promise<Comment> {
  const res = await fetch(`${API}/api/v1/posts/${encodeURIComponent(postId)}/comments`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({author: {name: 'Seeder'}, parentId: null, ...comment}),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Comment;
}

/** Retries `check` until it stops throwing; generous, because CI machines are slow and busy. */
export function until<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, {timeout: 15_000, interval: 20});
}

/** Waits until the element's `state` attribute is `state`, and everything inside it has rendered. */
export async function untilState(el: Element, state: string): Promise<void> {
  await until(() => expect(el.getAttribute('state')).toBe(state));
  await settled(el);
}

/** Waits for every Lit element in `el`'s shadow trees to finish updating (children render after parents). */
export async function settled(el: Element): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const pending = [el, ...deepAll(el, '*')]
      .map((e) => (e as Element & {updateComplete?: Promise<boolean>}).updateComplete)
      .filter((p) => p !== undefined);
    const results = await Promise.all(pending);
    if (results.every(Boolean) && round > 0) return;
  }
}

/** Types into an input or textarea the way a reader does (fires `input`). */
export function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
}
