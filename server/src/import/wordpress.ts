import type {SourceComment, SourceRecord, SourceStatus, SourceThread} from './records.js';
import {childText, readXml, type XmlElement, type XmlInput} from './xml.js';

/**
 * A WordPress export (WXR 1.0 to 1.2; elements are read by local name, so every namespace version
 * reads alike): each `<item>` is a post with its `<wp:comment>`s. Comment IDs are scoped to their
 * post here, and dates come from the GMT fields.
 */
export async function* readWordPress(input: XmlInput): AsyncGenerator<SourceRecord> {
  let item: {fields: Record<string, string>; thread?: SourceThread} | undefined;
  const threadOf = (current: NonNullable<typeof item>): SourceThread | undefined => {
    const {link, post_id: postId, post_name: slug, title} = current.fields;
    const sourceId = postId || link;
    if (!sourceId) return undefined;
    return {kind: 'thread', sourceId, ...(link ? {url: link} : {}), ...(slug ? {identifier: slug} : {}), ...(title ? {title} : {})};
  };
  for await (const event of readXml(input, new Set(['rss', 'channel', 'item']))) {
    if (event.type === 'open' && event.name === 'item') item = {fields: {}};
    if (!item) continue;
    if (event.type === 'element' && event.element.name !== 'comment') {
      item.fields[event.element.name] ??= event.element.text.trim();
    } else if (event.type === 'element') {
      if (!item.thread) {
        item.thread = threadOf(item);
        if (!item.thread) continue;
        yield item.thread;
      }
      yield toComment(event.element, item.thread.sourceId);
    } else if (event.type === 'close' && event.name === 'item') {
      // A post without comments still shows in a dry run, with the post ID it would get.
      if (!item.thread) {
        const thread = threadOf(item);
        if (thread) yield thread;
      }
      item = undefined;
    }
  }
}

function toComment(element: XmlElement, threadId: string): SourceComment {
  const field = (name: string) => childText(element, `comment_${name}`) ?? '';
  const parent = field('parent');
  const email = field('author_email');
  const url = field('author_url');
  const type = field('type');
  return {
    kind: 'comment',
    sourceId: `${threadId}/${field('id')}`,
    threadId,
    parentId: parent && parent !== '0' ? `${threadId}/${parent}` : null,
    author: {name: field('author'), ...(email ? {email} : {}), ...(url ? {url} : {})},
    body: {html: autop(childText(element, 'comment_content') ?? '')},
    createdAt: wordpressDate(field('date_gmt')) ?? wordpressDate(field('date')) ?? new Date(Number.NaN),
    status: STATUS[field('approved')] ?? 'pending',
    type: type === 'pingback' || type === 'trackback' ? type : 'comment',
  };
}

/** `comment_approved`: 1 and 0, spam from tools other than WordPress's exporter, and the trash states. */
const STATUS: Readonly<Record<string, SourceStatus>> = {'1': 'published', '0': 'pending', spam: 'spam', trash: 'trash', 'post-trashed': 'trash'};

/** `2014-01-14 17:32:12` as UTC; WordPress writes `0000-00-00 00:00:00` for "none". */
function wordpressDate(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match || match[1] === '0000') return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
}

/**
 * WordPress stores comments as text that it turns into paragraphs when shown (`wpautop`): a blank
 * line ends a paragraph, a single line break is a `<br>`. Inline HTML stays as it is.
 */
function autop(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/);
  return paragraphs.map((p) => (/^\s*<(?:p|ul|ol|blockquote|pre|h[1-6]|div|table)\b/i.test(p) ? p : `<p>${p.trim().replace(/\n/g, '<br>\n')}</p>`)).join('\n');
}
