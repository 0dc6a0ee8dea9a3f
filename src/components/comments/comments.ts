import {Task, TaskStatus} from '@lit/task';
import {html, LitElement, nothing, type PropertyValues, type TemplateResult} from 'lit';
// One module per decorator: the barrel would bring the form's @query into the reader's path.
import {property} from 'lit/decorators/property.js';
import {state} from 'lit/decorators/state.js';
import {guard} from 'lit/directives/guard.js';
import {repeat} from 'lit/directives/repeat.js';

import {ApiError} from '../../client/api-error.js';
import {CommentsClient} from '../../client/client.js';
import {forgetEverything} from '../../controllers/local-storage.js';
import {LocaleController} from '../../controllers/locale-controller.js';
import {OwnedComments, type Ownership} from '../../controllers/owned-comments.js';
import {RelativeTimesController} from '../../controllers/relative-times-controller.js';
import {RenderBatchController} from '../../controllers/render-batch-controller.js';
import {ColloquyCommentPostedEvent, ColloquyErrorEvent, type ColloquyComposerCancelEvent, type ColloquyComposerPostedEvent} from '../../events.js';
import {heightKey, PLACEHOLDER_ATTRIBUTE} from '../../internal/placeholder.js';
import {warnOnce} from '../../internal/warn-once.js';
import {readingOrder, repliesOldestFirst, type ThreadNode} from '../../model/thread.js';
import {emptyThread, threadReducer, threadView, type ThreadAction, type ThreadState, type ThreadView} from '../../model/thread-state.js';
import {isPlainText, LIMITS, ORDERS, type Comment, type Order} from '../../protocol/index.js';
import {markdownReady, prepareBodies, renderBody} from '../../markdown/render.js';
import {hostStyles} from '../../styles/host.styles.js';
import type {ColloquyComposer} from '../composer/composer.js';
import {CommentActions, type FocusTarget} from './comment-actions.js';
import {commentStyles} from './comment.styles.js';
import {renderComment} from './comment-view.js';
import {commentDomId, LINK_LOADS_MAX, linkedCommentId} from './links.js';
import type {OwnTools, RepliesToggle} from './view-types.js';
import {loadComposer, whenIdle} from './on-demand.js';
import {rememberHeight} from './remembered-height.js';
import {groupAt, groupRoots, type RootGroup} from './root-groups.js';
import {styles} from './comments.styles.js';

/** What the widget is showing, mirrored in the `state` attribute for pages and tests. */
export type CommentsState = 'loading' | 'ready' | 'empty' | 'error';

// `::part()` reaches one shadow root down: forward the inner elements' parts so pages can style them.
const COMPOSER_PARTS = 'composer, submit';

/** Replies deeper than this stop indenting further. */
const INDENT_LEVELS = 4;

/** The layouts of replies (the `nesting` attribute). */
export type Nesting = 'tree' | 'one-level' | 'flat';
const NESTINGS: readonly Nesting[] = ['tree', 'one-level', 'flat'];

/**
 * The comments for one post, with a form to add one.
 *
 * @tagname colloquy-comments
 * @slot empty - Shown instead of the list while there are no comments.
 * @csspart heading - The "24 comments" heading.
 * @csspart list - Each list of comments (top level and replies).
 * @csspart status - The loading, empty and error messages.
 * @csspart more - The "Show more comments (N)" button.
 * @csspart more-replies - The "Show N more replies" button under a busy thread.
 * @csspart collapse-button - The button that hides and shows a comment's replies.
 * @csspart to-form-button - "Write a comment", under the heading: it takes the reader to the form.
 * @csspart sort-button - "Oldest" and "Newest", beside it; the one in use has `aria-pressed="true"`.
 * @csspart forget-button - The "Forget me" button under the form.
 * @csspart comment - Each comment (and `author`, `time`, `replying-to`, `body`, `reply-button` inside it).
 * @csspart composer - Each comment form (and `submit`, its button).
 * @cssproperty --colloquy-color-accent - Links, buttons and focus rings.
 * @cssproperty --colloquy-color-on-accent - Text on accent-coloured buttons.
 * @cssproperty --colloquy-color-muted - Dates, hints and quotes.
 * @cssproperty --colloquy-color-border - Form fields, reply rules.
 * @cssproperty --colloquy-color-surface - Form field backgrounds.
 * @cssproperty --colloquy-color-danger - Errors.
 * @cssproperty --colloquy-space - The base gap between things.
 * @cssproperty --colloquy-radius - Corner radius of fields and buttons.
 * @cssproperty --colloquy-indent - How far each reply level is indented.
 * @cssproperty --colloquy-font-size-small - Dates, hints and labels.
 * @event {ColloquyCommentPostedEvent} colloquy-comment-posted - A reader's comment or reply was stored; `detail.comment` is it as readers see it (never its owner token).
 * @event {ColloquyCommentEditedEvent} colloquy-comment-edited - A reader edited their comment; `detail.comment` is it now.
 * @event {ColloquyCommentDeletedEvent} colloquy-comment-deleted - A reader deleted their comment; `detail.comment` is it as it was.
 * @event {ColloquyErrorEvent} colloquy-error - Loading or posting failed; `detail.error` (an `ApiError`) says why.
 */
export class ColloquyComments extends LitElement {
  static override styles = [hostStyles, styles, ...commentStyles];

  /** Base URL of the Colloquy server, such as `https://comments.example.com`. */
  @property() api = '';

  /** Which post's comments to show. Defaults to the page's path (`location.pathname`). */
  @property({attribute: 'post-id'}) postId = '';

  /** Order of top-level comments: `oldest` (default) or `newest`. Replies always read oldest first. */
  @property() order: Order = 'oldest';

  /** Top-level comments per page before "Show more comments" (1–100; the server's default when unset). */
  @property({type: Number, attribute: 'page-size'}) pageSize?: number;

  /**
   * How replies are laid out: `tree` (default) nests each under the comment it answers; `one-level`
   * lists all of a thread's replies in one indented list under its first comment, oldest first (the
   * classic blog look); `flat` shows every comment at one level. Past the first level, replies say
   * whom they answer ("replying to Ada").
   */
  @property() nesting: Nesting = 'tree';

  /** `auto` (default) follows the page's `color-scheme`; `light` or `dark` force one. */
  @property({reflect: true}) theme: 'auto' | 'light' | 'dark' = 'auto';

  /** The API client, handed to every form this thread renders. */
  @state()
  private client = new CommentsClient({baseUrl: ''});

  /** What the widget knows of the thread; changed only through `dispatch`. */
  @state() private thread: ThreadState = emptyThread('oldest');

  /** The reader's own comments on this post (from this browser), by ID. */
  @state() private owned: ReadonlyMap<string, Ownership> = new Map();
  private ownedStore = new OwnedComments('');

  /** Edit and Delete: loaded once this reader owns a comment on the post. */
  @state() private ownTools?: OwnTools;
  private ownToolsLoading?: Promise<void>;

  /** Comments whose replies the reader has hidden. */
  @state() private collapsed: ReadonlySet<string> = new Set();

  /** Root threads whose next replies are being fetched. */
  @state() private loadingReplies: ReadonlySet<string> = new Set();

  /** The order the reader picked with the sort switch; the `order` attribute's until they do. */
  @state() private chosenOrder?: Order;

  /** The "Forget me" confirmation is open. */
  @state() private confirmingForget = false;

  /** The last thing to tell screen-reader users. */
  @state() private announcement = '';

  /** What the thread looks like, rebuilt in `willUpdate` only when the thread state changes. */
  private view: ThreadView = threadView(this.thread);
  private viewOf: ThreadState = this.thread;

  /** What relative times ("3 hours ago") count from: when the thread last changed. */
  private now = Date.now();

  /** Each comment's place in reading order (depth first); a comment renders once its place is below the batch limit. */
  private readingPlaces = new Map<ThreadNode, number>();
  /** Top-level threads in groups, each with where it starts in reading order and how many comments it holds. */
  private rootGroups: readonly RootGroup[] = [];

  /** Each comment's body, sanitized once; a new version of a comment (an edit) is a new object and gets a new body. */
  private bodies = new WeakMap<Comment, HTMLDivElement>();
  /** Which root group holds each comment, and a stamp per group that changes when one of its comments does. */
  private groupOf = new Map<string, string>();
  private groupStamps = new Map<string, number>();
  private stamp = 0;

  /** Reply, edit and delete, for every comment of the thread. */
  private readonly actions = new CommentActions(this, {
    client: () => this.client,
    changed: (id) => this.touch(id),
    focus: (id, target) => void this.focusComment(id, target),
    edited: (comment) => this.handleCommentEdited(comment),
    deleted: (comment) => this.handleCommentDeleted(comment),
  });

  /** The reader's language: the element's `lang`, else the page's. */
  private readonly locale = new LocaleController(this);

  /** "3 minutes ago" stays true while the page is open. */
  protected readonly relativeTimes = new RelativeTimesController(this, (date, now) => this.l.relative(date, now));

  /** A big thread renders in batches, each in a task of its own, so no task blocks the page whatever the data. */
  private readonly batches = new RenderBatchController(this, {first: 6, budgetMs: 30, max: 300});

  private readonly firstPage = new Task(this, {
    task: async ([client, postId, order, limit], {signal}) => {
      const page = await client.listComments(postId, {order, limit, signal, onFirstThreads: (first) => {
        // The top of a big thread shows while the rest is checked: if its bodies need no Markdown loaded first.
        if (!signal.aborted && (markdownReady() || first.comments.every((c) => c.html !== undefined || isPlainText(c.body)))) {
          this.dispatch({type: 'first-page', page: first, dropped: 0});
        }
      }});
      await prepareBodies(page.comments);
      return page;
    },
    args: () => [this.client, this.effectivePostId, this.effectiveOrder, this.effectivePageSize] as const,
    onComplete: (page) => {
      this.dispatch({type: 'first-page', page, dropped: page.dropped});
      this.reportDropped(page.dropped);
      void this.updateComplete.then(() => this.followLink());
      // The form is not needed to read: it loads once the thread is shown, and reopens the replies the
      // reader had started.
      const postId = this.effectivePostId;
      whenIdle(() => void loadComposer(this.l).then((composer) => {
        if (postId === this.effectivePostId) this.actions.reopenReplies(composer.replyDrafts(postId));
      }, () => undefined));
      void this.loadOwn(this.effectivePostId);
    },
    onError: (error) => this.reportError(error),
  });

  private readonly nextPage = new Task(this, {
    autoRun: false,
    task: async ([cursor]: readonly [string], {signal}) => {
      const page = await this.client.listComments(this.effectivePostId, {order: this.effectiveOrder, limit: this.effectivePageSize, cursor, signal});
      await prepareBodies(page.comments);
      // A backend that hands back the cursor it was given would keep "Show more" loading one page for ever.
      return page.nextCursor === cursor ? {...page, nextCursor: null} : page;
    },
    onComplete: (page) => {
      this.dispatch({type: 'next-page', page, dropped: page.dropped});
      this.reportDropped(page.dropped);
      this.announce(this.l.count(this.l.m.moreLoaded, page.comments.length));
    },
    onError: (error) => this.reportError(error),
  });

  /** What the widget shows now: `loading`, `ready`, `empty` or `error`. Also the `state` attribute. */
  get state(): CommentsState {
    if (!this.locale.ready) return 'loading'; // nothing shows until the reader's language has loaded
    switch (this.firstPage.status) {
      case TaskStatus.COMPLETE:
        return this.view.nodes.length ? 'ready' : 'empty';
      case TaskStatus.PENDING:
        // The first threads of a big page, shown while the rest is checked.
        return this.thread.pages.length ? 'ready' : 'loading';
      case TaskStatus.ERROR:
        return 'error';
      default:
        return 'loading';
    }
  }

  /** The words and formats of the reader's language. */
  private get l() {
    return this.locale.localizer;
  }

  private get effectivePostId(): string {
    return this.postId || location.pathname;
  }

  private get effectiveOrder(): Order {
    if (this.chosenOrder) return this.chosenOrder;
    return ORDERS.includes(this.order) ? this.order : 'oldest';
  }

  private get effectiveNesting(): Nesting {
    return NESTINGS.includes(this.nesting) ? this.nesting : 'tree';
  }

  private get effectivePageSize(): number | undefined {
    const size = this.pageSize;
    return size !== undefined && Number.isInteger(size) && size >= 1 && size <= LIMITS.pageSizeMax ? size : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pagehide', this.rememberHeight);
    addEventListener('hashchange', this.followLink);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this.rememberHeight);
    removeEventListener('hashchange', this.followLink);
  }

  /**
   * Follows a link to one comment (`#comment-<id>`): loads the pages, or the replies, that hold it
   * (a few at most), then scrolls to it, highlights it and moves focus there.
   */
  private readonly followLink = async (): Promise<void> => {
    const id = linkedCommentId();
    if (id === undefined || this.state !== 'ready') return;
    const has = () => this.view.comments.some((c) => c.id === id);
    for (let loads = 0; !has() && loads < LINK_LOADS_MAX; loads++) {
      const cursor = this.view.nextCursor;
      const [rootId] = this.view.moreReplies.keys();
      if (cursor) await this.nextPage.run([cursor]);
      else if (rootId !== undefined) await this.loadMoreReplies(rootId);
      else break;
      if (this.nextPage.status === TaskStatus.ERROR) break;
    }
    const node = [...this.readingPlaces].find(([n]) => n.comment.id === id);
    if (!node) return;
    this.batches.showThrough(node[1] + 1);
    await this.updateComplete;
    const article = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(commentDomId(id))}`);
    // Marked on the element, not through the template: one comment at a time wears it, and a
    // template part for it would cost every comment of a big thread.
    this.renderRoot.querySelector('.highlighted')?.classList.remove('highlighted');
    article?.classList.add('highlighted');
    article?.scrollIntoView({block: 'center'});
    article?.focus({preventScroll: true});
  };

  /** Keeps the thread's height as the reader leaves, for the placeholder of their next visit (src/embed/lazy-start.ts). */
  private readonly rememberHeight = () => {
    if (this.state === 'ready' || this.state === 'empty') rememberHeight(heightKey(this.api, this.effectivePostId), this.offsetHeight);
  };

  // Runs before the tasks read their args, so a new `api` or `post-id` is seen in the same update.
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api')) {
      this.client = new CommentsClient({baseUrl: this.api});
      this.ownedStore = new OwnedComments(this.client.server);
      if (!this.api) warnOnce('api', '<colloquy-comments> needs an api attribute: the URL of your Colloquy server.');
    }
    if (changed.has('order') && !ORDERS.includes(this.order)) {
      warnOnce('order', `order="${this.order}" is not one of ${ORDERS.join(', ')}; using oldest.`);
    }
    if (changed.has('order')) this.chosenOrder = undefined; // the page's word wins over an earlier pick
    if (changed.has('nesting') && !NESTINGS.includes(this.nesting)) {
      warnOnce('nesting', `nesting="${this.nesting}" is not one of ${NESTINGS.join(', ')}; using tree.`);
    }
    if (changed.has('api') || changed.has('postId') || changed.has('order') || changed.has('pageSize') || (changed as Map<PropertyKey, unknown>).has('chosenOrder')) {
      this.dispatch({type: 'reset', order: this.effectiveOrder});
      this.actions.reset();
      this.collapsed = new Set();
      this.loadingReplies = new Set();
      this.owned = this.ownedStore.forPost(this.effectivePostId);
    }
    if (this.thread !== this.viewOf) {
      const previous = this.viewOf;
      this.viewOf = this.thread;
      this.view = threadView(this.thread);
      this.now = Date.now();
      const newThread = this.thread.pages[0] !== previous.pages[0] || previous.pages.length === 0;
      const previousSize = this.readingPlaces.size;
      this.readingPlaces = readingOrder(this.view.nodes);
      this.rootGroups = groupRoots(this.view.nodes, this.readingPlaces);
      this.groupOf = new Map();
      for (const [node, place] of this.readingPlaces) this.groupOf.set(node.comment.id, groupAt(this.rootGroups, place));
      // A new thread starts with a screenful. What lands inside the shown thread (the reader's own
      // comment, more replies of a thread) shows at once, so nothing already shown moves out of view.
      const inPlace = this.thread.own !== previous.own || this.thread.moreLoaded !== previous.moreLoaded;
      if (newThread) this.batches.reset(this.readingPlaces.size);
      else this.batches.resize(this.readingPlaces.size, inPlace ? Math.max(1, this.readingPlaces.size - previousSize) : 0);
    }
  }

  protected override updated(): void {
    if (this.owned.size > 0) void this.loadOwnTools();
    // Edit and Delete speak the words for writing: again when the language changes.
    if (this.ownTools && !this.l.w) {
      const l = this.l;
      l.writing().then(() => this.l === l && this.renderAllAgain(), () => undefined);
    }
    const state = this.state;
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
    if (state === 'loading') return;
    // The embed held this element's place until now (src/embed/lazy-start.ts).
    if (this.hasAttribute(PLACEHOLDER_ATTRIBUTE)) {
      this.removeAttribute(PLACEHOLDER_ATTRIBUTE);
      this.style.removeProperty('min-height');
      this.style.removeProperty('display');
    }
  }

  override render() {
    // Nothing that would flash in English while the reader's language loads (a few kB, once).
    if (!this.locale.ready) return nothing;
    const {l} = this;
    const configError = this.firstPage.error instanceof ApiError && this.firstPage.error.code === 'config';
    return html`
      <section lang=${l.tag} dir=${l.dir} aria-labelledby="heading" aria-busy=${this.state === 'loading' ? 'true' : 'false'}
        @colloquy-composer-posted=${this.handleCommentPosted} @colloquy-composer-cancel=${this.handleReplyCancelled}
        @colloquy-error=${this.handleError}>
        <h2 id="heading" part="heading" tabindex="-1">${this.renderHeading()}</h2>
        ${(this.view.nodes.length || this.chosenOrder) && !configError ? html`<div class="toolbar">${this.view.closed ? nothing
          : html`<button type="button" class="button-quiet to-form" part="to-form-button" @click=${this.handleToForm}>${l.m.writeComment}</button>`}${
          this.renderSort()}</div>` : nothing}
        ${this.firstPage.render({
          initial: () => this.renderLoading(),
          pending: () => (this.thread.pages.length ? this.renderBody() : this.renderLoading()),
          error: (error) => this.renderLoadError(error),
          complete: () => this.renderBody(),
        })}
        ${this.view.closed ? html`<p class="status closed" part="status">${l.m.closed}</p>` : nothing}
        ${configError || (this.view.closed && !this.thread.closedHere) ? nothing
          // A form refused for closing stays, so its reader can still copy what they wrote.
          : html`<colloquy-composer collapsible exportparts=${COMPOSER_PARTS} post-id=${this.effectivePostId} .client=${this.client}
            .localizer=${l}></colloquy-composer>`}
        ${configError ? nothing : this.renderForget()}
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      </section>
    `;
  }

  /** Oldest or newest first: a pair of toggle buttons, so each says what it does and which is on. */
  private renderSort(): TemplateResult {
    const order = this.effectiveOrder;
    const option = (value: Order, label: string) => html`<button type="button" class="button-quiet" part="sort-button"
      aria-pressed=${order === value ? 'true' : 'false'} @click=${() => this.handleSort(value)}>${label}</button>`;
    return html`<div class="sort" role="group" aria-label=${this.l.m.sortLabel}>${option('oldest', this.l.m.oldest)}${option('newest', this.l.m.newest)}</div>`;
  }

  private handleSort(order: Order): void {
    if (order !== this.effectiveOrder) this.chosenOrder = order;
  }

  private renderHeading(): string {
    const total = this.view.total;
    if ((this.state !== 'ready' && this.state !== 'empty') || total === 0) return this.l.m.heading;
    return this.l.count(this.l.m.commentCount, total);
  }

  private renderLoading(): TemplateResult {
    return html`<p class="status" part="status" role="status">${this.l.m.loading}</p>`;
  }

  private renderLoadError(error: unknown): TemplateResult {
    if (error instanceof ApiError && error.code === 'config') {
      return html`<p class="status" part="status" role="alert">${this.l.m.notSetUp}</p>`;
    }
    return html`<p class="status" part="status" role="alert">
      ${this.l.m.loadFailed} <button type="button" class="button-secondary" @click=${() => this.firstPage.run()}>${this.l.m.tryAgain}</button>
    </p>`;
  }

  private renderBody(): TemplateResult {
    const nodes = this.view.nodes;
    const cursor = this.view.nextCursor;
    const loadingMore = this.nextPage.status === TaskStatus.PENDING;
    return html`
      ${nodes.length === 0
        // No part on slot fallback content: it would vanish when the slot is filled.
        ? html`<div class="status" part="status"><slot name="empty">${this.l.m.empty}</slot></div>`
        : this.renderList(nodes, 0)}
      ${this.renderSkipped()}
      ${this.nextPage.status === TaskStatus.ERROR ? html`<p class="status" role="alert">${this.l.m.moreFailed}</p>` : nothing}
      ${cursor ? html`<button type="button" class="button-secondary more" part="more" ?disabled=${loadingMore}
        aria-busy=${loadingMore ? 'true' : 'false'}
        @click=${() => this.nextPage.run([cursor])}>${loadingMore ? this.l.m.loadingShort : this.moreCommentsLabel()}</button>` : nothing}
    `;
  }

  /** "Show more comments (N)": N counts what later pages hold, not replies of threads already shown. */
  private moreCommentsLabel(): string {
    let remaining = this.view.unloaded;
    for (const more of this.view.moreReplies.values()) remaining -= more.remaining;
    return remaining > 0 ? this.l.text(this.l.m.showMoreCount, {count: remaining}) : this.l.m.showMore;
  }

  private renderList(nodes: readonly ThreadNode[], depth: number, parent?: Comment): TemplateResult {
    const classes = depth === 0 ? '' : depth > INDENT_LEVELS ? 'replies flat' : 'replies';
    // Top-level threads render in groups; a group whose comments are all unchanged is skipped, so
    // each batch costs what it adds, not what is already shown.
    if (depth === 0) {
      // One listener for every comment's buttons.
      return html`<ol part="list" class=${classes} @click=${this.handleCommentClick} @pointerover=${this.handlePointerOver}>${repeat(this.rootGroups, (group) => group.key, (group) =>
        guard([group, Math.min(Math.max(this.batches.limit - group.start, 0), group.size), this.owned, this.view.closed, this.groupStamps.get(group.key), this.l, this.effectiveNesting],
          () => this.renderItems(group.roots, depth)))}</ol>`;
    }
    return html`<ol part="list" class=${classes}>${this.renderItems(nodes, depth, parent)}</ol>`;
  }

  private renderItems(nodes: readonly ThreadNode[], depth: number, parent?: Comment): unknown {
    // Siblings are in reading order, so the ones already due form a prefix.
    const due = nodes.filter((node) => this.readingPlaces.get(node)! < this.batches.limit);
    const tree = this.effectiveNesting === 'tree';
    return repeat(due, (node) => node.comment.id, (node) => {
      const toggle = node.replies.length > 0 && (tree || depth === 0);
      const collapsed = toggle && this.collapsed.has(node.comment.id);
      return html`<li class=${depth === 0 ? 'thread' : 'reply'}>${
        this.renderOne(node, depth > INDENT_LEVELS ? parent : undefined,
          toggle ? {count: this.descendants(node), collapsed} : undefined)}${
        !toggle || collapsed ? nothing : tree ? this.renderList(node.replies, depth + 1, node.comment) : this.renderAllReplies(node)}${
        depth === 0 && this.view.moreReplies.has(node.comment.id) ? this.renderMoreReplies(node.comment.id) : nothing}</li>`;
    });
  }

  private renderOne(node: ThreadNode, replyingTo: Comment | undefined, replies?: RepliesToggle): TemplateResult {
    return renderComment({comment: node.comment, body: this.bodyOf(node.comment), activity: this.actions.of(node.comment.id),
      ownership: this.owned.get(node.comment.id), canReply: !this.view.closed && node.depth < LIMITS.maxDepth, actions: this.actions,
      replyingTo, replies, ownTools: this.ownTools, l: this.l, now: this.now});
  }

  /**
   * Every reply of a top-level thread in one list, oldest first (`one-level` indents it, `flat` does
   * not). A reply says whom it answers unless that is the thread's first comment, just above.
   */
  private renderAllReplies(root: ThreadNode): TemplateResult {
    const due = repliesOldestFirst(root).filter(({node}) => this.readingPlaces.get(node)! < this.batches.limit);
    const flat = this.effectiveNesting === 'flat';
    return html`<ol part="list" class=${flat ? 'replies flat' : 'replies'}>${repeat(due, ({node}) => node.comment.id, ({node, parent}) =>
      html`<li class="reply">${this.renderOne(node, flat || parent !== root ? parent.comment : undefined)}</li>`)}</ol>`;
  }

  /** How many comments are below `node`: their reading places run on from its own. */
  private descendants(node: ThreadNode): number {
    let last: ThreadNode = node;
    while (last.replies.length) last = last.replies[last.replies.length - 1]!;
    return this.readingPlaces.get(last)! - this.readingPlaces.get(node)!;
  }

  /** "Show N more replies" under a root thread whose replies did not all come with its page. */
  private renderMoreReplies(rootId: string): TemplateResult {
    const {remaining} = this.view.moreReplies.get(rootId)!;
    const loading = this.loadingReplies.has(rootId);
    return html`<button type="button" class="button-quiet more-replies" part="more-replies" data-action="more-replies"
      data-root=${rootId} ?disabled=${loading} aria-busy=${loading ? 'true' : 'false'}>${loading ? this.l.m.loadingShort
        : this.l.count(this.l.m.showMoreReplies, remaining)}</button>`;
  }

  /** The comment's body, sanitized on first show and kept: re-renders and edit forms closing reuse it. */
  private bodyOf(comment: Comment): HTMLDivElement {
    let body = this.bodies.get(comment);
    if (!body) {
      // A comment that came another way (posted, edited) without HTML from its server: shown as typed
      // until Markdown has loaded, then again.
      if (comment.html === undefined && !markdownReady() && !isPlainText(comment.body)) void prepareBodies([comment]).then(() => this.renderBodiesAgain());
      body = renderBody(comment.body, comment.html);
      body.className = 'body';
      body.part.add('body');
      body.dir = 'auto';
      this.bodies.set(comment, body);
    }
    return body;
  }

  /** Says how many comments the server sent that could not be shown safely (malformed, a repeated ID, another post's). */
  private renderSkipped(): TemplateResult | typeof nothing {
    const skipped = this.thread.dropped;
    if (skipped === 0) return nothing;
    return html`<p class="status skipped" part="status">${this.l.count(this.l.m.skipped, skipped)}</p>`;
  }

  /** Says what "Forget me" does before doing it: the reader loses Edit and Delete on their comments. */
  private renderForget(): TemplateResult {
    if (!this.confirmingForget) {
      return html`<p class="forget"><button type="button" class="button-quiet forget-button" part="forget-button"
        @click=${() => this.openForget(true)}>${this.l.m.forgetMe}</button></p>`;
    }
    return html`<div class="forget confirm" role="group" aria-labelledby="forget-text">
      <p id="forget-text">${this.l.m.forgetExplain}</p>
      <button type="button" class="button-primary" @click=${this.handleForget}>${this.l.m.forgetConfirm}</button>
      <button type="button" class="button-quiet forget-cancel" @click=${() => this.openForget(false)}>${this.l.m.cancel}</button>
    </div>`;
  }

  private async openForget(open: boolean): Promise<void> {
    this.confirmingForget = open;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(open ? '.forget-cancel' : '.forget-button')?.focus();
  }

  private handleForget(): void {
    forgetEverything();
    this.owned = new Map();
    for (const composer of this.renderRoot.querySelectorAll('colloquy-composer')) composer.reloadDraft();
    void this.openForget(false);
    this.announce(this.l.m.forgotten);
  }

  private toggleCollapsed(id: string): void {
    const collapsed = new Set(this.collapsed);
    if (!collapsed.delete(id)) collapsed.add(id);
    this.collapsed = collapsed;
    this.touch(id);
  }

  /** Loads the next replies of a root thread; they take their places in it as they come. */
  private async loadMoreReplies(rootId: string): Promise<void> {
    const more = this.view.moreReplies.get(rootId);
    if (!more || this.loadingReplies.has(rootId)) return;
    const postId = this.effectivePostId;
    this.loadingReplies = new Set(this.loadingReplies).add(rootId);
    this.touch(rootId);
    try {
      const page = await this.client.listReplies(postId, rootId, {cursor: more.cursor});
      await prepareBodies(page.comments);
      if (postId !== this.effectivePostId) return;
      this.dispatch({type: 'more-replies', page, dropped: page.dropped});
      this.reportDropped(page.dropped);
      this.announce(this.l.count(this.l.m.moreRepliesLoaded, page.comments.length));
    } catch (error) {
      this.announce(this.l.m.repliesFailed);
      this.reportError(error);
    } finally {
      const loading = new Set(this.loadingReplies);
      loading.delete(rootId);
      this.loadingReplies = loading;
      this.touch(rootId);
    }
  }

  /** Finds the reader's own comments that only they can see (awaiting moderation), and forgets ones that are gone. */
  private async loadOwn(postId: string): Promise<void> {
    const owned = this.owned;
    if (owned.size === 0) return;
    let comments: Comment[];
    try {
      comments = await this.client.ownComments(postId, [...owned.values()].map((o) => o.token));
    } catch {
      return; // the thread is shown; the reader's held comments wait for the next load
    }
    if (postId !== this.effectivePostId) return;
    // Published ones arrive with their pages, in their places; only held ones are missing from them.
    this.dispatch({type: 'own', comments: comments.filter((c) => c.status === 'pending')});
    const found = new Set(comments.map((c) => c.id));
    const gone = [...owned.keys()].filter((id) => !found.has(id));
    if (gone.length) {
      this.ownedStore.forget(postId, gone);
      this.owned = this.ownedStore.forPost(postId);
    }
  }

  /** The form sits below the thread, however long: this takes the reader there. */
  private async handleToForm(): Promise<void> {
    await loadComposer(this.l).catch(() => undefined);
    const composer = this.renderRoot.querySelector<ColloquyComposer>('section > colloquy-composer');
    await composer?.updateComplete;
    composer?.scrollIntoView({block: 'center'});
    composer?.focus();
  }

  /** Reply, Edit and Delete of any comment, and more replies of a thread: one listener for the whole thread. */
  private handleCommentClick(event: Event): void {
    const button = (event.target as Element).closest?.('button[data-action]');
    const rootId = button?.getAttribute('data-root');
    if (rootId) return void this.loadMoreReplies(rootId);
    const collapseId = button?.getAttribute('data-collapse');
    if (collapseId) return this.toggleCollapsed(collapseId);
    const domId = button?.closest('article')?.id;
    const comment = domId ? this.view.comments.find((c) => commentDomId(c.id) === domId) : undefined;
    if (!button || !comment) return;
    switch (button.getAttribute('data-action')) {
      case 'reply':
        return this.actions.toggleReply(comment.id);
      case 'edit':
        return this.actions.startEdit(comment);
      case 'delete':
        return this.actions.askDelete(comment.id);
    }
  }

  private handleReplyCancelled(event: ColloquyComposerCancelEvent): void {
    const parentId = (event.target as ColloquyComposer).parentId;
    if (parentId !== null) this.actions.closeReply(parentId);
  }

  /** A form's comment was stored: the thread keeps its owner token and shows it; the page hears of it, without the token. */
  private handleCommentPosted(event: ColloquyComposerPostedEvent): void {
    const {comment, ownership} = event.detail;
    if (ownership) {
      const owned = {token: ownership.token, editableUntil: Date.parse(ownership.editableUntil) || 0};
      this.ownedStore.remember(comment.postId, comment.id, owned);
      if (comment.postId === this.effectivePostId) this.owned = new Map(this.owned).set(comment.id, owned);
    }
    this.dispatchEvent(new ColloquyCommentPostedEvent({comment}));
    if (comment.postId !== this.effectivePostId) return;
    if (comment.parentId !== null) this.actions.closeReply(comment.parentId);
    this.dispatch({type: 'own', comments: [comment]});
    const {m} = this.l;
    const reply = comment.parentId !== null;
    this.announce(comment.status === 'pending' ? (reply ? m.replyHeld : m.commentHeld) : (reply ? m.replyPosted : m.commentPosted));
  }

  private handleCommentEdited(comment: Comment): void {
    this.dispatch({type: 'changed', comment});
    this.announce(this.l.m.commentUpdated);
  }

  private handleCommentDeleted(comment: Comment): void {
    // With replies it stays as a tombstone so they keep their place, as the server keeps it.
    const hasReplies = this.view.comments.some((c) => c.parentId === comment.id);
    this.dispatch(hasReplies
      ? {type: 'changed', comment: {...comment, status: 'deleted', author: {name: ''}, body: ''}}
      : {type: 'removed', id: comment.id});
    this.ownedStore.forget(comment.postId, [comment.id]);
    const owned = new Map(this.owned);
    owned.delete(comment.id);
    this.owned = owned;
    this.announce(this.l.m.commentRemoved);
    // Its buttons are gone with it: keep focus in the thread.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#heading')?.focus({preventScroll: true}));
  }

  // A form told it the thread has closed since it loaded: every form goes.
  private handleError(event: ColloquyErrorEvent): void {
    if (event.detail.error instanceof ApiError && event.detail.error.code === 'comments_closed') this.dispatch({type: 'closed'});
  }

  /** Loads Edit and Delete, once. */
  private loadOwnTools(): Promise<void> {
    this.ownToolsLoading ??= Promise.all([import('./own-comment-view.js'), this.l.writing()]).then(([tools]) => {
      this.ownTools = tools;
      this.renderAllAgain();
    }, () => {
      this.ownToolsLoading = undefined; // offline: the reader's comments show without Edit and Delete until the next try
    });
    return this.ownToolsLoading;
  }

  /**
   * A date shows its full form on hover: written when first pointed at, not for every comment up
   * front (in a big thread, thousands of formatted dates and attribute parts nobody hovers).
   */
  private readonly handlePointerOver = (event: PointerEvent): void => {
    const time = (event.target as Element).closest?.('time');
    if (!time || time.title) return;
    const date = new Date(time.dateTime);
    if (!Number.isNaN(date.getTime())) time.title = this.l.date(date);
  };

  /** Renders every group again (the reader's own comments show Edit and Delete; Markdown has loaded). */
  private renderAllAgain(): void {
    for (const group of this.rootGroups) this.groupStamps.set(group.key, ++this.stamp);
    this.requestUpdate();
  }

  /** Renders every body again (Markdown has loaded). */
  private renderBodiesAgain(): void {
    if (!markdownReady()) return;
    this.bodies = new WeakMap();
    this.renderAllAgain();
  }

  /** Marks the group holding comment `id` as changed, so only it renders again. */
  private touch(id: string): void {
    const group = this.groupOf.get(id);
    if (group !== undefined) this.groupStamps.set(group, ++this.stamp);
  }

  /** Moves focus to a control of comment `id`, once it is rendered. */
  private async focusComment(id: string, target: FocusTarget): Promise<void> {
    if (target === 'composer') await loadComposer(this.l).catch(() => undefined);
    await this.updateComplete;
    const article = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(commentDomId(id))}`);
    if (target === 'composer') {
      const composer = article?.querySelector<ColloquyComposer>('colloquy-composer');
      await composer?.updateComplete;
      composer?.focus();
      return;
    }
    article?.querySelector<HTMLElement>(`.${target}`)?.focus();
  }

  private dispatch(action: ThreadAction): void {
    this.thread = threadReducer(this.thread, action);
  }

  private announce(message: string): void {
    // Re-setting the same text would not be read again; clear first.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = message));
  }

  private reportError(error: unknown): void {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    if (error instanceof ApiError && error.code === 'config') warnOnce('config', error.message);
    this.dispatchEvent(new ColloquyErrorEvent({error}));
  }

  private reportDropped(dropped: number): void {
    if (dropped > 0) warnOnce('dropped', `The server sent ${dropped} malformed comment(s); they are not shown.`);
  }
}
