import {html} from 'lit';
import {describe, expect, it, vi} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {API, deep, deepAll, fixture, freshPostId, seed, settled, shadow, until, untilState} from './helpers.js';

const realFetch = globalThis.fetch;

function respondWith(body: unknown, init: ResponseInit = {}) {
  return vi.spyOn(globalThis, 'fetch').mockResolvedValue(
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {status: 200, headers: {'Content-Type': 'application/json'}, ...init}));
}

const comment = (id: string, overrides: Record<string, unknown> = {}) => ({
  id, postId: 'p', parentId: null, author: {name: `Author ${id}`}, body: `Body ${id}`,
  createdAt: `2026-01-0${Math.min(Number(id) || 1, 9)}T10:00:00.000Z`, status: 'published', ...overrides,
});

describe('<colloquy-comments>', () => {
  it('loads a nested thread from the server, with a count heading', async () => {
    const postId = freshPostId();
    const root = await seed(postId, {body: 'Root **one**'});
    const reply = await seed(postId, {body: 'Reply', parentId: root.id});
    await seed(postId, {body: 'Reply to reply', parentId: reply.id});
    await seed(postId, {body: 'Root two'});

    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
    expect(el.getAttribute('state')).toBe('loading');
    await untilState(el, 'ready');

    expect(shadow(el).querySelector('h2')!.textContent).toBe('4 comments');
    const topLevel = shadow(el).querySelector('section > ol')!;
    expect(topLevel.querySelectorAll(':scope > li').length).toBe(2);
    const nested = topLevel.querySelector(':scope > li > ol > li > ol > li > article.comment')!;
    expect(nested.querySelector('[part="body"]')!.textContent!.trim()).toBe('Reply to reply');
    expect(deep(el, 'strong').textContent).toBe('one');
  });

  it('shows "No comments yet" for an empty post, with state="empty"', async () => {
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${freshPostId()}></colloquy-comments>`);
    await untilState(el, 'empty');
    expect(shadow(el).querySelector('[part="status"]')!.textContent!.trim()).toBe('No comments yet.');
    expect(shadow(el).querySelector('h2')!.textContent).toBe('Comments');
  });

  it('shows an error with a retry button when the server cannot be reached, and fires colloquy-error', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'Still here'});
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const onError = vi.fn();
    document.addEventListener('colloquy-error', onError);

    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
    await untilState(el, 'error');
    const alert = shadow(el).querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('could not be loaded');
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0].detail.error).toMatchObject({name: 'ApiError', code: 'network'});
    document.removeEventListener('colloquy-error', onError);

    fetchSpy.mockImplementation(realFetch);
    alert.querySelector('button')!.click();
    await untilState(el, 'ready');
    expect(deep(el, '[part="body"]').textContent).toContain('Still here');
  });

  it.each([
    ['HTML instead of JSON', '<html>502 Bad Gateway</html>', {status: 200, headers: {'Content-Type': 'text/html'}}],
    ['JSON of another shape', {comments: 'nope'}, {}],
    ['an error status without a problem', '<h1>oops</h1>', {status: 502, headers: {'Content-Type': 'text/html'}}],
  ])('shows an error, not a broken thread, for %s', async (_, body, init) => {
    respondWith(body, init);
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'error');
    expect(shadow(el).querySelector('[role="alert"] button')).not.toBeNull();
  });

  it('shows the comments it can and says how many it skipped (malformed, or a repeated ID)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    respondWith({postId: 'p', order: 'oldest', total: 3, nextCursor: null, comments: [
      comment('1'), {id: 2, body: 'no author'}, comment('3', {createdAt: 'yesterday'}), comment('1', {body: 'duplicate id'}),
    ]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    expect(deepAll(el, '[part="body"]').map((b) => b.textContent!.trim())).toEqual(['Body 1']);
    expect(shadow(el).querySelector('.skipped')!.textContent).toBe('3 comments from the server could not be shown.');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('malformed'));
  });

  it('skips comments of another post, never undercounts, and stops "Show more" when a backend repeats its cursor', async () => {
    const spy = respondWith({postId: 'p', order: 'oldest', total: 1, nextCursor: 'again', comments: [
      comment('1'), comment('2'), comment('3', {postId: 'elsewhere'}),
    ]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    expect(deepAll(el, '[part="body"]').map((b) => b.textContent!.trim())).toEqual(['Body 1', 'Body 2']);
    expect(shadow(el).querySelector('h2')!.textContent).toBe('2 comments');
    expect(shadow(el).querySelector('.skipped')!.textContent).toBe('1 comment from the server could not be shown.');
    spy.mockResolvedValue(new Response(JSON.stringify({postId: 'p', order: 'oldest', total: 1, nextCursor: 'again', comments: [comment('4')]}),
      {status: 200, headers: {'Content-Type': 'application/json'}}));
    deep<HTMLButtonElement>(el, '[part="more"]').click();
    await until(() => expect(deepAll(el, '[part="body"]')).toHaveLength(3));
    await settled(el);
    expect(shadow(el).querySelector('[part="more"]')).toBeNull();
  });

  it('survives a cycle in parent IDs from a broken server', async () => {
    respondWith({postId: 'p', order: 'oldest', total: 3, nextCursor: null, comments: [
      comment('1', {parentId: '3'}), comment('2', {parentId: '1'}), comment('3', {parentId: '2'}), comment('4', {parentId: '4'}),
    ]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    expect(deepAll(el, '[part="body"]').map((b) => b.textContent!.trim()).sort()).toEqual(['Body 1', 'Body 2', 'Body 3', 'Body 4']);
  });

  it('renders hostile author fields as text, and links only http(s) websites', async () => {
    respondWith({postId: 'p', order: 'oldest', total: 3, nextCursor: null, comments: [
      comment('1', {author: {name: '<img src=x onerror="window.pwned=1">', url: 'javascript:window.pwned=1'}}),
      comment('2', {author: {name: 'Data', url: 'data:text/html,<script>window.pwned=1</script>'}}),
      comment('3', {author: {name: 'Web', url: 'https://web.example/'}}),
    ]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    const authors = deepAll(el, '[part="author"]');
    expect(authors[0]!.textContent).toBe('<img src=x onerror="window.pwned=1">');
    expect(authors[0]!.querySelector('a, img')).toBeNull();
    expect(authors[1]!.querySelector('a')).toBeNull();
    const link = authors[2]!.querySelector('a')!;
    expect(link.href).toBe('https://web.example/');
    expect(link.rel).toBe('nofollow ugc noopener noreferrer');
    expect((window as {pwned?: number}).pwned).toBeUndefined();
  });

  it('keeps names and link texts from a backend from reordering or disguising the text around them', async () => {
    respondWith({postId: 'p', order: 'oldest', total: 4, nextCursor: null, comments: [
      comment('1', {author: {name: '\u202Enimda\u202C'}}),
      comment('2', {author: {name: 'Bob\u2067 (site admin)\u2069'}, body: '[invoice\u202Efdp.exe](https://x.example/a.exe) and \u2066text'}),
      comment('3', {author: {name: '\u200B\u3164\u2800'}}),
      comment('4', {author: {name: 'שרה'}}),
    ]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    const authors = deepAll(el, '[part="author"]');
    expect(authors.map((a) => a.textContent)).toEqual(['nimda', 'Bob (site admin)', 'Anonymous', 'שרה']);
    for (const author of authors) expect(getComputedStyle(author).unicodeBidi).toBe('isolate');
    const link = deepAll(el, '[part="body"] a')[0]!;
    expect(link.textContent).toBe('invoicefdp.exe');
    expect(getComputedStyle(link).unicodeBidi).toBe('isolate');
    expect(deepAll(el, '[part="body"]').map((b) => b.textContent).join('')).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('gives each comment a machine-readable date, a relative one, and the full date on hover', async () => {
    const threeHoursAgo = new Date(Date.now() - 3 * 3600_000 - 60_000);
    respondWith({postId: 'p', order: 'oldest', total: 1, nextCursor: null, comments: [comment('1', {createdAt: threeHoursAgo.toISOString()})]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    const time = deep(el, 'time');
    expect(time.getAttribute('datetime')).toBe(threeHoursAgo.toISOString());
    expect(time.textContent).toBe('3 hours ago');
    // The full date, written when first pointed at.
    expect(time.title).toBe('');
    time.dispatchEvent(new PointerEvent('pointerover', {bubbles: true, composed: true}));
    expect(time.title).toContain(String(threeHoursAgo.getFullYear()));
    expect(time.title).toBe(new Intl.DateTimeFormat('en', {dateStyle: 'medium', timeStyle: 'short'}).format(threeHoursAgo));
  });

  it('lets the reader switch between oldest and newest first, asking the server for that order', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'First'});
    await seed(postId, {body: 'Second'});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
    await untilState(el, 'ready');
    const bodies = () => deepAll(el, '[part="body"]').map((b) => b.textContent!.trim());
    const sort = shadow(el).querySelector('[role="group"]')!;
    expect(sort.getAttribute('aria-label')).toBe('Sort');
    const [oldest, newest] = [...sort.querySelectorAll<HTMLButtonElement>('[part="sort-button"]')];
    expect([oldest!.textContent, oldest!.getAttribute('aria-pressed'), newest!.getAttribute('aria-pressed')]).toEqual(['Oldest', 'true', 'false']);
    expect(bodies()).toEqual(['First', 'Second']);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    newest!.focus();
    newest!.click();
    await until(() => expect(bodies()).toEqual(['Second', 'First']));
    // The switch stays while the other order loads: focus is not lost.
    expect(shadow(el).activeElement).toBe(newest);
    expect(String(fetchSpy.mock.calls.at(-1)![0])).toContain('order=newest');
    expect(newest!.getAttribute('aria-pressed')).toBe('true');
    // The page's own attribute, changed later, wins over the reader's earlier pick.
    el.setAttribute('order', 'newest');
    await settled(el);
    el.setAttribute('order', 'oldest');
    await until(() => expect(bodies()).toEqual(['First', 'Second']));
  });

  it('draws a rule between top-level threads, not between a comment and its replies', async () => {
    respondWith({postId: 'p', order: 'oldest', total: 3, nextCursor: null, comments: [comment('1'), comment('2', {parentId: '1'}), comment('3')]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    const [first, second] = [...shadow(el).querySelectorAll('li.thread')].map((li) => getComputedStyle(li).borderTopWidth);
    expect([first, second]).toEqual(['0px', '1px']);
    expect(getComputedStyle(shadow(el).querySelector('li.reply')!).borderTopWidth).toBe('0px');
  });

  it('labels a comment that awaits moderation', async () => {
    respondWith({postId: 'p', order: 'oldest', total: 2, nextCursor: null, comments: [comment('1'), comment('2', {status: 'pending'})]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    const labels = deepAll(el, 'article.comment').map((c) => c.querySelector('[part="pending"]')?.textContent ?? null);
    expect(labels).toEqual([null, 'Awaiting moderation']);
  });

  it('stops indenting after four levels', async () => {
    const comments = Array.from({length: 8}, (_, i) => comment(String(i + 1), {parentId: i ? String(i) : null}));
    respondWith({postId: 'p', order: 'oldest', total: 8, nextCursor: null, comments});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p" style="width: 800px"></colloquy-comments>`);
    await untilState(el, 'ready');
    const indents = [...shadow(el).querySelectorAll('ol.replies')].map((ol) => parseFloat(getComputedStyle(ol).paddingInlineStart));
    expect(indents.length).toBe(7);
    expect(indents.slice(0, 4).every((px) => px > 0)).toBe(true);
    expect(indents.slice(4)).toEqual([0, 0, 0]);
  });

  it('fits a phone-width column: long code lines and words scroll or wrap inside their comment', async () => {
    respondWith({postId: 'p', order: 'oldest', total: 2, nextCursor: null, comments: [
      comment('1', {body: `\`\`\`\n${'const x = 1; '.repeat(40)}\n\`\`\`\n\n${'unbroken'.repeat(40)} https://example.com/${'long/'.repeat(40)}`}),
      comment('2', {parentId: '1', author: {name: 'N'.repeat(80)}, body: '| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n| 1111111111 | 2222222222 | 3333333333 | 4444444444 | 5555555555 | 6666666666 |'}),
    ]});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id="p" style="width: 320px"></colloquy-comments>`);
    await untilState(el, 'ready');
    for (const box of [el, ...deepAll(el, 'section, article, form, ol')]) {
      expect(box.scrollWidth, box.localName).toBeLessThanOrEqual(box.clientWidth + 1);
    }
  });

  it('pages through root threads with "Show more comments"', async () => {
    const postId = freshPostId();
    for (let i = 0; i < 5; i++) await seed(postId, {body: `root ${i}`});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId} page-size="2"></colloquy-comments>`);
    await untilState(el, 'ready');
    expect(shadow(el).querySelector('h2')!.textContent).toBe('5 comments');
    const bodies = () => deepAll(el, '[part="body"]').map((b) => b.textContent!.trim());
    expect(bodies()).toEqual(['root 0', 'root 1']);
    for (const expected of [4, 5]) {
      shadow(el).querySelector<HTMLButtonElement>('[part="more"]')!.click();
      await until(async () => {
        await settled(el);
        expect(bodies().length).toBe(expected);
      });
    }
    expect(bodies()).toEqual(['root 0', 'root 1', 'root 2', 'root 3', 'root 4']);
    expect(shadow(el).querySelector('[part="more"]')).toBeNull();
  });

  it('shows the newest thread first with order="newest"', async () => {
    const postId = freshPostId();
    for (let i = 0; i < 3; i++) await seed(postId, {body: `root ${i}`});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId} order="newest"></colloquy-comments>`);
    await untilState(el, 'ready');
    expect(deepAll(el, '[part="body"]').map((b) => b.textContent!.trim())).toEqual(['root 2', 'root 1', 'root 0']);
  });

  it('follows post-id when a single-page app changes it', async () => {
    const a = freshPostId();
    const b = freshPostId();
    await seed(a, {body: 'on A'});
    await seed(b, {body: 'on B'});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${a}></colloquy-comments>`);
    await untilState(el, 'ready');
    el.postId = b;
    await until(async () => {
      await settled(el);
      expect(deep(el, '[part="body"]').textContent).toContain('on B');
    });
  });

  it('runs several instances on one page, each with its own thread', async () => {
    const a = freshPostId();
    const b = freshPostId();
    await seed(a, {body: 'thread A'});
    const container = await fixture<HTMLElement>(html`<div>
      <colloquy-comments api=${API} post-id=${a}></colloquy-comments>
      <colloquy-comments api=${API} post-id=${b}></colloquy-comments>
    </div>`);
    const [first, second] = container.querySelectorAll('colloquy-comments');
    await untilState(first!, 'ready');
    await untilState(second!, 'empty');
  });

  it('explains a missing or unsafe api URL instead of requesting anything', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    for (const api of ['', 'javascript:alert(1)', 'ftp://files.example']) {
      const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${api} post-id="p"></colloquy-comments>`);
      await untilState(el, 'error');
      expect(shadow(el).querySelector('[role="alert"]')!.textContent).toContain('not set up correctly');
      expect(shadow(el).querySelector('colloquy-composer')).toBeNull();
    }
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[colloquy]'));
  });

  it('accepts an api URL with a path or trailing slash', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'found'});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${`${API}/`} post-id=${postId}></colloquy-comments>`);
    await untilState(el, 'ready');
  });
});

describe('relative dates in a page left open', () => {
  it('are brought up to date once a minute, without rendering the thread again', async () => {
    vi.useFakeTimers({toFake: ['setInterval']});
    try {
      const postId = freshPostId();
      await seed(postId, {body: 'said a moment ago'});
      const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
      await untilState(el, 'ready');
      const time = deep(el, 'time');
      const before = time.textContent;
      expect(before).not.toContain('hour');
      const body = deep(el, '[part="body"]');
      const realNow = Date.now();
      vi.spyOn(Date, 'now').mockReturnValue(realNow + 3 * 3600_000);
      vi.advanceTimersByTime(60_000);
      expect(time.textContent).toBe('3 hours ago');
      expect(deep(el, '[part="body"]')).toBe(body); // the same elements: nothing rendered again
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a comment\'s look', () => {
  it('keeps its actions quiet (muted, smaller than the text) and draws an initials avatar before the name', async () => {
    const postId = freshPostId();
    const root = await seed(postId, {author: {name: 'Ada Quill'}, body: 'first'});
    await seed(postId, {parentId: root.id, author: {name: 'Bob'}, body: 'second'});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}
      style="--colloquy-color-accent: rgb(200, 0, 0); --colloquy-color-muted: rgb(0, 0, 200)"></colloquy-comments>`);
    await untilState(el, 'ready');
    const article = shadow(el).querySelector('article.comment')!;
    const reply = getComputedStyle(article.querySelector('[part="reply-button"]')!);
    const toggle = getComputedStyle(article.querySelector('[part="collapse-button"]')!);
    const text = getComputedStyle(article.querySelector('[part="body"]')!);
    for (const action of [reply, toggle]) {
      expect(action.color).toBe('rgb(0, 0, 200)');
      expect(parseFloat(action.fontSize)).toBeLessThan(parseFloat(text.fontSize));
    }
    const avatar = getComputedStyle(article.querySelector('[part="author"]')!, '::before');
    expect(avatar.content).toBe('"AQ" / ""');
    expect(avatar.borderRadius).toBe('50%');
    // Different names, different colours; the same name, the same.
    const [first, second] = [...shadow(el).querySelectorAll('[part="author"]')].map((a) => getComputedStyle(a, '::before').backgroundColor);
    expect(first).not.toBe(second);
  });
});
