import {html, LitElement, nothing, type PropertyValues} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {unsafeHTML} from 'lit/directives/unsafe-html.js';

import {hasDraft} from '../../controllers/draft-controller.js';
import type {ColloquyComposer} from '../composer/composer.js';
import {renderMarkdown} from '../../markdown/render.js';
import {isHttpUrl, type Comment} from '../../protocol/index.js';
import {hostStyles} from '../../styles/host.styles.js';
import {styles} from './comment.styles.js';

const dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/**
 * One comment: its author, date and Markdown body, and a Reply button that
 * opens a reply form beneath it.
 *
 * @tagname colloquy-comment
 * @csspart comment - The comment's frame.
 * @csspart author - The author's name (a link when they gave a website).
 * @csspart time - The date.
 * @csspart body - The rendered Markdown.
 * @csspart reply-button - The Reply button.
 * @csspart pending - The "Awaiting moderation" label on a comment only its author sees yet.
 */
export class ColloquyComment extends LitElement {
  static override styles = [hostStyles, styles];

  /** The comment to show. */
  @property({attribute: false}) comment?: Comment;

  /** Hides the Reply button (the thread is as deep as replies may go). */
  @property({type: Boolean, attribute: 'no-reply'}) noReply = false;

  @state() private replying = false;

  @query('.reply-button') private replyButton?: HTMLButtonElement;
  @query('colloquy-composer') private composer?: ColloquyComposer;

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
    // The protocol's display policy may leave nothing of a name made only of invisible characters.
    const name = comment.author.name || 'Anonymous';
    return html`
      <article part="comment" aria-labelledby="author">
        <header>
          <span class="author" part="author" id="author" dir="auto">${isHttpUrl(comment.author.url ?? '')
            ? html`<a href=${comment.author.url!} rel="nofollow ugc noopener noreferrer">${name}</a>`
            : name}</span>
          <time part="time" datetime=${created.toISOString()} title=${created.toUTCString()}>${dateFormat.format(created)}</time>
          ${comment.status === 'pending' ? html`<span class="pending" part="pending">Awaiting moderation</span>` : nothing}
        </header>
        <div class="body" part="body" dir="auto">${unsafeHTML(this.bodyHtml)}</div>
        ${this.noReply ? nothing : html`<footer>
          <button type="button" class="button-quiet reply-button" part="reply-button"
            aria-expanded=${this.replying ? 'true' : 'false'} aria-controls="reply"
            @click=${this.handleReplyClick}>Reply</button>
        </footer>`}
        ${this.replying ? html`<colloquy-composer id="reply" cancelable exportparts="composer, submit"
          post-id=${comment.postId} parent-id=${comment.id} label=${`Reply to ${name}`}
          @colloquy-composer-cancel=${this.handleReplyClosed}
          @colloquy-comment-posted=${this.handleReplyClosed}></colloquy-composer>` : nothing}
      </article>
    `;
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
