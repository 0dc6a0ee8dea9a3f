// Links to one comment: `#comment-<id>` in the page's address (see commentDomId).

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
