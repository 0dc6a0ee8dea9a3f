import type {ValuesOf} from '../cli/options.js';
import type {DATABASE_OPTIONS} from '../config.js';
import {openDb, type Db} from '../db.js';
import {migrate} from '../migrate.js';

/**
 * Runs `work` on the database the options name, brought up to date first, and closes it after.
 * `rerunnable`: work that can simply run again (an import) need not sync each commit to disk.
 */
export async function withDatabase<T>(options: ValuesOf<typeof DATABASE_OPTIONS>, work: (db: Db) => Promise<T>,
  {rerunnable = false}: {rerunnable?: boolean} = {}): Promise<T> {
  const db = await openDb(options.databaseUrl ? {databaseUrl: options.databaseUrl} : {dataDir: options.dataDir, rerunnable});
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}
