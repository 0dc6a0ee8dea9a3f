import type {SourceComment, SourceRecord, SourceThread} from './records.js';
import {child, childText, readXml, type XmlElement, type XmlInput} from './xml.js';

/**
 * Blogger, in each of the shapes an owner can still get: the classic "Export blog" Atom file (posts
 * and comments as entries of kind post or comment), a blog's public comments feed
 * (`/feeds/comments/default`, comments only, each naming its post in `thr:in-reply-to`), and Google
 * Takeout's `feed.atom` (`blogger:type`, `blogger:parent`, `blogger:inReplyTo`, and post paths in
 * `blogger:filename`). Bodies are HTML; a reply names its parent comment in a `related` link
 * (classic and feed) or `blogger:inReplyTo` (Takeout).
 */
export async function* readBlogger(input: XmlInput): AsyncGenerator<SourceRecord> {
  const threads = new Set<string>();
  for await (const event of readXml(input, new Set(['feed']))) {
    if (event.type !== 'element' || event.element.name !== 'entry') continue;
    const entry = event.element;
    const kind = kindOf(entry);
    if (kind === 'post') {
      const thread = postThread(entry);
      if (thread && !threads.has(thread.sourceId)) {
        threads.add(thread.sourceId);
        yield thread;
      }
    } else if (kind === 'comment') {
      const comment = toComment(entry);
      if (!comment) continue;
      // A comments feed holds no posts: the comment's own reference is all there is of its thread.
      if (!threads.has(comment.threadId)) {
        const reply = child(entry, 'in-reply-to');
        const url = reply?.attrs.href ? withoutQuery(reply.attrs.href) : undefined;
        threads.add(comment.threadId);
        yield {kind: 'thread', sourceId: comment.threadId, ...(url ? {url} : {})};
      }
      yield comment;
    }
  }
}

/** `tag:blogger.com,1999:blog-123.post-456` (or a bare `456`, with the blog known) as `123/456`. */
function idOf(text: string | undefined, blog?: string): string | undefined {
  if (!text) return undefined;
  const tag = /blog-(\d+)\.(?:post|page|comment)-(\d+)/.exec(text);
  if (tag) return `${tag[1]}/${tag[2]}`;
  return /^\d+$/.test(text.trim()) && blog ? `${blog}/${text.trim()}` : undefined;
}

function kindOf(entry: XmlElement): 'post' | 'comment' | 'other' {
  const type = childText(entry, 'type')?.toUpperCase(); // Takeout
  if (type) return type === 'POST' ? 'post' : type === 'COMMENT' ? 'comment' : 'other';
  const term = entry.children.find((c) => c.name === 'category' && c.attrs.scheme === 'http://schemas.google.com/g/2005#kind')?.attrs.term;
  if (term) return term.endsWith('#post') ? 'post' : term.endsWith('#comment') ? 'comment' : 'other';
  return child(entry, 'in-reply-to') ? 'comment' : 'other'; // a comments feed's entries carry no kind
}

function postThread(entry: XmlElement): SourceThread | undefined {
  const sourceId = idOf(childText(entry, 'id'));
  if (!sourceId) return undefined;
  const status = childText(entry, 'status')?.toUpperCase();
  const control = child(entry, 'control');
  if ((status && status !== 'LIVE') || (control && childText(control, 'draft') === 'yes')) return undefined; // a draft has no page
  const url = childText(entry, 'filename') || entry.children.find((c) => c.name === 'link' && c.attrs.rel === 'alternate')?.attrs.href;
  const slug = url ? /([^/]+?)(?:\.html)?$/.exec(new URL(url, 'http://relative.invalid').pathname)?.[1] : undefined;
  const title = childText(entry, 'title');
  return {kind: 'thread', sourceId, ...(url ? {url} : {}), ...(slug ? {identifier: slug} : {}), ...(title ? {title} : {})};
}

function toComment(entry: XmlElement): SourceComment | undefined {
  const sourceId = idOf(childText(entry, 'id'));
  const blog = sourceId?.split('/')[0];
  const threadId = idOf(childText(entry, 'parent'), blog) ?? idOf(child(entry, 'in-reply-to')?.attrs.ref, blog);
  if (!sourceId || !threadId) return undefined;
  // The comment it answers: Takeout names it; the classic export and the feed link to its feed entry.
  const related = entry.children.find((c) => c.name === 'link' && c.attrs.rel === 'related')?.attrs.href;
  const parentId = idOf(childText(entry, 'inReplyTo') || undefined, blog) ??
    (related ? idOf(/\/comments\/default\/(\d+)/.exec(related)?.[1], blog) : undefined) ?? null;
  const author = child(entry, 'author');
  const email = author && childText(author, 'email');
  const url = author && childText(author, 'uri');
  const removed = entry.children.some((c) => c.name === 'extendedProperty' && c.attrs.name === 'blogger.contentRemoved' && c.attrs.value === 'true');
  const status = childText(entry, 'status')?.toUpperCase();
  const trashed = Boolean(child(entry, 'trashed')) || status === 'DELETED' || status === 'TRASHED';
  return {
    kind: 'comment',
    sourceId,
    threadId,
    parentId: parentId === sourceId ? null : parentId,
    author: {
      name: (author && childText(author, 'name')) || '',
      // Blogger writes a placeholder address for everyone; it says nothing of the author.
      ...(email && !/^noreply@blogger\.com$/i.test(email) ? {email} : {}),
      ...(url && !/^https?:\/\/(?:www\.)?blogger\.com\/profile\//i.test(url) ? {url} : {}),
    },
    body: {html: childText(entry, 'content') ?? ''},
    createdAt: new Date(childText(entry, 'published') ?? ''),
    status: removed || trashed ? 'deleted' : status === 'PENDING' ? 'pending' : 'published',
    type: 'comment',
  };
}

/** A comment's post, as its feed names it (`…/post.html?showComment=…#c…` is the comment; the post is the page). */
function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/, '');
}
