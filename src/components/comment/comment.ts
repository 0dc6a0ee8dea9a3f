import {consume} from '@lit/context';
import {Task, TaskStatus} from '@lit/task';
import {html, LitElement, nothing, type PropertyValues} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {unsafeHTML} from 'lit/directives/unsafe-html.js';

import {ApiError} from '../../client/api-error.js';
import type {CommentsClient} from '../../client/client.js';
import {clientContext} from '../../context.js';
import {hasDraft} from '../../controllers/draft-controller.js';
import type {Ownership} from '../../controllers/owned-comments.js';
import {ColloquyCommentDeletedEvent, ColloquyCommentEditedEvent, ColloquyErrorEvent} from '../../events.js';
import type {ColloquyComposer} from '../composer/composer.js';
import {phraseFieldError} from '../composer/field-messages.js';
import {renderMarkdown} from '../../markdown/render.js';
import {isHttpUrl, parseCommentEdit, type Comment} from '../../protocol/index.js';
import {hostStyles} from '../../styles/host.styles.js';
import {styles} from './comment.styles.js';

const dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/**
 * One comment: its author, date and Markdown body, and a Reply button that
 * opens a reply form beneath it. On the reader's own comments, Edit (within the
 * site's window) and Delete. A deleted comment with replies shows as a tombstone.
 *
 * @tagname colloquy-comment
 * @csspart comment - The comment's frame.
 * @csspart author - The author's name (a link when they gave a website).
 * @csspart time - The date.
 * @csspart body - The rendered Markdown.
 * @csspart reply-button - The Reply button.
 * @csspart pending - The "Awaiting moderation" label on a comment only its author sees yet.
 * @csspart edited - The "edited" label.
 * @csspart deleted - The "Comment deleted" text of a tombstone.
 * @csspart edit-button - The Edit button on the reader's own comment (and `delete-button`).
 * @event colloquy-comment-edited - The reader edited this comment; `detail.comment` is it now.
 * @event colloquy-comment-deleted - The reader deleted this comment; `detail.comment` is it as it was.
 */
export class ColloquyComment extends LitElement {
  static override styles = [hostStyles, styles];

  /** The comment to show. */
  @property({attribute: false}) comment?: Comment;

  /** Hides the Reply button (the thread is as deep as replies may go). */
  @property({type: Boolean, attribute: 'no-reply'}) noReply = false;

  /** Set when this browser's reader wrote the comment: the token that lets them edit or delete it. */
  @property({attribute: false}) ownership?: Ownership;

  @consume({context: clientContext, subscribe: true})
  @state()
  private client?: CommentsClient;

  @state() private replying = false;
  /** What the reader is doing to their own comment. */
  @state() private mode: 'reading' | 'editing' | 'confirming-delete' = 'reading';
  /** The edit being typed; kept while a save fails. */
  @state() private editText = '';
  @state() private actionError = '';

  @query('.reply-button') private replyButton?: HTMLButtonElement;
  @query('.edit-button') private editButton?: HTMLButtonElement;
  @query('.delete-button') private deleteButton?: HTMLButtonElement;
  @query('colloquy-composer') private composer?: ColloquyComposer;

  private readonly edit = new Task(this, {
    autoRun: false,
    task: ([comment, ownership, body]: readonly [Comment, Ownership, string], {signal}) =>
      this.clientOrThrow().editComment(comment.postId, comment.id, ownership.token, body, {signal}),
    onComplete: (edited) => {
      this.mode = 'reading';
      this.dispatchEvent(new ColloquyCommentEditedEvent({comment: edited}));
      void this.updateComplete.then(() => this.editButton?.focus());
    },
    onError: (error) => this.handleActionError(error),
  });

  private readonly deletion = new Task(this, {
    autoRun: false,
    task: ([comment, ownership]: readonly [Comment, Ownership], {signal}) =>
      this.clientOrThrow().deleteComment(comment.postId, comment.id, ownership.token, {signal}),
    onComplete: () => {
      this.mode = 'reading';
      this.dispatchEvent(new ColloquyCommentDeletedEvent({comment: this.comment!}));
    },
    onError: (error) => this.handleActionError(error),
  });

  /** Sanitized HTML of the body, computed once per comment. */
  private bodyHtml = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('comment') && this.comment) {
      this.bodyHtml = renderMarkdown(this.comment.body);
      // A reply the reader had started (before a reload or a failure) opens again with its text.
      if (!changed.get('comment') && !this.noReply && hasDraft(this.comment.postId, this.comment.id)) this.replying = true;
    }
  }

  override render() {
    const comment = this.comment;
    if (!comment) return nothing;
    const created = new Date(comment.createdAt);
    if (comment.status === 'deleted') {
      return html`<article part="comment" class="tombstone">
        <p class="deleted" part="deleted">Comment deleted</p>
      </article>`;
    }
    // The protocol's display policy may leave nothing of a name made only of invisible characters.
    const name = comment.author.name || 'Anonymous';
    return html`
      <article part="comment" aria-labelledby="author">
        <header>
          <span class="author" part="author" id="author" dir="auto">${isHttpUrl(comment.author.url ?? '')
            ? html`<a href=${comment.author.url!} rel="nofollow ugc noopener noreferrer">${name}</a>`
            : name}</span>
          <time part="time" datetime=${created.toISOString()} title=${created.toUTCString()}>${dateFormat.format(created)}</time>
          ${comment.editedAt ? html`<span class="edited" part="edited" title=${new Date(comment.editedAt).toUTCString()}>edited</span>` : nothing}
          ${comment.status === 'pending' ? html`<span class="pending" part="pending">Awaiting moderation</span>` : nothing}
        </header>
        ${this.mode === 'editing' ? this.renderEditForm(name) : html`<div class="body" part="body" dir="auto">${unsafeHTML(this.bodyHtml)}</div>`}
        ${this.mode === 'confirming-delete' ? this.renderDeleteConfirmation() : nothing}
        ${this.actionError && this.mode !== 'editing' ? html`<p class="action-error" role="alert">${this.actionError}</p>` : nothing}
        ${this.renderActions(comment, name)}
        ${this.replying ? html`<colloquy-composer id="reply" cancelable exportparts="composer, submit"
          post-id=${comment.postId} parent-id=${comment.id} label=${`Reply to ${name}`}
          @colloquy-composer-cancel=${this.handleReplyClosed}
          @colloquy-comment-posted=${this.handleReplyClosed}></colloquy-composer>` : nothing}
      </article>
    `;
  }

  private renderActions(comment: Comment, name: string) {
    const own = this.ownership;
    const canReply = !this.noReply && comment.status === 'published';
    if (!canReply && !own) return nothing;
    const busy = this.deletion.status === TaskStatus.PENDING;
    return html`<footer>
      ${canReply ? html`<button type="button" class="button-quiet reply-button" part="reply-button"
        aria-expanded=${this.replying ? 'true' : 'false'} aria-controls="reply"
        @click=${this.handleReplyClick}>Reply</button>` : nothing}
      ${own && this.mode === 'reading' && Date.now() < own.editableUntil ? html`<button type="button"
        class="button-quiet edit-button" part="edit-button" aria-label=${`Edit your comment, ${name}`}
        @click=${this.handleEditClick}>Edit</button>` : nothing}
      ${own && this.mode === 'reading' ? html`<button type="button" class="button-quiet delete-button" part="delete-button"
        aria-label=${`Delete your comment, ${name}`} ?disabled=${busy} @click=${this.handleDeleteClick}>Delete</button>` : nothing}
    </footer>`;
  }

  private renderEditForm(name: string) {
    const saving = this.edit.status === TaskStatus.PENDING;
    return html`<form class="edit" novalidate aria-label=${`Edit your comment, ${name}`} @submit=${this.handleSaveSubmit}
      @keydown=${this.handleEditKeydown}>
      <textarea id="edit-body" aria-label="Your comment" .value=${this.editText} maxlength="10000"
        aria-invalid=${this.actionError ? 'true' : 'false'} aria-describedby="edit-error"
        @input=${(e: Event) => (this.editText = (e.target as HTMLTextAreaElement).value)}></textarea>
      <p class="action-error" id="edit-error" role="alert">${this.actionError}</p>
      <div class="edit-actions">
        <button type="submit" class="button-primary" ?disabled=${saving} aria-busy=${saving ? 'true' : 'false'}>${saving ? 'Saving…' : 'Save'}</button>
        <button type="button" class="button-quiet" @click=${this.closeEditForm}>Cancel</button>
      </div>
    </form>`;
  }

  private renderDeleteConfirmation() {
    const deleting = this.deletion.status === TaskStatus.PENDING;
    return html`<div class="confirm" role="group" aria-labelledby="confirm-text">
      <p id="confirm-text">Delete your comment? This cannot be undone.</p>
      <button type="button" class="button-primary confirm-delete" ?disabled=${deleting}
        @click=${this.handleDeleteConfirmed}>${deleting ? 'Deleting…' : 'Delete'}</button>
      <button type="button" class="button-quiet confirm-cancel" @click=${this.closeDeleteConfirmation}>Cancel</button>
    </div>`;
  }

  private async handleEditClick(): Promise<void> {
    this.editText = this.comment?.body ?? '';
    this.actionError = '';
    this.mode = 'editing';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('#edit-body')?.focus();
  }

  private handleSaveSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const comment = this.comment;
    const ownership = this.ownership;
    if (!comment || !ownership || this.edit.status === TaskStatus.PENDING) return;
    const parsed = parseCommentEdit({body: this.editText});
    if (!parsed.ok) {
      this.actionError = phraseFieldError('body', parsed.errors[0]!);
      return;
    }
    this.actionError = '';
    void this.edit.run([comment, ownership, parsed.value.body]);
  }

  private handleEditKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.closeEditForm();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.renderRoot.querySelector<HTMLFormElement>('form.edit')?.requestSubmit();
    }
  }

  private async closeEditForm(): Promise<void> {
    this.mode = 'reading';
    this.actionError = '';
    await this.updateComplete;
    this.editButton?.focus();
  }

  private async handleDeleteClick(): Promise<void> {
    this.actionError = '';
    this.mode = 'confirming-delete';
    await this.updateComplete;
    // The safe choice has focus: Enter by habit must not delete.
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm-cancel')?.focus();
  }

  private handleDeleteConfirmed(): void {
    const comment = this.comment;
    const ownership = this.ownership;
    if (!comment || !ownership || this.deletion.status === TaskStatus.PENDING) return;
    void this.deletion.run([comment, ownership]);
  }

  private async closeDeleteConfirmation(): Promise<void> {
    this.mode = 'reading';
    await this.updateComplete;
    this.deleteButton?.focus();
  }

  private handleActionError(error: unknown): void {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    this.actionError = actionErrorMessage(error);
    if (this.mode === 'confirming-delete') this.mode = 'reading';
    this.dispatchEvent(new ColloquyErrorEvent({error}));
  }

  private clientOrThrow(): CommentsClient {
    if (!this.client) throw new ApiError(0, 'config', '<colloquy-comment> must be inside <colloquy-comments>.');
    return this.client;
  }

  private async handleReplyClick(): Promise<void> {
    this.replying = !this.replying;
    await this.updateComplete;
    if (!this.replying || !this.composer) return;
    await this.composer.updateComplete;
    this.composer.focus();
  }

  // The posted event keeps bubbling to <colloquy-comments>, which shows the reply.
  private async handleReplyClosed(): Promise<void> {
    this.replying = false;
    await this.updateComplete;
    this.replyButton?.focus();
  }
}

function actionErrorMessage(error: unknown): string {
  switch (error instanceof ApiError ? error.code : 'unknown') {
    case 'edit_window_closed':
      return 'The time for editing this comment has passed. You can still delete it.';
    case 'comment_deleted':
    case 'not_found':
      return 'This comment is no longer there.';
    case 'token_invalid':
      return 'This browser can no longer change this comment.';
    case 'invalid_field':
      return error instanceof ApiError && error.errors[0] ? phraseFieldError('body', error.errors[0]) : 'Please check your comment.';
    case 'network':
    case 'timeout':
      return 'The comment server did not answer. Your text is kept here; try again.';
    default:
      return 'That did not work. Try again.';
  }
}
