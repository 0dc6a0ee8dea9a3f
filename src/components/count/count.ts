import {english, type Localizer} from '../../i18n/localizer.js';
import {localizerFor} from '../../i18n/localizers.js';
import {languageOf} from '../../internal/language-of.js';
import {countFor} from './count-batch.js';

/** Counts on the page, told when its language (`<html lang>`) changes, through one observer. */
const shown = new Set<ColloquyCount>();
let pageLanguage: MutationObserver | undefined;

// Importable where there is no DOM (a server render of the host page), as Lit's elements are.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * "24 comments" for one post, for index pages and post lists, in the page's language. Every count on
 * a page is answered by one request to its server. Until the number is known (and if it cannot be),
 * the element shows what it holds, such as "Comments".
 *
 * A plain custom element, not a Lit one: an index page loads this alone, and it should cost little.
 * It writes into the page itself (no shadow root), so its link wears the page's own link styles.
 *
 * @tagname colloquy-count
 * @attr api - Base URL of the Colloquy server.
 * @attr post-id - The post whose comments to count; this page's path when unset.
 * @attr href - Makes the count a link to the post's comments (http, https or relative URLs).
 */
export class ColloquyCount extends Base {
  static readonly observedAttributes = ['api', 'post-id', 'href', 'lang'];

  /** What the element was last asked to show, so a late answer to an earlier question is dropped. */
  #asked = '';

  /** Base URL of the Colloquy server, as on `<colloquy-comments>`. */
  get api(): string {
    return this.getAttribute('api') ?? '';
  }

  set api(value: string) {
    this.setAttribute('api', value);
  }

  /** The post whose comments to count (as on `<colloquy-comments>`; defaults to this page's path). */
  get postId(): string {
    return this.getAttribute('post-id') || location.pathname;
  }

  set postId(value: string) {
    this.setAttribute('post-id', value);
  }

  /** Where the count links to, such as `/posts/hello#comments`; only http(s) and relative URLs. */
  get href(): string {
    return this.getAttribute('href') ?? '';
  }

  set href(value: string) {
    this.setAttribute('href', value);
  }

  connectedCallback(): void {
    shown.add(this);
    pageLanguage ??= new MutationObserver(() => shown.forEach((count) => void count.#show()));
    pageLanguage.observe(document.documentElement, {attributes: true, attributeFilter: ['lang']});
    void this.#show();
  }

  disconnectedCallback(): void {
    shown.delete(this);
  }

  attributeChangedCallback(): void {
    if (this.isConnected) void this.#show();
  }

  async #show(): Promise<void> {
    const asked = JSON.stringify([this.api, this.postId, this.href, languageOf(this)]);
    if (asked === this.#asked) return;
    this.#asked = asked;
    if (!this.api) {
      console.warn('[colloquy] <colloquy-count> needs an api attribute: the URL of your Colloquy server.');
      return;
    }
    let count: number;
    let l: Localizer;
    try {
      const found = localizerFor(languageOf(this));
      [count, l] = await Promise.all([countFor(this.api, this.postId), found instanceof Promise ? found.catch(() => english) : found]);
    } catch (error) {
      console.warn('[colloquy] A comment count could not be loaded; the element keeps its own text.', error);
      return;
    }
    if (asked !== this.#asked) return;
    const text = l.count(l.m.commentCount, count);
    const href = safeHref(this.href);
    if (!href) return this.replaceChildren(text);
    const link = document.createElement('a');
    link.href = href;
    link.textContent = text;
    this.replaceChildren(link);
  }
}

/** A link target the count may use: http(s), absolute or relative to the page; never `javascript:` and the like. */
function safeHref(href: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
