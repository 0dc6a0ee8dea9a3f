import {sql, type Kysely, type Migration} from 'kysely';

import type {DbKind} from './kind.js';

// Its own copy of the channel's name: the living POST_CHANGES_CHANNEL must keep this value, or a
// later migration must replace the trigger.
const CHANNEL = 'colloquy_post_changed';

/**
 * PostgreSQL announces every change to a post's comments itself, inside the writing transaction, so
 * other instances drop their cached pages once it commits, whatever wrote (see Db.listen). SQLite has
 * one server process, which knows its own writes.
 */
export const postChangeNotify = (kind: DbKind): Migration => ({
  async up(db: Kysely<unknown>) {
    if (kind !== 'postgres') return;
    await sql.raw(`CREATE FUNCTION colloquy_notify_post_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANNEL}', CASE WHEN TG_OP = 'DELETE' THEN OLD.post_id ELSE NEW.post_id END);
        RETURN NULL;
      END $$`).execute(db);
    await sql.raw(`CREATE TRIGGER comments_notify_post_change AFTER INSERT OR UPDATE OR DELETE ON comments
      FOR EACH ROW EXECUTE FUNCTION colloquy_notify_post_change()`).execute(db);
  },
});
