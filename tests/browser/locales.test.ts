import {html} from 'lit';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {LOCALES, loadCatalog, loadWritingCatalog, type Locale} from '../../src/i18n/locales.js';
import {en, type Messages, type Plural} from '../../src/i18n/messages.js';
import {deep, deepAll, fixture, settled, shadow, until, untilState} from './helpers.js';

function respondWith(body: unknown) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async () =>
    new Response(JSON.stringify(body), {status: 200, headers: {'Content-Type': 'application/json'}}));
}

const HOUR = 3600_000;
const comment = (id: string, overrides: Record<string, unknown> = {}) => ({
  id, postId: 'p', parentId: null, author: {name: `Author ${id}`}, body: `Body ${id}`,
  createdAt: new Date(Date.now() - Number(id) * HOUR - 60_000).toISOString(), status: 'published', ...overrides,
});

/** A thread that shows most of what the widget can say: replies, a held one, an edited one, a tombstone. */
const THREAD = {postId: 'p', order: 'oldest', total: 7, nextCursor: 'next', comments: [
  comment('1'),
  comment('2', {parentId: '1', editedAt: new Date().toISOString()}),
  comment('3', {parentId: '2', status: 'pending'}),
  comment('4', {status: 'deleted', author: {name: ''}, body: ''}),
  comment('5', {parentId: '4'}),
]};

/** The whole of a language: what readers see and what writers need. */
async function catalog(locale: Locale): Promise<Messages> {
  return {...(locale === 'en' ? en : await loadCatalog(locale)), ...await loadWritingCatalog(locale)};
}

let english: Messages;
beforeAll(async () => {
  english = await catalog('en');
});

const isPlural = (value: Messages[keyof Messages]): value is Plural => typeof value === 'object';

/** Every piece of text a reader or a screen reader meets in the widget's shadow roots. */
function textsOf(root: ShadowRoot): string[] {
  const texts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) texts.push(node.textContent!.trim());
    if (node instanceof Element) {
      for (const attribute of ['aria-label', 'title', 'placeholder']) {
        const value = node.getAttribute(attribute);
        if (value) texts.push(value.trim());
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return texts;
}

afterEach(() => {
  document.documentElement.lang = 'en';
});

describe('catalogs', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every message, with its placeholders and its language\'s plural forms', async (locale) => {
    const messages = await catalog(locale);
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of Object.keys(english) as (keyof Messages)[]) {
      const source = english[key];
      const translated = messages[key];
      expect(translated, `${locale}.${key}`).toBeDefined();
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      if (isPlural(source)) {
        expect(isPlural(translated), `${locale}.${key} is a plural`).toBe(true);
        const forms = translated as Plural;
        expect(forms.other, `${locale}.${key}.other`).toBeTruthy();
        // Only forms the language has; a form it lacks would never show.
        for (const form of Object.keys(forms)) expect(categories, `${locale}.${key}.${form}`).toContain(form);
      } else {
        expect(typeof translated, `${locale}.${key}`).toBe('string');
        expect((translated as string).trim(), `${locale}.${key}`).not.toBe('');
        expect(placeholders(translated as string), `${locale}.${key} keeps its placeholders`).toEqual(placeholders(source));
      }
    }
  });
});

describe('every locale renders', () => {
  it.each(LOCALES)('%s: a whole thread and its form, with no English left unnoticed', async (locale) => {
    respondWith(THREAD);
    const messages = await catalog(locale);
    const el = await fixture<ColloquyComments>(html`<colloquy-comments lang=${locale} api="https://comments.invalid" post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    // The form loads when the browser is idle; open a reply form too.
    await until(() => expect(deep(el, 'colloquy-composer').shadowRoot?.querySelector('form')).toBeTruthy());
    deep<HTMLButtonElement>(el, '[part="reply-button"]').click();
    await settled(el);

    const section = shadow(el).querySelector('section')!;
    expect(section.lang).toBe(locale);
    expect(section.dir).toBe(['ar', 'fa', 'he'].includes(locale) ? 'rtl' : 'ltr');
    const plural = new Intl.PluralRules(locale).select(7);
    expect(shadow(el).querySelector('h2')!.textContent).toBe((messages.commentCount[plural] ?? messages.commentCount.other)
      .replace('#', new Intl.NumberFormat(locale).format(7)));

    // Whatever shows that is an English message must be one this language writes the same way.
    const englishKeys = new Map<string, keyof Messages>();
    for (const [key, value] of Object.entries(english) as [keyof Messages, Messages[keyof Messages]][]) {
      if (!isPlural(value)) englishKeys.set(value.replace(/\{\w+\}/g, '').trim(), key);
    }
    const leftovers = textsOf(shadow(el)).filter((text) => {
      const key = englishKeys.get(text);
      return key !== undefined && messages[key] !== english[key];
    });
    expect(leftovers).toEqual([]);
    if (locale !== 'en') {
      expect(deep(el, '[part="reply-button"]').textContent).toBe(messages.reply);
      expect(deep(el, '[part="reply-button"]').getAttribute('aria-label')).toBe(messages.replyTo.replace('{name}', 'Author 1'));
      expect(deep(el, '[part="pending"]').textContent).toBe(messages.awaitingModeration);
      expect(deep(el, '[part="deleted"]').textContent).toBe(messages.commentDeleted);
      expect(deep(el, 'time').textContent).toBe(new Intl.RelativeTimeFormat(locale, {numeric: 'auto'}).format(-1, 'hour'));
    }
  });
});

describe('right-to-left languages', () => {
  it.each(['ar', 'fa', 'he'] as const)('%s mirrors the thread: replies indent from the right', async (locale) => {
    respondWith(THREAD);
    const el = await fixture<ColloquyComments>(html`<colloquy-comments lang=${locale} api="https://comments.invalid" post-id="p"
      style="width: 600px; display: block"></colloquy-comments>`);
    await untilState(el, 'ready');
    const [root, reply] = deepAll(el, 'article.comment').map((a) => a.getBoundingClientRect());
    expect(reply!.right).toBeLessThan(root!.right - 8);
    expect(Math.abs(reply!.left - root!.left)).toBeLessThan(2);
  });

  it('and left-to-right ones indent from the left', async () => {
    respondWith(THREAD);
    const el = await fixture<ColloquyComments>(html`<colloquy-comments lang="de" api="https://comments.invalid" post-id="p"
      style="width: 600px; display: block"></colloquy-comments>`);
    await untilState(el, 'ready');
    const [root, reply] = deepAll(el, 'article.comment').map((a) => a.getBoundingClientRect());
    expect(reply!.left).toBeGreaterThan(root!.left + 8);
    expect(Math.abs(reply!.right - root!.right)).toBeLessThan(2);
  });
});

describe('which language', () => {
  it('follows the page\'s <html lang>, and the element\'s own lang over it', async () => {
    respondWith(THREAD);
    document.documentElement.lang = 'de-AT';
    const el = await fixture<ColloquyComments>(html`<colloquy-comments api="https://comments.invalid" post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    expect(shadow(el).querySelector('h2')!.textContent).toBe('7 Kommentare');

    await until(() => expect(deep(el, 'colloquy-composer').shadowRoot?.querySelector('form')).toBeTruthy());
    const section = shadow(el).querySelector('section');
    const form = deep(el, 'colloquy-composer').shadowRoot!.querySelector('form');
    expect(deep(el, '[part="reply-button"]').textContent).toBe('Antworten');

    // A tag not seen before: its words arrive asynchronously, and the German ones stay meanwhile
    // (the same section, the same form: nothing blanked and was drawn again).
    el.setAttribute('lang', 'fr-CA');
    await until(() => expect(shadow(el).querySelector('h2')!.textContent).toBe('7 commentaires'));
    // Comments already shown say it in French too, and the form, the same form, in French words.
    expect(deep(el, '[part="reply-button"]').textContent).toBe('Répondre');
    expect(shadow(el).querySelector('section')).toBe(section);
    await until(() => expect(form!.querySelector('[part="submit"]')!.textContent!.trim()).toBe('Publier le commentaire'));
    expect(deep(el, 'colloquy-composer').shadowRoot!.querySelector('form')).toBe(form);
    el.removeAttribute('lang');
    await until(() => expect(shadow(el).querySelector('h2')!.textContent).toBe('7 Kommentare'));
    document.documentElement.lang = 'ja';
    await until(() => expect(shadow(el).querySelector('h2')!.textContent).toBe('コメント 7 件'));
  });

  it('speaks English for a language it does not know, and takes a region\'s language (pt-BR → pt)', async () => {
    respondWith(THREAD);
    const unknown = await fixture<ColloquyComments>(html`<colloquy-comments lang="xx-YY" api="https://comments.invalid" post-id="p"></colloquy-comments>`);
    await untilState(unknown, 'ready');
    expect(shadow(unknown).querySelector('h2')!.textContent).toBe('7 comments');
    const brazil = await fixture<ColloquyComments>(html`<colloquy-comments lang="pt-BR" api="https://comments.invalid" post-id="p"></colloquy-comments>`);
    await untilState(brazil, 'ready');
    expect(shadow(brazil).querySelector('h2')!.textContent).toBe('7 comentários');
  });

  it('uses each language\'s plural rules: Russian has three forms for counts', async () => {
    for (const [total, heading] of [[1, '1 комментарий'], [3, '3 комментария'], [5, '5 комментариев'], [21, '21 комментарий']] as const) {
      respondWith({...THREAD, total, comments: [comment('1')], nextCursor: null});
      const el = await fixture<ColloquyComments>(html`<colloquy-comments lang="ru" api="https://comments.invalid" post-id="p"></colloquy-comments>`);
      await untilState(el, 'ready');
      expect(shadow(el).querySelector('h2')!.textContent).toBe(heading);
      vi.restoreAllMocks();
    }
  });

  it('phrases a server\'s field errors in the reader\'s language, from their machine reason', async () => {
    respondWith({...THREAD, nextCursor: null});
    const el = await fixture<ColloquyComments>(html`<colloquy-comments lang="de" api="https://comments.invalid" post-id="p"></colloquy-comments>`);
    await untilState(el, 'ready');
    await until(() => expect(deep(el, 'colloquy-composer').shadowRoot?.querySelector('form')).toBeTruthy());
    vi.restoreAllMocks();
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({
      type: 'urn:colloquy:problem:invalid_field', title: 'Invalid field', status: 422, code: 'invalid_field',
      detail: 'body: Too long.', field: 'body', errors: [{field: 'body', detail: 'Too long.', reason: 'too_long', limit: 2000}],
    }), {status: 422, headers: {'Content-Type': 'application/problem+json'}}));
    const form = shadow(deep(el, 'colloquy-composer'));
    const set = (selector: string, value: string) => {
      const field = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
      field.value = value;
      field.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
    };
    set('#name', 'Ada');
    set('#body', 'Hallo');
    form.querySelector('form')!.requestSubmit();
    await until(() => expect(form.querySelector('#body-error')!.textContent).toBe('Zu lang: höchstens 2.000 Zeichen.'));
    expect(form.querySelector('[role="alert"]')!.textContent!.trim()).toBe('Bitte korrigiere die markierten Felder.');
  });
});
