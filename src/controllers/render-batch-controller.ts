import type {ReactiveController, ReactiveControllerHost} from 'lit';

export interface RenderBatchOptions {
  /** Items rendered at once when a list arrives: about a screenful, painted without delay. */
  readonly first: number;
  /** Each later batch is sized so that rendering it takes about this long. */
  readonly budgetMs: number;
  /** The most items in one batch, whatever the measurements say. */
  readonly max: number;
}

/**
 * Renders a long list in batches, each in a task of its own, so no single task blocks the page,
 * however much data arrives. The host renders the first `limit` items (in reading order) and calls
 * `reset` or `resize` when its list changes. After each batch the controller lays the page out in
 * the same task (so no frame later has a pile of new items to lay out), measures what the batch
 * cost, and sizes the next one to cost about `budgetMs`.
 */
export class RenderBatchController implements ReactiveController {
  /** How many items the host renders now. */
  limit: number;
  #total = 0;
  #batchSize: number;
  /** Milliseconds per item, smoothed over batches: one slow batch (a busy machine) does not swing it. */
  #costPerItem = 0;
  #startedAt = 0;
  #renderedAt = 0;
  #scheduled = false;

  constructor(private readonly host: ReactiveControllerHost, private readonly options: RenderBatchOptions) {
    this.limit = options.first;
    this.#batchSize = options.first;
    host.addController(this);
  }

  /** A new list of `total` items: start again from the first batch. */
  reset(total: number): void {
    this.#total = total;
    this.limit = this.options.first;
    this.#batchSize = this.options.first;
    this.#costPerItem = 0;
  }

  /** The list changed in place and now holds `total` items; `extra` new ones show at once. */
  resize(total: number, extra = 0): void {
    this.#total = total;
    this.limit += extra;
  }

  /** Renders at least the first `count` items now (a link to one far down the list). */
  showThrough(count: number): void {
    if (count > this.limit) {
      this.limit = count;
      this.host.requestUpdate();
    }
  }

  hostConnected(): void {
    if (this.limit < this.#total) this.host.requestUpdate(); // picks up where a disconnect stopped it
  }

  hostDisconnected(): void {
    this.#scheduled = false;
  }

  hostUpdate(): void {
    this.#startedAt = performance.now();
  }

  hostUpdated(): void {
    if (this.limit >= this.#total) return;
    // Children render in microtasks queued before this one: when it runs, the batch is in the DOM.
    queueMicrotask(() => {
      if (this.host instanceof HTMLElement) void this.host.offsetHeight; // lay out now, in this task
      this.#renderedAt = performance.now();
    });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const rendered = this.#batchSize;
    // A task of its own: the page can handle input and paint between batches.
    nextTask(() => {
      if (!this.#scheduled) return;
      this.#scheduled = false;
      const perItem = Math.max(0.05, (this.#renderedAt - this.#startedAt) / rendered);
      this.#costPerItem = this.#costPerItem ? (this.#costPerItem + perItem) / 2 : perItem;
      const {budgetMs, max} = this.options;
      this.#batchSize = Math.min(max, rendered * 2, Math.max(5, Math.round(budgetMs / this.#costPerItem)));
      this.limit += this.#batchSize;
      this.host.requestUpdate();
    });
  }
}

/**
 * Runs `work` in a task of its own, soon. Not `setTimeout(0)`: browsers hold back timers nested more
 * than five deep by 4 ms each, which a big thread's dozens of batches would spend idle.
 */
function nextTask(work: () => void): void {
  const scheduler = (globalThis as {scheduler?: {postTask?: (work: () => void, options: {priority: string}) => Promise<unknown>}}).scheduler;
  if (scheduler?.postTask) {
    void scheduler.postTask(work, {priority: 'user-visible'});
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    work();
  };
  channel.port2.postMessage(null);
}
