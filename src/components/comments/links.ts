// Links to one comment: `#comment-<id>` in the page's address, which is also its element's ID.

/** Pages or reply pages a link to one comment may load to find it. */
export const LINK_LOADS_MAX = 10;

/** The comment ID a `#comment-<id>` link in the page's address names, if any. */
export function linkedCommentId(): string | undefined {
  const match = /^#comment-(.+)$/.exec(location.hash);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined; // a mangled link
  }
}

/**
 * The element ID of a comment in the thread, and its permalink's fragment (`#comment-<id>`).
 * Encoded: a server's IDs may hold spaces, which an ID reference cannot.
 */
export function commentDomId(id: string): string {
  return `comment-${encodeURIComponent(id)}`;
}
