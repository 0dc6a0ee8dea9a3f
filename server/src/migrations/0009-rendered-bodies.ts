import type {Kysely, Migration} from 'kysely';

/**
 * Bodies are rendered once, when written, and sent as `html`, so readers' browsers need no Markdown
 * parser. Rows written before this have none: the running version renders them after migrating
 * (store/rendered-bodies.ts), never a migration, whose meaning would change with the renderer.
 */
export const renderedBodies = (): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('comments').addColumn('body_html', 'text').execute();
  },
});
