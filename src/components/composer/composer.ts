import {Task, TaskStatus} from '@lit/task';
import {html, LitElement, nothing, type PropertyValues} from 'lit';
import {property, query, state} from 'lit/decorators.js';

import {ApiError} from '../../client/api-error.js';
import type {CommentsClient, PostedComment} from '../../client/client.js';
import {DraftController, draftKey, type Draft} from '../../controllers/draft-controller.js';
import {ColloquyComposerCancelEvent, ColloquyComposerPostedEvent, ColloquyErrorEvent} from '../../events.js';
import {LIMITS, parseNewComment, type FieldError, type NewComment} from '../../protocol/index.js';
import {english, type Localizer} from '../../i18n/localizer.js';
import {prepareBodies, renderBody} from '../../markdown/render.js';
import type {WritingMessages} from '../../i18n/messages.js';
import {bodyStyles} from '../../styles/body.styles.js';
import {hostStyles} from '../../styles/host.styles.js';
import {phraseFieldError, type FieldName} from './field-messages.js';
import {styles} from './composer.styles.js';

/** Protocol field paths to the inputs that hold them. */
const FIELD_OF: Readonly<Record<string, FieldName>> = {'author.name': 'name', 'author.email': 'email', 'author.url': 'url', body: 'body'};
const FIELD_ORDER: readonly FieldName[] = ['body', 'name', 'email', 'url'];
/** The keys that post, as this reader's keyboard labels them. */
const SHORTCUT = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '') ? '⌘+Enter' : 'Ctrl+Enter';

/**
 * The form for a new comment or a reply. What is typed is saved as a draft at
 * once and cleared only when the server has stored the comment.
 *
 * @tagname colloquy-composer
 * @csspart composer - The form.
 * @csspart submit - The submit button.
 * @event {ColloquyComposerPostedEvent} colloquy-composer-posted - The server stored the comment: `detail` holds it and its owner token. Not composed: it stays in the thread's shadow root, which announces the comment without the token.
 * @event {ColloquyErrorEvent} colloquy-error - Posting failed; `detail.error` says why. The draft is kept.
 */
export class ColloquyComposer extends LitElement {
  static override styles = [hostStyles, bodyStyles, styles];

  /** The post the comment is for. */
  @property({attribute: 'post-id'}) postId = '';

  /** The comment this replies to; absent for a new thread. */
  @property({attribute: 'parent-id'}) parentId: string | null = null;

  /** The form's title, such as "Reply to Ada"; "Leave a comment" in the reader's language when unset. */
  @property() label = '';

  /** Shows a Cancel button (reply forms). */
  @property({type: Boolean}) cancelable = false;

  /** Starts as one inviting line, and shows the whole form once focused (the thread's main form). */
  @property({type: Boolean}) collapsible = false;

  /** The API client to post with; `<colloquy-comments>` sets it on the forms it renders. */
  @property({attribute: false}) client?: CommentsClient;

  /** The reader's language; `<colloquy-comments>` sets it on the forms it renders. */
  @property({attribute: false}) localizer: Localizer = english;

  /** Refused fields, phrased when shown (so in the language of the moment). */
  @state() private fieldErrors: Partial<Record<FieldName, FieldError>> = {};
  /** Why the last post failed, as the error code; empty when it did not. */
  @state() private problem = '';
  /** The reader has focused the form: it stays open from then on. */
  @state() private opened = false;
  /** The Preview tab is on. */
  @state() private previewing = false;
  /** The draft as it will read, once rendered; `null` when there is nothing to show yet. */
  @state() private preview?: HTMLDivElement | null;

  @query('form') private form?: HTMLFormElement;

  private readonly draft = new DraftController(this, () => draftKey(this.postId, this.parentId));

  /** The words for writing last shown. */
  private shownWords?: WritingMessages;

  /** The words for writing, while they load. */
  private wordsLoading?: Promise<unknown>;

  /** When this form appeared (ms since the epoch). */
  private shownAt = Date.now();

  // Runs only when asked to. Submitting again while it runs is ignored, not a second request.
  private readonly post = new Task(this, {
    autoRun: false,
    task: async ([comment, key]: readonly [NewComment, string], {signal}): Promise<PostedComment> => {
      if (!this.client) throw new ApiError(0, 'config', '<colloquy-composer> must be inside <colloquy-comments>.');
      return this.client.postComment(this.postId, comment, {idempotencyKey: key, signal});
    },
    onComplete: (posted) => {
      this.draft.commit(); // only now that the server has it
      this.previewing = false;
      this.dispatchEvent(new ColloquyComposerPostedEvent(posted));
    },
    onError: (error) => this.handlePostError(error),
  });

  /** Shows what storage now holds: after "Forget me", empty author fields. */
  reloadDraft(): void {
    this.draft.reload();
  }

  /** Moves focus to the comment box (back from Preview if it is on): the form opens. */
  override focus(options?: FocusOptions): void {
    this.previewing = false;
    // Shown now, not at the next render: only a visible box takes focus.
    this.renderRoot.querySelector('#write-panel')?.removeAttribute('hidden');
    this.renderRoot.querySelector<HTMLElement>('#body')?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('postId') || changed.has('parentId')) {
      this.fieldErrors = {};
      this.problem = '';
      this.previewing = false;
    }
  }

  protected override updated(): void {
    // The form's own words, in the reader's language (again when it changes); usually here already,
    // loaded with the form.
    const l = this.localizer;
    if (!l.w && !this.wordsLoading) {
      this.wordsLoading = l.writing().then(() => this.localizer === l && this.requestUpdate(), () => undefined)
        .finally(() => (this.wordsLoading = undefined));
    }
  }

  /** Complete once the form shows, words included. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.wordsLoading) {
      await this.wordsLoading;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  override render() {
    const l = this.localizer;
    const {m} = l;
    // A new language's words may still be loading: the last ones stay meanwhile, so the form never blanks.
    const w = l.w ?? this.shownWords;
    if (!w) return nothing;
    this.shownWords = w;
    const draft = this.draft.value;
    const pending = this.post.status === TaskStatus.PENDING;
    const length = draft.body.length;
    const open = this.isOpen;
    // Collapsed, the rest of the form is in the page but not shown: autofill and the draft still reach it.
    return html`
      <form part="composer" class=${open ? 'open' : 'collapsed'} novalidate aria-labelledby="title"
        @submit=${this.handleSubmit} @keydown=${this.handleKeydown} @focusin=${this.handleFocusIn}>
        <p class=${open ? 'title' : 'title visually-hidden'} id="title">${this.label || w.leaveComment}</p>
        <div class="field">
          <div class="body-head">
            <label for="body" class=${open ? '' : 'visually-hidden'}>${w.comment}</label>
            ${this.renderTabs(w)}
          </div>
          <div role="tabpanel" id="write-panel" aria-labelledby="write-tab" ?hidden=${this.previewing}>
            <textarea id="body" name="body" required rows=${open ? 4 : 1} maxlength=${LIMITS.bodyMaxLength}
              dir="auto" placeholder=${open ? '' : `${w.leaveComment}…`}
              aria-invalid=${this.fieldErrors.body ? 'true' : 'false'}
              aria-describedby="body-hint body-error"
              .value=${draft.body}
              @input=${this.handleInput}></textarea>
          </div>
          ${this.previewing ? html`<div role="tabpanel" id="preview-panel" aria-labelledby="preview-tab" tabindex="0"
            class="preview">${this.preview === null ? html`<p class="hint">${w.nothingToPreview}</p>` : this.preview ?? nothing}</div>` : nothing}
          <div class="body-meta when-open">
            <p class="hint" id="body-hint">${w.markdownHint} <span class="shortcut">${l.text(w.postShortcut, {keys: SHORTCUT})}</span></p>
            <p class="counter ${length > LIMITS.bodyMaxLength ? 'over' : ''}" aria-hidden="true">${l.number(length)} / ${l.number(LIMITS.bodyMaxLength)}</p>
          </div>
          <p class="error" id="body-error">${this.fieldError('body')}</p>
        </div>
        <div class="fields when-open">
          ${this.renderInput('name', w.name, draft.name, {required: true, autocomplete: 'name', maxlength: LIMITS.nameMaxLength})}
          ${this.renderInput('email', w.email, draft.email, {type: 'email', autocomplete: 'email', maxlength: LIMITS.emailMaxLength,
            note: w.optionalNeverShown})}
          ${this.renderInput('url', w.website, draft.url, {type: 'url', autocomplete: 'url', maxlength: LIMITS.urlMaxLength,
            note: w.optional})}
        </div>
        <div class="trap" aria-hidden="true">
          <label for="homepage">${w.trap}</label>
          <input id="homepage" name="homepage" tabindex="-1" autocomplete="off" />
        </div>
        <div class="problem" role="alert">${this.problem ? html`<span>${problemMessage(this.problem, w)}</span>` : nothing}</div>
        <div class="actions when-open">
          <button type="submit" part="submit" class="button-primary" ?disabled=${pending} aria-busy=${pending ? 'true' : 'false'}>
            ${pending ? w.posting : this.problem ? m.tryAgain : this.parentId ? w.postReply : w.postComment}
          </button>
          ${this.cancelable ? html`<button type="button" class="button-quiet" @click=${this.handleCancel}>${m.cancel}</button>` : nothing}
        </div>
      </form>
    `;
  }

  /** Write and Preview, as tabs: one Tab stop, the arrow keys move between them. */
  private renderTabs(w: WritingMessages) {
    const tab = (id: string, label: string, selected: boolean) => html`<button type="button" role="tab" id=${id}
      class="tab" aria-selected=${selected ? 'true' : 'false'} aria-controls=${selected ? `${id.slice(0, -4)}-panel` : nothing}
      tabindex=${selected ? '0' : '-1'} @click=${() => this.showPreview(id === 'preview-tab')}>${label}</button>`;
    return html`<div class="tabs when-open" role="tablist" @keydown=${this.handleTabKeydown}>${
      tab('write-tab', w.write, !this.previewing)}${tab('preview-tab', w.preview, this.previewing)}</div>`;
  }

  private renderInput(name: Exclude<FieldName, 'body'>, label: string, value: string,
    {type = 'text', required = false, autocomplete, maxlength, note}: {
      type?: string; required?: boolean; autocomplete: string; maxlength: number; note?: string;
    }) {
    const error = this.fieldErrors[name];
    // The note goes under the box, not in the label: a long note wraps there without pushing its box
    // below its neighbours'.
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input id=${name} name=${name} type=${type} autocomplete=${autocomplete} maxlength=${maxlength}
        ?required=${required} dir="auto"
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${note ? `${name}-note ${name}-error` : `${name}-error`}
        .value=${value} @input=${this.handleInput} />
      ${note ? html`<p class="note" id=${`${name}-note`}>${note}</p>` : nothing}
      <p class="error" id=${`${name}-error`}>${this.fieldError(name)}</p>
    </div>`;
  }

  /** Whether the whole form shows: always, unless `collapsible` and nothing has been started yet. */
  private get isOpen(): boolean {
    return !this.collapsible || this.opened || this.draft.value.body !== '' || this.problem !== ''
      || Object.values(this.fieldErrors).some(Boolean);
  }

  private fieldError(field: FieldName) {
    const error = this.fieldErrors[field];
    const w = this.localizer.w ?? this.shownWords;
    return error && w ? phraseFieldError(field, error, w, this.localizer) : nothing;
  }

  private handleFocusIn(): void {
    this.opened = true;
  }

  /** Shows the draft as it will read (through the same Markdown path as every comment), or the box to write in. */
  private async showPreview(on: boolean): Promise<void> {
    this.previewing = on;
    if (!on) return;
    const text = this.draft.value.body;
    if (!text.trim()) return void (this.preview = null);
    this.preview = undefined;
    await prepareBodies([{body: text}]);
    if (!this.previewing || this.draft.value.body !== text) return;
    const body = renderBody(text);
    body.className = 'body';
    body.dir = 'auto';
    this.preview = body;
  }

  /** Arrow keys, Home and End move between Write and Preview, and focus follows. */
  private handleTabKeydown(event: KeyboardEvent): void {
    const preview = event.key === 'Home' ? false : event.key === 'End' ? true
      : event.key === 'ArrowLeft' || event.key === 'ArrowRight' ? !this.previewing : undefined;
    if (preview === undefined) return;
    event.preventDefault();
    void this.showPreview(preview);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(preview ? '#preview-tab' : '#write-tab')?.focus());
  }

  private handleInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement | HTMLTextAreaElement;
    const field = input.name as FieldName;
    this.draft.update({[field]: input.value} as Partial<Draft>);
    if (this.fieldErrors[field]) this.fieldErrors = {...this.fieldErrors, [field]: undefined};
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.post.status === TaskStatus.PENDING) return; // a double click posts once
    const draft = this.draft.value;
    const trap = this.renderRoot.querySelector<HTMLInputElement>('#homepage')?.value ?? '';
    const parsed = parseNewComment({
      parentId: this.parentId,
      author: {name: draft.name, email: draft.email, url: draft.url},
      body: draft.body,
      // For the server's spam checks: how long the reader has been writing, and the field only bots fill.
      composeMs: Math.max(0, Math.round(Date.now() - Math.min(draft.since ?? this.shownAt, this.shownAt))),
      ...(trap ? {trap} : {}),
    });
    if (!parsed.ok) {
      this.showFieldErrors(parsed.errors);
      this.problem = '';
      return;
    }
    this.fieldErrors = {};
    this.problem = '';
    // One key per text: a retry after a lost answer repeats the key, and the server posts once.
    const key = draft.key ?? newIdempotencyKey();
    if (!draft.key) this.draft.update({key});
    void this.post.run([parsed.value, key]);
  }

  /** Ctrl/Cmd+Enter posts; Escape closes a reply form and keeps what was typed (Cancel discards it). */
  private handleKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      event.preventDefault();
      this.form?.requestSubmit();
    } else if (event.key === 'Escape' && this.cancelable && !event.isComposing) {
      event.preventDefault();
      this.dispatchEvent(new ColloquyComposerCancelEvent());
    }
  }

  private handleCancel(): void {
    this.draft.discard();
    this.fieldErrors = {};
    this.problem = '';
    this.dispatchEvent(new ColloquyComposerCancelEvent());
  }

  private handlePostError(error: unknown): void {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    const code = error instanceof ApiError ? error.code : 'unknown';
    if (error instanceof ApiError && error.errors.some((e) => FIELD_OF[e.field])) this.showFieldErrors(error.errors);
    if (code === 'idempotency_key_reused') this.draft.update({key: undefined});
    this.problem = code;
    this.dispatchEvent(new ColloquyErrorEvent({error}));
  }

  private showFieldErrors(errors: readonly FieldError[]): void {
    const fieldErrors: Partial<Record<FieldName, FieldError>> = {};
    for (const error of errors) {
      const name = FIELD_OF[error.field];
      if (name && !fieldErrors[name]) fieldErrors[name] = error;
    }
    this.fieldErrors = fieldErrors;
    if (fieldErrors.body) this.previewing = false;
    const first = FIELD_ORDER.find((name) => fieldErrors[name]);
    if (first) void this.updateComplete.then(() => this.form?.querySelector<HTMLElement>(`#${first}`)?.focus());
  }
}

/** Why a post failed, from its error code, in the reader's language. */
function problemMessage(code: string, w: WritingMessages): string {
  switch (code) {
    case 'network':
    case 'timeout':
      return w.sendFailed;
    case 'invalid_field':
      return w.fixFields;
    case 'payload_too_large':
      return w.tooLargeToSend;
    case 'parent_not_found':
      return w.parentGone;
    case 'rate_limited':
      return w.rateLimited;
    case 'comments_closed':
      return w.closedKept;
    case 'thread_too_deep':
      return w.tooDeep;
    default:
      return w.postFailed;
  }
}

/** A random key; `crypto.randomUUID` needs a secure context, `getRandomValues` does not. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
