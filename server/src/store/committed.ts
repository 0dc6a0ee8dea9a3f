import type {Transaction} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import type {Database} from '../schema.js';

/**
 * Runs `work` in one transaction and, once it has committed, announces the posts it changed on the
 * database's change feed (`postsOf` reads them from its result): how a store's writes tell the read
 * cache, and every other listener, what changed.
 */
export async function commitAndAnnounce<T>(db: Db, work: (tx: Transaction<Database>) => Promise<T>,
  postsOf: (result: T) => readonly string[]): Promise<T> {
  const result = await duringOutage(() => db.kysely.transaction().execute(work));
  db.changes.emit(...postsOf(result).map((postId) => ({postId, visible: true})));
  return result;
}
