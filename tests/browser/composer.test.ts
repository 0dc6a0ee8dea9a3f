import {html, type LitElement} from 'lit';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {page} from 'vitest/browser';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import type {ThreadPage} from '../../src/protocol/index.js';
import {API, deep, deepAll, fixture, freshPostId, seed, settled, shadow, type, until, untilState} from './helpers.js';

const realFetch = globalThis.fetch;

async function mount(postId: string): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
  await untilState(el, (await serverTotal(postId)) ? 'ready' : 'empty');
  return el;
}

async function serverTotal(postId: string): Promise<number> {
  const res = await realFetch(`${API}/api/v1/posts/${encodeURIComponent(postId)}/comments`);
  return ((await res.json()) as ThreadPage).total;
}

/** The root composer's shadow root (the last composer in the widget). */
function rootForm(el: ColloquyComments): ShadowRoot {
  return shadow(shadow(el).querySelector('section > colloquy-composer')!);
}

function fill(form: ShadowRoot, values: {name?: string; email?: string; url?: string; body?: string}): void {
  for (const [field, value] of Object.entries(values)) type(form.querySelector<HTMLInputElement>(`#${field}`)!, value);
}

function submit(form: ShadowRoot): void {
  form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
}

const posts = (spy: {mock: {calls: unknown[][]}}) =>
  spy.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST');

describe('<colloquy-composer> inside <colloquy-comments>', () => {
  it('posts a comment, shows it in place, announces it, and clears the draft', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const onPosted = vi.fn();
    el.addEventListener('colloquy-comment-posted', onPosted);
    const form = rootForm(el);
    fill(form, {name: 'Ada', email: 'ada@example.org', url: 'https://ada.example', body: 'Hello *there*'});
    expect(localStorage.getItem(`colloquy-draft:${postId}:root`)).toContain('Hello *there*');

    submit(form);
    await untilState(el, 'ready');
    expect(deep(el, '[part="body"]').innerHTML).toContain('<em>there</em>');
    expect(deep(el, '[part="author"] a').getAttribute('href')).toBe('https://ada.example/');
    expect(shadow(el).querySelector('h2')!.textContent).toBe('1 comment');
    await until(() => expect(shadow(el).querySelector('[aria-live]')!.textContent).toBe('Your comment was posted.'));
    expect(onPosted).toHaveBeenCalledOnce();
    expect(onPosted.mock.calls[0]![0].detail.comment.body).toBe('Hello *there*');

    expect(form.querySelector<HTMLTextAreaElement>('#body')!.value).toBe('');
    expect(form.querySelector<HTMLInputElement>('#name')!.value).toBe('Ada'); // remembered for next time
    expect(localStorage.getItem(`colloquy-draft:${postId}:root`)).toBeNull();
    expect(await serverTotal(postId)).toBe(1);

    // Still there after a reload.
    document.body.replaceChildren();
    const again = await mount(postId);
    expect(deep(again, '[part="body"]').textContent).toContain('Hello there');
  });

  it('opens a reply form under a comment, posts the reply nested, and returns focus to Reply', async () => {
    const postId = freshPostId();
    const parent = await seed(postId, {body: 'Parent'});
    const el = await mount(postId);
    const comment = shadow(el).querySelector<HTMLElement>('article.comment')!;
    // Queried each time: a comment's footer is a lighter template while no form is open.
    const replyButton = () => comment.querySelector<HTMLButtonElement>('[part="reply-button"]')!;
    expect(replyButton().getAttribute('aria-expanded')).toBe('false');
    replyButton().click();
    await settled(el);
    expect(replyButton().getAttribute('aria-expanded')).toBe('true');
    expect(replyButton().getAttribute('aria-controls')).toBe(comment.querySelector('colloquy-composer')!.id);
    const replyComposer = comment.querySelector('colloquy-composer')!;
    const replyForm = shadow(replyComposer);
    await until(() => expect(replyForm.activeElement?.id).toBe('body')); // the comment box comes first; name and email follow it
    expect(replyForm.querySelector('.title')!.textContent).toBe('Reply to Seeder');

    fill(replyForm, {name: 'Bo', body: 'A reply'});
    submit(replyForm);
    await until(async () => {
      await settled(el);
      expect(deepAll(el, '[part="body"]').map((b) => b.textContent!.trim())).toEqual(['Parent', 'A reply']);
    });
    const nested = shadow(el).querySelector<HTMLElement>('ol.replies article.comment')!;
    // Nested in the list of replies under its parent's article.
    expect(nested.closest('ol.replies')!.closest('li')!.querySelector('article')!.id).toBe(`comment-${parent.id}`);
    expect(comment.querySelector('colloquy-composer')).toBeNull();
    // Focus moves once the footer has rendered again (the reply can be shown before that).
    await until(() => expect(shadow(el).activeElement).toBe(replyButton()));
    expect(replyButton().getAttribute('aria-expanded')).toBe('false');
    await until(() => expect(shadow(el).querySelector('[aria-live]')!.textContent).toBe('Your reply was posted.'));
    expect(shadow(el).querySelector('h2')!.textContent).toBe('2 comments');
  });

  it('tells the server how long the reader has been writing, across a reload, and never sends the empty honeypot', async () => {
    const postId = freshPostId();
    localStorage.setItem(`colloquy-draft:${postId}:root`, JSON.stringify({name: 'Ada', email: '', url: '', body: 'started earlier',
      since: Date.now() - 60_000}));
    const el = await mount(postId);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const form = rootForm(el);
    expect(form.querySelector('#homepage')!.closest('[aria-hidden="true"]')).not.toBeNull();
    expect(form.querySelector<HTMLInputElement>('#homepage')!.tabIndex).toBe(-1);
    submit(form);
    await until(() => expect(posts(fetchSpy)).toHaveLength(1));
    const sent = JSON.parse(String((posts(fetchSpy)[0]![1] as RequestInit).body)) as {composeMs: number; trap?: string};
    expect(sent.composeMs).toBeGreaterThanOrEqual(60_000);
    expect(sent).not.toHaveProperty('trap');
  });

  it('sends what a bot typed into the honeypot', async () => {
    const el = await mount(freshPostId());
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const form = rootForm(el);
    fill(form, {name: 'Bot', body: 'buy'});
    form.querySelector<HTMLInputElement>('#homepage')!.value = 'https://spam.example';
    submit(form);
    await until(() => expect(posts(fetchSpy)).toHaveLength(1));
    expect(JSON.parse(String((posts(fetchSpy)[0]![1] as RequestInit).body))).toMatchObject({trap: 'https://spam.example'});
  });

  it('checks fields before sending, marks the invalid ones and focuses the first', async () => {
    const el = await mount(freshPostId());
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const form = rootForm(el);
    fill(form, {url: 'javascript:alert(1)', body: '   '});
    submit(form);
    await settled(el);
    expect(posts(fetchSpy)).toHaveLength(0);
    const name = form.querySelector('#name')!;
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('#name-error')!.textContent).toBe('Please fill this in.');
    expect(form.querySelector('#url-error')!.textContent).toContain('http');
    expect(form.querySelector('#body')!.getAttribute('aria-invalid')).toBe('true');
    expect(form.activeElement).toBe(form.querySelector('#body')); // the first invalid field, in the form's order

    fill(form, {name: 'Fixed'});
    await settled(el);
    expect(name.getAttribute('aria-invalid')).toBe('false');
  });

  it('shows a server\'s field errors beside the fields, in its own words when the reason is unknown', async () => {
    const el = await mount(freshPostId());
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({
      type: 'urn:colloquy:problem:invalid_field', title: 'Invalid field', status: 422, code: 'invalid_field',
      detail: 'author.name: Taken.', field: 'author.name', errors: [{field: 'author.name', detail: 'That name is reserved.'}],
    }), {status: 422, headers: {'Content-Type': 'application/problem+json'}}));
    const form = rootForm(el);
    fill(form, {name: 'admin', body: 'hi'});
    submit(form);
    await until(() => expect(form.querySelector('#name-error')!.textContent).toBe('That name is reserved.'));
    expect(form.querySelector('[role="alert"]')!.textContent).toContain('correct the marked fields');
  });

  it('phrases a server\'s field errors from their machine reason, not the server\'s English', async () => {
    const el = await mount(freshPostId());
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({
      type: 'urn:colloquy:problem:invalid_field', title: 'Invalid field', status: 422, code: 'invalid_field',
      detail: 'x', field: 'body', errors: [
        {field: 'body', detail: 'server words', reason: 'too_long', limit: 2000},
        {field: 'author.email', detail: 'server words', reason: 'format'},
      ],
    }), {status: 422, headers: {'Content-Type': 'application/problem+json'}}));
    const form = rootForm(el);
    fill(form, {name: 'Ada', email: 'ada@example.org', body: 'hi'});
    submit(form);
    await until(() => expect(form.querySelector('#body-error')!.textContent).toBe('Too long: at most 2,000 characters.'));
    expect(form.querySelector('#email-error')!.textContent).toBe('This does not look like an email address.');
    expect(form.querySelector('#body')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps the text when the network fails, and a retry posts it once with the same idempotency key', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const onError = vi.fn();
    el.addEventListener('colloquy-error', onError);
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const form = rootForm(el);
    fill(form, {name: 'Ada', body: 'Typed on a train'});
    submit(form);

    await until(() => expect(form.querySelector('[role="alert"]')!.textContent).toContain('could not be sent'));
    expect(onError.mock.calls[0]![0].detail.error).toMatchObject({code: 'network'});
    expect(form.querySelector<HTMLTextAreaElement>('#body')!.value).toBe('Typed on a train');
    expect(localStorage.getItem(`colloquy-draft:${postId}:root`)).toContain('Typed on a train');

    // One way to retry: the form's own button says so (no second button beside the message).
    expect(form.querySelector('[role="alert"] button')).toBeNull();
    const retry = form.querySelector<HTMLButtonElement>('[part="submit"]')!;
    expect(retry.textContent!.trim()).toBe('Try again');
    fetchSpy.mockImplementation(realFetch);
    retry.click();
    await untilState(el, 'ready');
    const keys = posts(fetchSpy).map(([, init]) => new Headers((init as RequestInit).headers).get('Idempotency-Key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await serverTotal(postId)).toBe(1);
  });

  it('posts once when the server stored the comment but the answer was lost', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementationOnce(async (input, init) => {
      await realFetch(input, init); // the server stores it...
      throw new TypeError('Failed to fetch'); // ...and the answer never arrives
    });
    const form = rootForm(el);
    fill(form, {name: 'Ada', body: 'Only once'});
    submit(form);
    await until(() => expect(form.querySelector('[part="submit"]')!.textContent!.trim()).toBe('Try again'));
    expect(await serverTotal(postId)).toBe(1);

    form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await untilState(el, 'ready');
    expect(posts(fetchSpy)).toHaveLength(2);
    expect(await serverTotal(postId)).toBe(1);
    expect(deepAll(el, '[part="body"]')).toHaveLength(1);
  });

  it('posts once on a double click', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const form = rootForm(el);
    fill(form, {name: 'Ada', body: 'Double'});
    const button = form.querySelector<HTMLButtonElement>('[part="submit"]')!;
    button.click();
    button.click();
    button.dispatchEvent(new MouseEvent('dblclick', {bubbles: true}));
    form.querySelector('form')!.requestSubmit();
    await untilState(el, 'ready');
    expect(posts(fetchSpy)).toHaveLength(1);
    expect(await serverTotal(postId)).toBe(1);
  });

  it('keeps the draft across a reload, and reopens a reply that was being written', async () => {
    const postId = freshPostId();
    const parent = await seed(postId, {body: 'Parent'});
    let el = await mount(postId);
    fill(rootForm(el), {name: 'Ada', body: 'Root draft'});
    const comment = shadow(el).querySelector<HTMLElement>('article.comment')!;
    comment.querySelector<HTMLButtonElement>('[part="reply-button"]')!.click();
    await settled(el);
    fill(shadow(comment.querySelector('colloquy-composer')!), {body: 'Reply draft'});
    expect(localStorage.getItem(`colloquy-draft:${postId}:${parent.id}`)).toContain('Reply draft');

    document.body.replaceChildren();
    el = await mount(postId);
    expect(rootForm(el).querySelector<HTMLTextAreaElement>('#body')!.value).toBe('Root draft');
    // The form loads when the browser is idle, then reopens the reply.
    await until(() => expect(shadow(el).querySelector<HTMLElement>('article.comment')!.querySelector('colloquy-composer')).not.toBeNull());
    const reopened = shadow(el).querySelector<HTMLElement>('article.comment')!.querySelector('colloquy-composer');
    await (reopened as LitElement).updateComplete;
    expect(shadow(reopened!).querySelector<HTMLTextAreaElement>('#body')!.value).toBe('Reply draft');
    expect(shadow(reopened!).querySelector<HTMLInputElement>('#name')!.value).toBe('Ada');
  });

  it('posts with Ctrl+Enter (and Cmd+Enter) from any field', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const form = rootForm(el);
    fill(form, {name: 'Ada', body: 'Sent from the keyboard'});
    form.querySelector('#body')!.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, composed: true}));
    await settled(el);
    expect(posts(fetchSpy)).toHaveLength(0); // Enter alone is a new line
    form.querySelector('#body')!.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', ctrlKey: true, bubbles: true, composed: true, cancelable: true}));
    await untilState(el, 'ready');
    expect(posts(fetchSpy)).toHaveLength(1);
    fill(form, {body: 'Again, on a Mac'});
    form.querySelector('#name')!.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', metaKey: true, bubbles: true, composed: true, cancelable: true}));
    await until(async () => expect(await serverTotal(postId)).toBe(2));
    expect(form.querySelector('#body-hint')!.textContent).toMatch(/(Ctrl|⌘)\+Enter posts/);
  });

  it('closes a reply form on Escape, gives focus back to its Reply button, and keeps what was typed', async () => {
    const postId = freshPostId();
    const parent = await seed(postId, {body: 'Parent'});
    const el = await mount(postId);
    const comment = shadow(el).querySelector<HTMLElement>('article.comment')!;
    const reply = comment.querySelector<HTMLButtonElement>('[part="reply-button"]')!;
    reply.click();
    await until(() => expect(comment.querySelector('colloquy-composer')?.shadowRoot?.querySelector('#body')).toBeTruthy());
    const replyForm = shadow(comment.querySelector('colloquy-composer')!);
    fill(replyForm, {body: 'Half a thought'});
    replyForm.querySelector('#body')!.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, composed: true, cancelable: true}));
    await until(() => expect(comment.querySelector('colloquy-composer')).toBeNull());
    await until(() => expect(shadow(el).activeElement).toBe(comment.querySelector('[part="reply-button"]')));
    expect(localStorage.getItem(`colloquy-draft:${postId}:${parent.id}`)).toContain('Half a thought');
    comment.querySelector<HTMLButtonElement>('[part="reply-button"]')!.click();
    await until(() => expect(shadow(comment.querySelector('colloquy-composer')!).querySelector<HTMLTextAreaElement>('#body')?.value).toBe('Half a thought'));
  });

  it('ignores Escape in the main form, which has nothing to close', async () => {
    const el = await mount(freshPostId());
    const form = rootForm(el);
    fill(form, {body: 'Stays'});
    form.querySelector('#body')!.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, composed: true, cancelable: true}));
    await settled(el);
    expect(shadow(el).querySelector('section > colloquy-composer')).not.toBeNull();
    expect(form.querySelector<HTMLTextAreaElement>('#body')!.value).toBe('Stays');
  });

  it('discards a reply draft on Cancel', async () => {
    const postId = freshPostId();
    const parent = await seed(postId, {body: 'Parent'});
    const el = await mount(postId);
    const comment = shadow(el).querySelector<HTMLElement>('article.comment')!;
    comment.querySelector<HTMLButtonElement>('[part="reply-button"]')!.click();
    await settled(el);
    const replyForm = shadow(comment.querySelector('colloquy-composer')!);
    fill(replyForm, {body: 'Never mind'});
    [...replyForm.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!.click();
    await settled(el);
    expect(comment.querySelector('colloquy-composer')).toBeNull();
    expect(localStorage.getItem(`colloquy-draft:${postId}:${parent.id}`)).toBeNull();
  });

  it('still posts when storage throws (private modes, full quota)', async () => {
    const postId = freshPostId();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const el = await mount(postId);
    const form = rootForm(el);
    fill(form, {name: 'Ada', body: 'No storage'});
    expect(form.querySelector<HTMLTextAreaElement>('#body')!.value).toBe('No storage');
    submit(form);
    await untilState(el, 'ready');
    expect(await serverTotal(postId)).toBe(1);
  });

  it('shows the body length against the limit', async () => {
    const el = await mount(freshPostId());
    const form = rootForm(el);
    fill(form, {body: 'abc'});
    await settled(el);
    expect(form.querySelector('.counter')!.textContent).toBe('3 / 10,000');
    expect(form.querySelector('#body')!.getAttribute('maxlength')).toBe('10000');
  });
});

describe('the thread\'s form: one line until wanted, then a row of fields and a preview', () => {
  afterEach(async () => {
    await page.viewport(1280, 800);
  });

  const shown = (form: ShadowRoot, selector: string) => form.querySelector<HTMLElement>(selector)!.getClientRects().length > 0;

  it('is one inviting line until focused, then shows name, email and website on one row', async () => {
    await page.viewport(1280, 800);
    const el = await mount(freshPostId());
    const form = rootForm(el);
    const body = form.querySelector<HTMLTextAreaElement>('#body')!;
    expect(shown(form, '#body')).toBe(true);
    expect(body.placeholder).toBe('Leave a comment…');
    for (const hidden of ['#name', '#email', '#url', '[part="submit"]', '[role="tablist"]', '.title']) {
      expect(shown(form, hidden) && form.querySelector(hidden)!.getBoundingClientRect().width > 1, hidden).toBe(false);
    }
    const collapsedHeight = form.querySelector('form')!.getBoundingClientRect().height;

    body.focus();
    await settled(el);
    for (const field of ['#name', '#email', '#url', '[part="submit"]', '[role="tablist"]']) expect(shown(form, field), field).toBe(true);
    expect(body.placeholder).toBe('');
    expect(form.querySelector('form')!.getBoundingClientRect().height).toBeGreaterThan(collapsedHeight * 3);
    const tops = ['#name', '#email', '#url'].map((id) => form.querySelector(id)!.getBoundingClientRect().top);
    expect(new Set(tops).size, 'one row at 1280 px, notes and all').toBe(1);
    // Focus leaving does not fold it away under the reader.
    (document.activeElement as HTMLElement | null)?.blur();
    await settled(el);
    expect(shown(form, '#name')).toBe(true);
  });

  it('stacks the fields at 320 px, each as wide as the form, with nothing sticking out', async () => {
    await page.viewport(320, 800);
    const el = await mount(freshPostId());
    const form = rootForm(el);
    form.querySelector<HTMLTextAreaElement>('#body')!.focus();
    await settled(el);
    const boxes = ['#name', '#email', '#url'].map((id) => form.querySelector(id)!.getBoundingClientRect());
    expect(boxes[0]!.bottom).toBeLessThan(boxes[1]!.top);
    expect(boxes[1]!.bottom).toBeLessThan(boxes[2]!.top);
    const outer = form.querySelector('form')!;
    expect(outer.scrollWidth).toBeLessThanOrEqual(outer.clientWidth);
    for (const box of boxes) expect(box.right).toBeLessThanOrEqual(320);
  });

  it('opens at once when a draft was started earlier, so no typed text is hidden', async () => {
    const postId = freshPostId();
    localStorage.setItem(`colloquy-draft:${postId}:root`, JSON.stringify({name: '', email: '', url: '', body: 'half a thought'}));
    const el = await mount(postId);
    const form = rootForm(el);
    expect(form.querySelector('form')!.classList.contains('open')).toBe(true);
    expect(shown(form, '#name')).toBe(true);
  });

  it('"Write a comment" takes the reader to the form, open, with focus in the comment box', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'first'});
    const el = await mount(postId);
    deep<HTMLButtonElement>(el, '[part="to-form-button"]').click();
    const form = rootForm(el);
    await until(() => expect(form.activeElement?.id).toBe('body'));
    await settled(el);
    expect(shown(form, '#name')).toBe(true);
  });

  it('previews the draft through the same Markdown path as the thread: sanitized, and as the posted comment shows', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const form = rootForm(el);
    form.querySelector<HTMLTextAreaElement>('#body')!.focus();
    const text = '**bold** and [a link](https://example.com)\n\n<img src=x onerror="window.__pwned=1"> [bad](javascript:alert(1))\n\n- one\n- two';
    fill(form, {name: 'Ada', body: text});
    await settled(el);
    const previewTab = form.querySelector<HTMLButtonElement>('#preview-tab')!;
    expect(previewTab.getAttribute('aria-selected')).toBe('false');
    previewTab.click();
    const preview = await until(() => {
      const panel = form.querySelector<HTMLElement>('#preview-panel .body');
      expect(panel).not.toBeNull();
      return panel!;
    });
    expect(previewTab.getAttribute('aria-selected')).toBe('true');
    expect(shown(form, '#body')).toBe(false);
    expect(preview.querySelector('strong')!.textContent).toBe('bold');
    expect(preview.querySelectorAll('li')).toHaveLength(2);
    expect(preview.querySelector('img')).toBeNull(); // raw HTML shows as the text it is
    expect(preview.textContent).toContain('<img src=x onerror=');
    const attributes = [...preview.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`));
    expect(attributes.filter((a) => /^on|javascript:/i.test(a))).toEqual([]);
    expect((window as {__pwned?: number}).__pwned).toBeUndefined();

    // Posting from Preview: the comment reads in the thread as it did in the preview.
    const previewHtml = preview.innerHTML;
    submit(form);
    await until(() => expect(deepAll(el, '[part="body"]')).toHaveLength(1));
    expect(deep(el, '[part="body"]').innerHTML).toBe(previewHtml);
    await settled(el);
    expect(form.querySelector('#write-tab')!.getAttribute('aria-selected')).toBe('true'); // back to an empty box to write in
  });

  it('says there is nothing to preview for an empty draft, and Write brings the box back with its text', async () => {
    const el = await mount(freshPostId());
    const form = rootForm(el);
    form.querySelector<HTMLTextAreaElement>('#body')!.focus();
    await settled(el);
    form.querySelector<HTMLButtonElement>('#preview-tab')!.click();
    await settled(el);
    expect(form.querySelector('#preview-panel')!.textContent!.trim()).toBe('Nothing to preview yet.');
    fill(form, {body: 'kept'}); // (not reachable by a reader while previewing; the draft is the one truth)
    form.querySelector<HTMLButtonElement>('#write-tab')!.click();
    await settled(el);
    expect(shown(form, '#body')).toBe(true);
    expect(form.querySelector('#preview-panel')).toBeNull();
    expect(form.querySelector<HTMLTextAreaElement>('#body')!.value).toBe('kept');
  });

  it('moves between Write and Preview with the arrow keys, focus following, one Tab stop for both', async () => {
    const el = await mount(freshPostId());
    const form = rootForm(el);
    form.querySelector<HTMLTextAreaElement>('#body')!.focus();
    fill(form, {body: '_soft_'});
    await settled(el);
    const write = form.querySelector<HTMLButtonElement>('#write-tab')!;
    expect(write.tabIndex).toBe(0);
    expect(form.querySelector<HTMLButtonElement>('#preview-tab')!.tabIndex).toBe(-1);
    write.focus();
    write.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true, composed: true}));
    await until(() => expect(form.activeElement?.id).toBe('preview-tab'));
    await until(() => expect(form.querySelector('#preview-panel em')?.textContent).toBe('soft'));
    form.activeElement!.dispatchEvent(new KeyboardEvent('keydown', {key: 'Home', bubbles: true, composed: true}));
    await until(() => expect(form.activeElement?.id).toBe('write-tab'));
    expect(shown(form, '#body')).toBe(true);
  });

  it('a refused comment brings the reader back from Preview to the box, marked', async () => {
    const el = await mount(freshPostId());
    const form = rootForm(el);
    form.querySelector<HTMLTextAreaElement>('#body')!.focus();
    fill(form, {name: 'Ada', body: '   '});
    await settled(el);
    form.querySelector<HTMLButtonElement>('#preview-tab')!.click();
    await settled(el);
    submit(form);
    await until(() => expect(form.activeElement?.id).toBe('body'));
    expect(form.querySelector('#body')!.getAttribute('aria-invalid')).toBe('true');
  });
});
