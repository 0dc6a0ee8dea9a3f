import {sql} from 'kysely';

import {POST_CHANGES_CHANNEL, type Db} from '../db.js';
import {checkIdentifier, LIMITS} from '../protocol.js';
import {commitAndAnnounce} from './committed.js';

/** One move: every post ID that starts with `from` starts with `to` instead. */
export interface RemapRule {
  readonly from: string;
  readonly to: string;
}

/** What a rule moved (or would move): each post, and whether it joined a post already there. */
export interface Moved {
  readonly from: string;
  readonly to: string;
  readonly comments: number;
  readonly merged: boolean;
}

/**
 * Moves threads to new post IDs by prefix rules (a site moving `/blog/` to `/posts/`), in one
 * transaction: comments follow, a post that lands on one already there is merged into it (its count
 * recomputed, the settings of the one there kept). The first rule that matches a post applies.
 */
export async function remapPosts(db: Db, rules: readonly RemapRule[], {dryRun = false}: {dryRun?: boolean} = {}): Promise<Moved[]> {
  return commitAndAnnounce(db, async (tx) => {
    const moved: Moved[] = [];
    const posts = await tx.selectFrom('posts').select('post_id').orderBy('post_id').execute();
    for (const {post_id: from} of posts) {
      const rule = rules.find((r) => from.startsWith(r.from));
      if (!rule) continue;
      const to = rule.to + from.slice(rule.from.length);
      if (to === from) continue;
      if (to.length > LIMITS.postIdMaxLength || !checkIdentifier(to).ok) throw new RemapError(`${from} would become "${to}", which is not a post ID.`);
      const target = await tx.selectFrom('posts').select('post_id').where('post_id', '=', to).executeTakeFirst();
      const count = await tx.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('post_id', '=', from).executeTakeFirstOrThrow();
      moved.push({from, to, comments: Number(count.n), merged: Boolean(target)});
      if (dryRun) continue;
      await tx.updateTable('comments').set({post_id: to}).where('post_id', '=', from).execute();
      if (target) {
        const [a, b] = await Promise.all([from, to].map((id) => tx.selectFrom('posts').selectAll().where('post_id', '=', id).executeTakeFirstOrThrow()));
        const oldest = [a!.opened_ms, b!.opened_ms].filter((ms) => ms !== null).map(Number);
        await tx.updateTable('posts').set({
          comment_count: Number(a!.comment_count) + Number(b!.comment_count),
          last_created_ms: Math.max(Number(a!.last_created_ms ?? 0), Number(b!.last_created_ms ?? 0)) || null,
          opened_ms: oldest.length ? Math.min(...oldest) : null,
        }).where('post_id', '=', to).execute();
        await tx.deleteFrom('posts').where('post_id', '=', from).execute();
      } else {
        await tx.updateTable('posts').set({post_id: to}).where('post_id', '=', from).execute();
      }
      // The trigger announced the new post with each comment; instances holding the old one's pages must hear of it too.
      if (db.kind === 'postgres') await sql`SELECT pg_notify(${POST_CHANGES_CHANNEL}, ${from})`.execute(tx);
    }
    return moved;
  }, (moved) => (dryRun ? [] : moved.flatMap((m) => [m.from, m.to])));
}

/** A rule that cannot apply. */
export class RemapError extends Error {
  override readonly name = 'RemapError';
}
