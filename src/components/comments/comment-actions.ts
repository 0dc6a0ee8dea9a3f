import type {ReactiveController, ReactiveControllerHost} from 'lit';

import type {CommentsClient} from '../../client/client.js';
import {ColloquyErrorEvent} from '../../events.js';
import type {Localizer} from '../../i18n/localizer.js';
import type {Comment} from '../../protocol/index.js';

/** A message for the reader, in the language of the localizer it is given. */
export type Phrase = (l: Localizer) => string;

/** What a reader is doing with one comment. Most comments have none, and cost nothing. */
export interface CommentActivity {
  /** Its reply form is open. */
  readonly replying: boolean;
  readonly mode: 'reading' | 'editing' | 'confirming-delete';
  /** The edit being typed; kept while a save fails. */
  readonly editText: string;
  /** Why the last edit or delete failed, phrased when shown (so in the language of the moment); empty when it did not. */
  readonly error: Phrase | '';
  readonly busy: 'saving' | 'deleting' | null;
}

export const IDLE: CommentActivity = Object.freeze({replying: false, mode: 'reading', editText: '', error: '', busy: null});

/** Where focus goes after a change: a control of one comment, by class. */
export type FocusTarget = 'reply-button' | 'edit-button' | 'delete-button' | 'edit-body' | 'confirm-cancel' | 'composer';

export interface CommentActionsOptions {
  readonly client: () => CommentsClient;
  /** Told which comment changed, so the host re-renders only the part of the thread that holds it. */
  readonly changed: (id: string) => void;
  /** Moves focus to a control of a comment once the host has rendered. */
  readonly focus: (id: string, target: FocusTarget) => void;
  /** The server has the edit (or the delete): the host updates its thread before the page hears of it. */
  readonly edited: (comment: Comment) => void;
  readonly deleted: (comment: Comment) => void;
}

/**
 * The reader's actions on comments in a thread rendered as one template: reply, edit and delete
 * their own, with the state of each in one map instead of an element per comment. The requests for
 * edits and deletes live with their forms (own-comment-view.ts, loaded for authors only) and run
 * through `request`; their outcome is announced with the same events a page can listen to.
 */
export class CommentActions implements ReactiveController {
  #activity = new Map<string, CommentActivity>();
  /** Comments the reader has acted on since the thread showed. */
  #touched = new Set<string>();
  #requests = new Set<AbortController>();

  constructor(readonly host: ReactiveControllerHost & EventTarget, readonly options: CommentActionsOptions) {
    host.addController(this);
  }

  hostDisconnected(): void {
    for (const request of this.#requests) request.abort();
    this.#requests.clear();
  }

  /** The thread's API client, for the reply forms it renders. */
  get client(): CommentsClient {
    return this.options.client();
  }

  /** What the reader is doing with comment `id`. */
  of(id: string): CommentActivity {
    return this.#activity.get(id) ?? IDLE;
  }

  /** Forgets every comment's state (another thread). */
  reset(): void {
    this.#activity.clear();
    this.#touched.clear();
  }

  /**
   * Opens reply forms for comments whose reply the reader had started (before a reload or a failure),
   * unless they have acted on that comment since the thread showed: a form they just closed stays closed.
   */
  reopenReplies(ids: Iterable<string>): void {
    for (const id of ids) if (!this.#touched.has(id)) this.set(id, {replying: true});
  }

  toggleReply(id: string): void {
    const replying = !this.of(id).replying;
    this.set(id, {replying});
    if (replying) this.options.focus(id, 'composer');
  }

  /** The reply form closed: posted or cancelled. */
  closeReply(id: string): void {
    this.set(id, {replying: false});
    this.options.focus(id, 'reply-button');
  }

  startEdit(comment: Comment): void {
    this.set(comment.id, {mode: 'editing', editText: comment.body, error: ''});
    this.options.focus(comment.id, 'edit-body');
  }

  typeEdit(id: string, text: string): void {
    this.set(id, {editText: text}, false);
  }

  cancelEdit(id: string): void {
    this.set(id, {mode: 'reading', error: ''});
    this.options.focus(id, 'edit-button');
  }

  askDelete(id: string): void {
    this.set(id, {mode: 'confirming-delete', error: ''});
    // The safe choice has focus: Enter by habit must not delete.
    this.options.focus(id, 'confirm-cancel');
  }

  cancelDelete(id: string): void {
    this.set(id, {mode: 'reading'});
    this.options.focus(id, 'delete-button');
  }

  /** Runs a request for comment `id`; on failure, says why on the comment (in `describe`'s words) and returns undefined. */
  async request<T>(id: string, send: (signal: AbortSignal) => Promise<T>, describe: (error: unknown) => Phrase): Promise<T | undefined> {
    const request = new AbortController();
    this.#requests.add(request);
    try {
      return await send(request.signal);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return undefined;
      const mode = this.of(id).mode === 'confirming-delete' ? 'reading' : this.of(id).mode;
      this.set(id, {busy: null, mode, error: describe(error)});
      this.host.dispatchEvent(new ColloquyErrorEvent({error}));
      return undefined;
    } finally {
      this.#requests.delete(request);
    }
  }

  /** Changes what the reader is doing with comment `id`, and renders it (unless `render` is false: typing). */
  set(id: string, change: Partial<CommentActivity>, render = true): void {
    this.#touched.add(id);
    const next = {...this.of(id), ...change};
    const idle = !next.replying && next.mode === 'reading' && !next.error && !next.busy;
    if (idle) this.#activity.delete(id);
    else this.#activity.set(id, next);
    if (!render) return;
    this.options.changed(id);
    this.host.requestUpdate();
  }
}
