import {sql, type Kysely} from 'kysely';

import {markdownToHtml} from '../protocol.js';
import type {Database} from '../schema.js';

const BATCH = 500;

/**
 * Renders every stored body that has no HTML yet (comments written before bodies were rendered),
 * with this version's renderer, a batch per transaction: a big database never sits in memory, and a
 * start cut short resumes where it stopped.
 */
export async function renderMissingBodies(db: Kysely<Database>): Promise<number> {
  let rendered = 0;
  for (let after = 0; ;) {
    const rows = await db.transaction().execute(async (tx) => {
      const batch = await tx.selectFrom('comments').select(['id', 'body']).where('id', '>', after).where('body_html', 'is', null)
        .orderBy('id').limit(BATCH).execute();
      if (batch.length === 0) return batch;
      // One statement a batch: a round trip per row made a big PostgreSQL upgrade slow.
      const cases = batch.map((row) => sql`WHEN ${row.id} THEN ${row.body ? markdownToHtml(row.body) : ''}`);
      await sql`UPDATE comments SET body_html = CASE id ${sql.join(cases, sql` `)} END
        WHERE id IN (${sql.join(batch.map((row) => row.id))})`.execute(tx);
      return batch;
    });
    rendered += rows.length;
    if (rows.length < BATCH) return rendered;
    after = rows.at(-1)!.id;
  }
}
