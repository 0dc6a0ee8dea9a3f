import {css, html, LitElement, nothing, type TemplateResult} from 'lit';
import {state} from 'lit/decorators.js';
import {repeat} from 'lit/directives/repeat.js';

import {AdminApi, AdminApiError, type AdminComment, type Ban, type LogEntry, type PostSettings} from './api.js';
import './import-view.js';
import './people-view.js';

type View = 'queue' | 'comments' | 'post' | 'spam' | 'log' | 'import' | 'people';

const dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/**
 * The site owner's page, served at `/admin` (never part of the embed): sign in, then the queue of
 * held comments, every comment with filters, a post's settings, and the log of moderation actions.
 * Comment text is shown as text, never rendered: what a spammer wrote cannot run here.
 *
 * @tagname colloquy-admin
 */
export class ColloquyAdmin extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 60rem; margin: 0 auto; padding: 1rem; font: 16px/1.5 system-ui, sans-serif; color-scheme: light dark; }
    header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; }
    h1 { font-size: 1.25rem; margin: 0; }
    nav { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 1rem 0; }
    nav button[aria-current='page'] { font-weight: 700; text-decoration: underline; }
    form.filters, form.post, form.sign-in { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin-bottom: 1rem; }
    form.sign-in { flex-direction: column; align-items: start; max-width: 20rem; }
    label { display: grid; gap: 0.2rem; font-size: 0.875rem; font-weight: 600; }
    input, select, textarea, button { font: inherit; }
    textarea { width: 100%; min-height: 6em; }
    ol { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
    article { border: 1px solid #8888; border-radius: 6px; padding: 0.75rem; display: grid; gap: 0.5rem; }
    .meta { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; font-size: 0.875rem; opacity: 0.85; }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .status { font-weight: 600; }
    [role='alert'] { color: #b3261e; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: start; padding: 0.25rem 0.5rem; border-bottom: 1px solid #8884; vertical-align: top; }
    :focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  `;

  @state() private user = '';
  @state() private checking = true;
  @state() private view: View = 'queue';
  @state() private comments: readonly AdminComment[] = [];
  @state() private queueSize = 0;
  @state() private entries: readonly LogEntry[] = [];
  @state() private filter: Record<string, string> = {status: '', post: '', author: '', text: ''};
  @state() private editing = '';
  @state() private postId = '';
  @state() private post?: PostSettings;
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private bans: readonly Ban[] = [];
  @state() private terms: readonly string[] = [];

  private readonly api = new AdminApi();

  override connectedCallback(): void {
    super.connectedCallback();
    // The post named in the address (a link from a notification email) opens that comment's queue.
    const params = new URLSearchParams(location.search);
    if (params.get('post')) this.filter = {...this.filter, post: params.get('post')!};
    if (params.get('view') === 'comments') this.view = 'comments';
    void this.api.session().then(async (session) => {
      this.user = session.user ?? '';
      if (this.user) await this.load();
    }, (error: unknown) => {
      this.error = error instanceof Error ? error.message : 'The server could not be reached.';
    }).finally(() => (this.checking = false));
  }

  override render() {
    if (this.checking) return html`<p role="status">Loading…</p>`;
    return this.user ? this.renderDashboard() : this.renderSignIn();
  }

  private renderSignIn(): TemplateResult {
    return html`<main>
      <h1>Colloquy admin</h1>
      <form class="sign-in" @submit=${this.handleSignIn}>
        <label>User <input name="user" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit" ?disabled=${this.busy}>Sign in</button>
        <p role="alert">${this.error}</p>
      </form>
    </main>`;
  }

  private renderDashboard(): TemplateResult {
    const views: [View, string][] = [['queue', `Queue (${this.queueSize})`], ['comments', 'All comments'], ['post', 'Post settings'], ['spam', 'Spam'],
      ['log', 'Log'], ['import', 'Import'], ['people', 'People']];
    return html`<header>
        <h1>Colloquy admin</h1>
        <span>Signed in as ${this.user} <button type="button" @click=${this.handleSignOut}>Sign out</button></span>
      </header>
      <nav aria-label="Admin sections">${views.map(([view, label]) => html`<button type="button"
        aria-current=${this.view === view ? 'page' : 'false'} @click=${() => this.show(view)}>${label}</button>`)}</nav>
      <p role="alert">${this.error}</p>
      <p role="status">${this.notice}</p>
      <main>${this.renderView()}</main>`;
  }

  private renderView(): TemplateResult {
    switch (this.view) {
      case 'log': return this.renderLog();
      case 'post': return this.renderPost();
      case 'spam': return this.renderSpam();
      case 'import': return html`<colloquy-admin-import .api=${this.api}></colloquy-admin-import>`;
      case 'people': return html`<colloquy-admin-people .api=${this.api}></colloquy-admin-people>`;
      default: return this.renderComments();
    }
  }

  private renderComments(): TemplateResult {
    return html`
      ${this.view === 'comments' ? html`<form class="filters" role="search" aria-label="Filter comments" @submit=${this.handleFilter}>
        <label>Status <select name="status" .value=${this.filter.status ?? ''}>
          ${['', 'published', 'pending', 'spam', 'rejected', 'deleted'].map((s) => html`<option value=${s}>${s || 'any'}</option>`)}
        </select></label>
        <label>Post <input name="post" .value=${this.filter.post ?? ''}></label>
        <label>Author or email <input name="author" .value=${this.filter.author ?? ''}></label>
        <label>Text <input name="text" type="search" .value=${this.filter.text ?? ''}></label>
        <button type="submit">Filter</button>
      </form>` : nothing}
      ${this.comments.length === 0 ? html`<p>${this.view === 'queue' ? 'Nothing waits for you.' : 'No comments match.'}</p>` : nothing}
      <ol>${repeat(this.comments, (c) => c.id, (c) => html`<li>${this.renderComment(c)}</li>`)}</ol>`;
  }

  private renderComment(c: AdminComment): TemplateResult {
    const who = c.author.name || '(erased)';
    return html`<article aria-labelledby=${`author-${c.id}`} data-id=${c.id}>
      <div class="meta">
        <span id=${`author-${c.id}`}><strong>${who}</strong>${c.author.email ? html` &lt;${c.author.email}&gt;` : nothing}</span>
        ${c.author.url ? html`<span>${c.author.url}</span>` : nothing}
        <span>on ${c.postId}</span>
        <time datetime=${c.createdAt}>${dateFormat.format(new Date(c.createdAt))}</time>
        <span class="status">${c.status}</span>
        ${c.heldFor ? html`<span class="held">held: ${c.heldFor}</span>` : nothing}
      </div>
      ${this.editing === c.id
        ? html`<form class="edit" @submit=${(e: SubmitEvent) => this.handleEdit(e, c)}>
            <label>Text of ${who}'s comment <textarea name="body" .value=${c.body}></textarea></label>
            <div class="actions"><button type="submit">Save</button>
            <button type="button" @click=${() => (this.editing = '')}>Cancel</button></div>
          </form>`
        : html`<p class="body">${c.body}</p>`}
      <div class="actions" role="group" aria-label=${`Actions on ${who}'s comment`}>
        ${c.status !== 'published' ? html`<button type="button" @click=${() => this.act(c, 'approve')}>Approve</button>` : nothing}
        ${c.status !== 'rejected' ? html`<button type="button" @click=${() => this.act(c, 'reject')}>Reject</button>` : nothing}
        ${c.status !== 'spam' ? html`<button type="button" @click=${() => this.act(c, 'spam')}>Spam</button>` : nothing}
        <button type="button" @click=${() => (this.editing = c.id)}>Edit</button>
        <button type="button" @click=${() => this.act(c, 'delete')}>Delete</button>
        <button type="button" @click=${() => this.openPost(c.postId)}>Post settings</button>
        ${c.author.email ? html`<button type="button" @click=${() => this.banEmail(c.author.email!, `from comment ${c.id}`)}>Ban email</button>` : nothing}
        <button type="button" @click=${() => this.banNetwork(c)}>Ban network</button>
      </div>
    </article>`;
  }

  private renderPost(): TemplateResult {
    return html`<form class="post" aria-label="Find a post" @submit=${this.handleFindPost}>
        <label>Post ID <input name="post" .value=${this.postId} required></label>
        <button type="submit">Open</button>
      </form>
      ${this.post ? html`<form class="post" aria-label=${`Settings of ${this.postId}`} @submit=${this.handleSavePost}>
        <label>Moderation <select name="moderation" .value=${this.post.moderation ?? ''}>
          <option value="">the site's</option><option value="none">none: publish at once</option>
          <option value="first">first: an author's first comment waits</option><option value="all">all: every comment waits</option>
        </select></label>
        <label><span><input type="checkbox" name="closed" .checked=${this.post.closed}> Closed (read-only)</span></label>
        <button type="submit">Save</button>
      </form>` : nothing}`;
  }

  private renderSpam(): TemplateResult {
    return html`<form class="post" aria-label="Banned terms" @submit=${this.handleSaveTerms}>
        <label>Banned terms, one per line (comments containing one wait for you)
          <textarea name="terms" .value=${this.terms.join('\n')}></textarea></label>
        <button type="submit">Save terms</button>
      </form>
      <form class="post" aria-label="Ban an email" @submit=${this.handleBanEmail}>
        <label>Email <input name="email" type="email" required></label>
        <label>Note <input name="note"></label>
        <button type="submit">Ban email</button>
      </form>
      <table>
        <caption>Bans (kept as hashes: the banned address is not stored)</caption>
        <thead><tr><th scope="col">Kind</th><th scope="col">Note</th><th scope="col">Since</th><th scope="col">By</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this.bans.map((b) => html`<tr><td>${b.kind}</td><td>${b.note ?? ''}</td>
          <td><time datetime=${b.createdAt}>${dateFormat.format(new Date(b.createdAt))}</time></td><td>${b.actor}</td>
          <td><button type="button" aria-label=${`Lift the ${b.kind} ban${b.note ? ` (${b.note})` : ''}`} @click=${() => this.unban(b)}>Lift</button></td></tr>`)}</tbody>
      </table>`;
  }

  private renderLog(): TemplateResult {
    return html`<table>
      <caption>Moderation actions, newest first</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Comment</th><th scope="col">Post</th><th scope="col">Detail</th></tr></thead>
      <tbody>${this.entries.map((e) => html`<tr>
        <td><time datetime=${e.at}>${dateFormat.format(new Date(e.at))}</time></td><td>${e.actor}</td><td>${e.action}</td>
        <td>${e.commentId ?? ''}</td><td>${e.postId ?? ''}</td><td>${e.detail ?? ''}</td></tr>`)}</tbody>
    </table>`;
  }

  private async show(view: View): Promise<void> {
    this.view = view;
    this.notice = '';
    await this.load();
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      if (this.view === 'log') {
        this.entries = (await this.api.log()).entries;
      } else if (this.view === 'spam') {
        ({bans: this.bans, terms: this.terms} = await this.api.spam());
      } else if (this.view === 'queue' || this.view === 'comments') {
        const filter = this.view === 'queue' ? {status: 'queue', post: this.filter.post ?? ''} : this.filter;
        const {comments, queue} = await this.api.comments(filter);
        this.comments = comments;
        this.queueSize = queue;
      }
    });
  }

  private async attempt(work: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = '';
    try {
      await work();
      return true;
    } catch (error) {
      if (error instanceof AdminApiError && error.code === 'unauthorized' && this.user) {
        this.user = '';
        this.error = 'Your session ended. Sign in again.';
      } else if (error instanceof AdminApiError && error.code === 'rate_limited') {
        this.error = `Too many attempts. Try again in ${Math.ceil((error.retryAfter ?? 60) / 60)} minute(s).`;
      } else {
        this.error = error instanceof Error ? error.message : 'Something went wrong.';
      }
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async handleSignIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    await this.attempt(async () => {
      const session = await this.api.signIn(String(data.get('user') ?? ''), String(data.get('password') ?? ''));
      this.user = session.user;
    });
    if (this.user) await this.load();
  }

  private async handleSignOut(): Promise<void> {
    await this.attempt(() => this.api.signOut());
    this.user = '';
  }

  private async handleFilter(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.filter = Object.fromEntries(['status', 'post', 'author', 'text'].map((k) => [k, String(data.get(k) ?? '')]));
    await this.load();
  }

  private async act(c: AdminComment, action: 'approve' | 'reject' | 'spam' | 'delete'): Promise<void> {
    if (await this.attempt(() => this.api.act(c.id, action))) {
      this.notice = `${c.author.name || 'The'}'s comment: ${action === 'spam' ? 'marked as spam' : `${action}d`}.`;
      await this.load();
      // The item may have left the list: keep the keyboard in the list, on the next item.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('article button')?.focus();
    }
  }

  private async handleEdit(event: SubmitEvent, c: AdminComment): Promise<void> {
    event.preventDefault();
    const body = String(new FormData(event.target as HTMLFormElement).get('body') ?? '');
    if (await this.attempt(() => this.api.edit(c.id, body))) {
      this.editing = '';
      this.notice = 'Saved.';
      await this.load();
    }
  }

  private async handleSaveTerms(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const terms = String(new FormData(event.target as HTMLFormElement).get('terms') ?? '').split('\n');
    if (await this.attempt(async () => {
      this.terms = (await this.api.setTerms(terms)).terms;
    })) this.notice = 'Banned terms saved.';
  }

  private async handleBanEmail(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    await this.banEmail(String(data.get('email') ?? ''), String(data.get('note') ?? ''));
    form.reset();
  }

  private async banEmail(email: string, note: string): Promise<void> {
    if (await this.attempt(async () => {
      this.bans = (await this.api.ban({kind: 'email', email, ...(note ? {note} : {})})).bans;
    })) this.notice = 'Email banned: its comments go to spam.';
  }

  private async banNetwork(c: AdminComment): Promise<void> {
    if (await this.attempt(async () => {
      this.bans = (await this.api.ban({kind: 'network', commentId: c.id, note: `network of comment ${c.id} by ${c.author.name || '?'}`})).bans;
    })) this.notice = 'Network banned: its comments go to spam.';
  }

  private async unban(ban: Ban): Promise<void> {
    if (await this.attempt(async () => {
      this.bans = (await this.api.unban(ban.id)).bans;
    })) this.notice = 'Ban lifted.';
  }

  private async openPost(postId: string): Promise<void> {
    this.postId = postId;
    this.view = 'post';
    await this.attempt(async () => {
      this.post = await this.api.post(postId);
    });
  }

  private async handleFindPost(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    await this.openPost(String(new FormData(event.target as HTMLFormElement).get('post') ?? '').trim());
  }

  private async handleSavePost(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const moderation = String(data.get('moderation') ?? '');
    const settings: PostSettings = {moderation: moderation ? moderation as PostSettings['moderation'] : null, closed: data.get('closed') === 'on'};
    if (await this.attempt(async () => {
      this.post = await this.api.setPost(this.postId, settings);
    })) this.notice = 'Post settings saved.';
  }
}

if (!customElements.get('colloquy-admin')) customElements.define('colloquy-admin', ColloquyAdmin);
