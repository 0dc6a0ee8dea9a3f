import {html} from 'lit';
import {describe, expect, it, vi} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import type {Comment, ThreadPage} from '../../src/protocol/index.js';
import {API, deepAll, fixture, freshPostId, seed, settled, shadow, type, until} from './helpers.js';

const realFetch = globalThis.fetch;

async function mount(postId: string): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments api=${API} post-id=${postId}></colloquy-comments>`);
  await until(() => expect(['ready', 'empty']).toContain(el.getAttribute('state')));
  await settled(el);
  return el;
}

async function serverPage(postId: string): Promise<ThreadPage> {
  return (await (await realFetch(`${API}/api/v1/posts/${encodeURIComponent(postId)}/comments`)).json()) as ThreadPage;
}

/** Posts through the widget's own form, as a reader does, and waits for the comment to show. */
async function postAsReader(el: ColloquyComments, body: string): Promise<HTMLElement> {
  const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
  type(form.querySelector<HTMLInputElement>('#name')!, 'Ada');
  type(form.querySelector<HTMLTextAreaElement>('#body')!, body);
  form.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
  return until(() => {
    const mine = commentElements(el).find((c) => c.querySelector('[part="body"]')?.textContent?.includes(body));
    expect(mine).toBeDefined();
    // Edit and Delete load once the reader owns a comment here.
    expect(mine!.querySelector('.delete-button')).not.toBeNull();
    return mine!;
  });
}

function commentElements(el: ColloquyComments): HTMLElement[] {
  return deepAll(el, 'article.comment') as HTMLElement[];
}

function button(comment: HTMLElement, selector: string): HTMLButtonElement | null {
  return comment.querySelector<HTMLButtonElement>(selector);
}

function heading(el: ColloquyComments): string {
  return shadow(el).querySelector('h2')!.textContent!.trim();
}

describe('a reader\'s own comments', () => {
  it('shows Edit and Delete on the reader\'s comment only, and still after a reload', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'someone else'});
    const el = await mount(postId);
    const mine = await postAsReader(el, 'mine');
    // Edit and Delete load (with their words) once the reader owns a comment here.
    await until(() => expect(button(mine, '.edit-button')).not.toBeNull());
    const [theirs] = commentElements(el);
    expect(button(theirs!, '.edit-button')).toBeNull();
    expect(button(theirs!, '.delete-button')).toBeNull();
    expect(button(mine, '.edit-button')!.getAttribute('aria-label')).toBe('Edit your comment, Ada');
    expect(button(mine, '.delete-button')).not.toBeNull();
    expect(localStorage.getItem('colloquy-owned')).toMatch(/"[\w-]{43}"/);

    el.remove();
    const again = await mount(postId);
    await until(() => expect(commentElements(again).map((c) => Boolean(button(c, '.delete-button')))).toEqual([false, true]));
  });

  it('edits in place: the form starts with the text, Save shows the new body marked edited, and it lasts', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const onEdited = vi.fn();
    el.addEventListener('colloquy-comment-edited', onEdited);
    const mine = await postAsReader(el, 'Helo world');
    button(mine, '.edit-button')!.click();
    await settled(el);
    const textarea = mine.querySelector<HTMLTextAreaElement>('.edit-body')!;
    expect(textarea.value).toBe('Helo world');
    expect(shadow(el).activeElement).toBe(textarea);
    type(textarea, 'Hello *world*');
    mine.querySelector<HTMLButtonElement>('form.edit [type="submit"]')!.click();
    await until(() => expect(mine.querySelector('[part="body"]')?.innerHTML).toContain('Hello <em>world</em>'));
    expect(mine.querySelector('[part="edited"]')!.textContent).toBe('edited');
    expect(onEdited).toHaveBeenCalledOnce();
    await until(() => expect(shadow(el).activeElement).toBe(button(mine, '.edit-button')));
    expect((await serverPage(postId)).comments[0]!.body).toBe('Hello *world*');
  });

  it('cancels an edit with Escape, returning focus, and refuses an empty body without a request', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const mine = await postAsReader(el, 'keep me');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    button(mine, '.edit-button')!.click();
    await settled(el);
    const textarea = mine.querySelector<HTMLTextAreaElement>('.edit-body')!;
    type(textarea, '   ');
    mine.querySelector<HTMLButtonElement>('form.edit [type="submit"]')!.click();
    await until(() => expect(mine.querySelector('[id$="-edit-error"]')!.textContent).toBe('Please write a comment.'));
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    textarea.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, composed: true}));
    await settled(el);
    expect(mine.querySelector('.edit-body')).toBeNull();
    expect(shadow(el).activeElement).toBe(button(mine, '.edit-button'));
    expect(fetchSpy.mock.calls.filter(([, init]) => init?.method === 'PATCH')).toHaveLength(0);
  });

  it('saves once however often Save is pressed, and keeps the text when the server cannot be reached', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const mine = await postAsReader(el, 'first');
    button(mine, '.edit-button')!.click();
    await settled(el);
    type(mine.querySelector<HTMLTextAreaElement>('.edit-body')!, 'second');
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const save = mine.querySelector<HTMLButtonElement>('form.edit [type="submit"]')!;
    save.click();
    save.click();
    await until(() => expect(mine.querySelector('[id$="-edit-error"]')!.textContent).toContain('did not answer'));
    expect(fetchSpy.mock.calls.filter(([, init]) => init?.method === 'PATCH')).toHaveLength(1);
    expect(mine.querySelector<HTMLTextAreaElement>('.edit-body')!.value).toBe('second');
    fetchSpy.mockRestore();
    mine.querySelector<HTMLButtonElement>('form.edit [type="submit"]')!.click();
    await until(() => expect(mine.querySelector('[part="body"]')?.textContent).toContain('second'));
  });

  it('says so when the edit window has closed on the server, and hides Edit once it has here', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const mine = await postAsReader(el, 'late');
    button(mine, '.edit-button')!.click();
    await settled(el);
    type(mine.querySelector<HTMLTextAreaElement>('.edit-body')!, 'later');
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({
      type: 'urn:colloquy:problem:edit_window_closed', title: 'Edit window closed', status: 403, code: 'edit_window_closed', detail: 'x',
    }), {status: 403, headers: {'Content-Type': 'application/problem+json'}}));
    mine.querySelector<HTMLButtonElement>('form.edit [type="submit"]')!.click();
    await until(() => expect(mine.querySelector('[id$="-edit-error"]')!.textContent).toContain('time for editing'));
    vi.restoreAllMocks();

    // A reload after the window: Delete stays, Edit is gone.
    const stored = JSON.parse(localStorage.getItem('colloquy-owned')!) as Record<string, Record<string, Record<string, [string, number]>>>;
    for (const posts of Object.values(stored)) for (const entry of Object.values(posts[postId] ?? {})) entry[1] = Date.now() - 1;
    localStorage.setItem('colloquy-owned', JSON.stringify(stored));
    el.remove();
    const again = await mount(postId);
    const reloaded = await until(() => {
      const [c] = commentElements(again);
      expect(button(c!, '.delete-button')).not.toBeNull();
      return c!;
    });
    expect(button(reloaded, '.edit-button')).toBeNull();
  });

  it('deletes after a confirmation whose safe choice has focus; a comment without replies goes for everyone', async () => {
    const postId = freshPostId();
    await seed(postId, {body: 'stays'});
    const el = await mount(postId);
    const onDeleted = vi.fn();
    el.addEventListener('colloquy-comment-deleted', onDeleted);
    const mine = await postAsReader(el, 'regret');
    expect(heading(el)).toBe('2 comments');
    button(mine, '.delete-button')!.click();
    await settled(el);
    expect(shadow(el).activeElement).toBe(button(mine, '.confirm-cancel'));
    button(mine, '.confirm-cancel')!.click();
    await settled(el);
    expect(shadow(el).activeElement).toBe(button(mine, '.delete-button'));
    button(mine, '.delete-button')!.click();
    await settled(el);
    button(mine, '.confirm-delete')!.click();
    await until(() => expect(commentElements(el)).toHaveLength(1));
    expect(heading(el)).toBe('1 comment');
    expect(onDeleted).toHaveBeenCalledOnce();
    expect((onDeleted.mock.calls[0]![0] as CustomEvent<{comment: Comment}>).detail.comment.body).toBe('regret');
    await until(() => expect(shadow(el).querySelector('[aria-live]')!.textContent).toBe('Your comment was deleted.'));
    expect((await serverPage(postId)).comments.map((c) => c.body)).toEqual(['stays']);
    expect(localStorage.getItem('colloquy-owned') ?? '').not.toContain(postId);
  });

  it('leaves a tombstone where a deleted comment has replies, and the replies in place', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const mine = await postAsReader(el, 'a question');
    const {comments} = await serverPage(postId);
    await seed(postId, {body: 'an answer', parentId: comments[0]!.id});
    el.remove();
    const again = await mount(postId);
    const own = await until(() => {
      const found = commentElements(again).find((c) => button(c, '.delete-button'));
      expect(found).toBeDefined();
      return found!;
    });
    expect(mine).not.toBe(own);
    button(own, '.delete-button')!.click();
    await settled(again);
    button(own, '.confirm-delete')!.click();
    await until(() => expect(deepAll(again, '[part="deleted"]').map((e) => e.textContent)).toEqual(['Comment deleted']));
    expect(deepAll(again, '[part="body"]').map((e) => e.textContent!.trim())).toEqual(['an answer']);
    expect(heading(again)).toBe('1 comment');
  });

  it('speaks an error already shown in the language the page changes to: under an edit, and after a failed delete', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const mine = await postAsReader(el, 'mine');
    button(mine, '.edit-button')!.click();
    await settled(el);
    type(mine.querySelector<HTMLTextAreaElement>('.edit-body')!, '   ');
    mine.querySelector<HTMLButtonElement>('form.edit [type="submit"]')!.click();
    await until(() => expect(mine.querySelector('[id$="-edit-error"]')!.textContent).toBe('Please write a comment.'));
    el.setAttribute('lang', 'de');
    await until(() => expect(mine.querySelector('[id$="-edit-error"]')!.textContent).toBe('Bitte schreibe einen Kommentar.'));

    el.setAttribute('lang', 'en');
    await until(() => expect(mine.querySelector('form.edit .button-quiet')?.textContent).toBe('Cancel'));
    mine.querySelector<HTMLButtonElement>('form.edit .button-quiet')!.click();
    await settled(el);
    button(mine, '.delete-button')!.click();
    await settled(el);
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    button(mine, '.confirm-delete')!.click();
    await until(() => expect(mine.querySelector('[role="alert"]')?.textContent).toContain('did not answer'));
    el.setAttribute('lang', 'fr');
    await until(() => expect(mine.querySelector('[role="alert"]')?.textContent).toContain('serveur'));
  });

  it('keeps the comment and says so when a delete fails', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const mine = await postAsReader(el, 'still here');
    button(mine, '.delete-button')!.click();
    await settled(el);
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    button(mine, '.confirm-delete')!.click();
    await until(() => expect(mine.querySelector('[role="alert"]')?.textContent).toContain('did not answer'));
    expect(commentElements(el)).toHaveLength(1);
    expect(button(mine, '.delete-button')).not.toBeNull();
  });

  it('forgets the reader on request: name, email, website, drafts and which comments are theirs', async () => {
    const postId = freshPostId();
    const el = await mount(postId);
    const mine = await postAsReader(el, 'mine');
    const form = shadow(shadow(el).querySelector('section > colloquy-composer')!);
    type(form.querySelector<HTMLTextAreaElement>('#body')!, 'an unsent draft');
    expect(localStorage.getItem('colloquy-author')).toContain('Ada');
    shadow(el).querySelector<HTMLButtonElement>('[part="forget-button"]')!.click();
    await settled(el);
    expect(shadow(el).activeElement).toBe(shadow(el).querySelector('.forget-cancel'));
    expect(shadow(el).querySelector('.forget')!.textContent).toContain('no longer be able to edit or delete');
    shadow(el).querySelector<HTMLButtonElement>('.forget .button-primary')!.click();
    await settled(el);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('colloquy-'))).toEqual([]);
    expect(button(mine, '.delete-button')).toBeNull();
    expect(form.querySelector<HTMLInputElement>('#name')!.value).toBe('');
    await until(() => expect(shadow(el).querySelector('[aria-live]')!.textContent).toBe('This browser has forgotten your details.'));
  });
});
