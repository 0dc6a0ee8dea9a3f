import {html} from 'lit';
import {describe, expect, it, vi} from 'vitest';

import {API, fixture, freshPostId, seed, until} from './helpers.js';

/** The requests the page made for counts, as their lists of posts. */
function countRequests(spy: {mock: {calls: unknown[][]}}): string[][] {
  return spy.mock.calls.map(([input]) => new URL(String(input instanceof Request ? input.url : input)))
    .filter((url) => url.pathname.endsWith('/counts')).map((url) => url.searchParams.getAll('post'));
}

const texts = (root: Element) => [...root.querySelectorAll('colloquy-count')].map((c) => c.textContent!.trim());

describe('<colloquy-count>', () => {
  it('answers every count on the page with one request, in the plural the number needs', async () => {
    const [none, one, three] = [freshPostId(), freshPostId(), freshPostId()];
    await seed(one, {body: 'only'});
    const root = await seed(three, {body: 'a'});
    await seed(three, {body: 'b', parentId: root.id});
    await seed(three, {body: 'c'});
    const spy = vi.spyOn(globalThis, 'fetch');
    const list = await fixture<HTMLElement>(html`<ul>
      <li><colloquy-count api=${API} post-id=${none}>Comments</colloquy-count></li>
      <li><colloquy-count api=${API} post-id=${one}>Comments</colloquy-count></li>
      <li><colloquy-count api=${API} post-id=${three}>Comments</colloquy-count></li>
      <li><colloquy-count api=${API} post-id=${three}>Comments</colloquy-count></li>
    </ul>`);
    await until(() => expect(texts(list)).toEqual(['0 comments', '1 comment', '3 comments', '3 comments']));
    const requests = countRequests(spy);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.sort()).toEqual([none, one, three].sort()); // each post once
  });

  it('links to the post\'s comments when given an href, and never to a script URL', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'hi'});
    const list = await fixture<HTMLElement>(html`<p>
      <colloquy-count api=${API} post-id=${postId} href="/posts/hello#comments"></colloquy-count>
      <colloquy-count api=${API} post-id=${postId} href="javascript:alert(1)"></colloquy-count>
    </p>`);
    const [linked, unsafe] = list.querySelectorAll('colloquy-count');
    await until(() => expect(linked!.textContent).toBe('1 comment'));
    const link = linked!.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(new URL('/posts/hello#comments', location.href).href);
    await until(() => expect(unsafe!.textContent).toBe('1 comment'));
    expect(unsafe!.querySelector('a')).toBeNull();
  });

  it('speaks the page\'s language: Russian and Arabic plurals, French\'s zero', async () => {
    const postId = freshPostId();
    for (let i = 0; i < 3; i++) await seed(postId, {body: `c${i}`});
    const empty = freshPostId();
    const list = await fixture<HTMLElement>(html`<div>
      <p lang="ru"><colloquy-count api=${API} post-id=${postId}></colloquy-count></p>
      <p lang="ar"><colloquy-count api=${API} post-id=${postId}></colloquy-count></p>
      <p lang="fr"><colloquy-count api=${API} post-id=${empty}></colloquy-count></p>
    </div>`);
    // Numbers are written the language's way (Arabic digits or not, as this browser's Intl has it).
    await until(() => expect(texts(list)).toEqual(['3 комментария', `${new Intl.NumberFormat('ar').format(3)} تعليقات`, '0 commentaire']));
  });

  it('asks at most the protocol\'s limit of posts per request', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const ids = Array.from({length: 150}, () => freshPostId());
    const list = await fixture<HTMLElement>(html`<div>${ids.map((id) => html`<colloquy-count api=${API} post-id=${id}></colloquy-count>`)}</div>`);
    await until(() => expect(texts(list).every((t) => t === '0 comments')).toBe(true));
    expect(countRequests(spy).map((posts) => posts.length).sort((a, b) => a - b)).toEqual([50, 100]);
  });

  it('keeps its own text when the server cannot be reached or answers nonsense', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(globalThis, 'fetch').mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(new Response('{"counts": {"x": -1}}', {headers: {'Content-Type': 'application/json'}}));
    const down = await fixture<HTMLElement>(html`<colloquy-count api="https://down.example" post-id="a">Comments</colloquy-count>`);
    await until(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(down.textContent).toBe('Comments');
    const odd = await fixture<HTMLElement>(html`<colloquy-count api="https://odd.example" post-id="x">Comments</colloquy-count>`);
    await until(() => expect(warn).toHaveBeenCalledTimes(2));
    expect(odd.textContent).toBe('Comments');
  });

  it('one post ID the server would refuse does not sink the other counts of the page', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const good = freshPostId();
    await seed(good, {body: 'fine'});
    const list = await fixture<HTMLElement>(html`<div>
      <colloquy-count api=${API} post-id=${good}>Comments</colloquy-count>
      <colloquy-count api=${API} post-id=${'x'.repeat(300)}>Comments</colloquy-count>
      <colloquy-count api=${API} post-id=${'bad\u0000id'}>Comments</colloquy-count>
    </div>`);
    await until(() => expect(texts(list)).toEqual(['1 comment', 'Comments', 'Comments']));
    await until(() => expect(warn).toHaveBeenCalledTimes(2));
  });

  it('follows a change of post', async () => {
    const [a, b] = [freshPostId(), freshPostId()];
    await seed(b, {body: 'b'});
    const count = await fixture<HTMLElement>(html`<colloquy-count api=${API} post-id=${a}></colloquy-count>`);
    await until(() => expect(count.textContent).toBe('0 comments'));
    count.setAttribute('post-id', b);
    await until(() => expect(count.textContent).toBe('1 comment'));
  });
});

describe('<colloquy-count> and the page\'s language', () => {
  it('speaks again when <html lang> changes', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'one'});
    const count = await fixture<HTMLElement>(html`<colloquy-count api=${API} post-id=${postId}></colloquy-count>`);
    await until(() => expect(count.textContent).toBe('1 comment'));
    document.documentElement.lang = 'de';
    try {
      await until(() => expect(count.textContent).toBe('1 Kommentar'));
    } finally {
      document.documentElement.lang = 'en';
    }
    await until(() => expect(count.textContent).toBe('1 comment'));
  });
});
