/**
 * What every format's reader yields, in the order of the file: the threads (pages) a source knows,
 * and its comments. The importer maps threads to post IDs, comments to rows, and knows no format.
 */

/** A page with comments, as the source names it. */
export interface SourceThread {
  readonly kind: 'thread';
  /** Unique within the source: how its comments name it. */
  readonly sourceId: string;
  /** The page's address, when the source has one. */
  readonly url?: string;
  /** The source's own key for the page: Disqus's `<id>` (the site's disqus_identifier), WordPress's slug. */
  readonly identifier?: string;
  readonly title?: string;
}

/** How the source left a comment. */
export type SourceStatus = 'published' | 'pending' | 'deleted' | 'spam' | 'trash';

export interface SourceComment {
  readonly kind: 'comment';
  /** Unique within the source: the key that makes a second import of the same file change nothing. */
  readonly sourceId: string;
  readonly threadId: string;
  /** The comment it answers, by its source ID; null at the top. */
  readonly parentId: string | null;
  readonly author: {readonly name: string; readonly email?: string; readonly url?: string};
  /** The body as the source has it. */
  readonly body: {readonly html: string} | {readonly markdown: string} | {readonly text: string};
  readonly createdAt: Date;
  readonly status: SourceStatus;
  /** Pingbacks and trackbacks are notices from other sites, not comments. */
  readonly type: 'comment' | 'pingback' | 'trackback';
}

export type SourceRecord = SourceThread | SourceComment;

/** The formats `colloquy-server import` reads. */
export const FORMATS = ['disqus', 'wordpress', 'blogger', 'remark42', 'isso'] as const;
export type Format = (typeof FORMATS)[number];
