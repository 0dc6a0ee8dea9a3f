import {createElement, StrictMode} from 'react';
import {createRoot, type Root} from 'react-dom/client';
import {afterEach, describe, expect, it, vi} from 'vitest';

import type {ColloquyComments as CommentsElement} from '../../src/components/comments/comments.js';
import type {ColloquyCommentPostedEvent} from '../../src/events.js';
import {ColloquyComments, ColloquyCount} from '../../src/frameworks/react.js';
import {API, freshPostId, seed, shadow, type, until, untilState} from './helpers.js';

let root: Root | undefined;

afterEach(() => {
  root?.unmount();
  root = undefined;
});

function mount(element: ReturnType<typeof createElement>): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  root.render(createElement(StrictMode, null, element));
  return container;
}

/** The element React rendered (it renders in a task of its own). */
function rendered(container: HTMLElement): Promise<CommentsElement> {
  return until(() => {
    const el = container.querySelector<CommentsElement>('colloquy-comments');
    expect(el).not.toBeNull();
    return el!;
  });
}

/** Posts through the widget's own form, as a reader does. */
async function postThroughForm(el: CommentsElement, body: string): Promise<void> {
  await until(() => expect(shadow(el).querySelector('section > colloquy-composer')?.shadowRoot?.querySelector('#body')).toBeTruthy());
  const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
  type(form.querySelector<HTMLTextAreaElement>('#body')!, body);
  type(form.querySelector<HTMLInputElement>('#name')!, 'React Reader');
  form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
}

describe('colloquy/react (React 18 and later, through @lit/react)', () => {
  it('renders a thread from props and reports a posted comment through onCommentPosted', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'Hello from the server'});
    const posted = vi.fn<(event: ColloquyCommentPostedEvent) => void>();
    const container = mount(createElement(ColloquyComments, {api: API, postId, nesting: 'flat', onCommentPosted: posted}));
    const el = await rendered(container);
    await untilState(el, 'ready');
    expect(el.postId).toBe(postId); // a property, set as one
    expect(el.nesting).toBe('flat');
    expect(shadow(el).querySelector('[part="body"]')!.textContent).toContain('Hello from the server');
    await postThroughForm(el, 'Posted from React');
    await until(() => expect(posted).toHaveBeenCalledOnce());
    expect(posted.mock.calls[0]![0].detail.comment.body).toBe('Posted from React');
  });

  it('follows a change of props: another post', async () => {
    const [first, second] = [freshPostId(), freshPostId()];
    await seed(second, {body: 'The second post'});
    const container = mount(createElement(ColloquyComments, {api: API, postId: first}));
    const el = await rendered(container);
    await untilState(el, 'empty');
    root!.render(createElement(StrictMode, null, createElement(ColloquyComments, {api: API, postId: second})));
    await untilState(el, 'ready');
    expect(shadow(el).querySelector('[part="body"]')!.textContent).toContain('The second post');
  });

  it('shows a count', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'one'});
    const container = mount(createElement(ColloquyCount, {api: API, postId, href: '/post#comments'}));
    await until(() => expect(container.querySelector('colloquy-count a')?.textContent).toBe('1 comment'));
  });
});

describe('React 19 rendering the elements themselves (typed by colloquy/react-jsx)', () => {
  it('sets attributes and listens with on<event-name>', async () => {
    const postId = freshPostId();
    const posted = vi.fn();
    const container = mount(createElement('colloquy-comments', {api: API, 'post-id': postId, 'oncolloquy-comment-posted': posted}));
    const el = await rendered(container);
    await untilState(el, 'empty');
    await postThroughForm(el, 'Posted from plain JSX');
    await until(() => expect(posted).toHaveBeenCalledOnce());
  });
});
