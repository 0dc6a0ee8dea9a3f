import {describeError, log} from './log.js';

/** What a committed write changed. */
export interface Change {
  readonly postId: string;
  /**
   * Whether readers may see a difference. A held comment changes nothing they see, so their cached
   * pages stay (a spam burst cannot empty the cache).
   */
  readonly visible: boolean;
}

/**
 * Every committed write announces itself here, once, on the instance that made it; with several
 * instances on one PostgreSQL, the others hear of it through the database's change notifications
 * (see `Db.listen`). The read cache subscribes; notifications and live updates are to follow.
 */
export class ChangeFeed {
  readonly #listeners = new Set<(change: Change) => void>();

  /** Calls `listener` with every change from now on; returns the way to stop. */
  subscribe(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stores call this once their transaction has committed. A listener's failure is logged, never the writer's. */
  emit(...changes: readonly Change[]): void {
    for (const change of changes) {
      for (const listener of this.#listeners) {
        try {
          listener(change);
        } catch (error) {
          log('error', 'changes.listener_failed', describeError(error));
        }
      }
    }
  }
}
