import type {SourceComment, SourceRecord, SourceThread} from './records.js';
import {child, childText, readXml, type XmlElement, type XmlInput} from './xml.js';

/**
 * A Disqus export (`<disqus>` with flat `<category>`, `<thread>` and `<post>` lists; replies name
 * their parent by `dsq:id`). Bodies are HTML. A post without `dsq:id` falls back to its `<id>`.
 */
export async function* readDisqus(input: XmlInput): AsyncGenerator<SourceRecord> {
  for await (const event of readXml(input, new Set(['disqus']))) {
    if (event.type !== 'element') continue;
    if (event.element.name === 'thread') {
      const thread = toThread(event.element);
      if (thread) yield thread;
    } else if (event.element.name === 'post') {
      const comment = toComment(event.element);
      if (comment) yield comment;
    }
  }
}

function toThread(element: XmlElement): SourceThread | undefined {
  const sourceId = element.attrs.id || childText(element, 'id');
  if (!sourceId) return undefined;
  const url = childText(element, 'link');
  const identifier = childText(element, 'id');
  const title = childText(element, 'title');
  return {kind: 'thread', sourceId, ...(url ? {url} : {}), ...(identifier ? {identifier} : {}), ...(title ? {title} : {})};
}

function toComment(element: XmlElement): SourceComment | undefined {
  const sourceId = element.attrs.id || childText(element, 'id');
  const threadId = child(element, 'thread')?.attrs.id;
  if (!sourceId || !threadId) return undefined;
  const author = child(element, 'author');
  const name = (author && childText(author, 'name')) || (author && childText(author, 'username')) || '';
  const email = author && childText(author, 'email');
  const url = author && childText(author, 'link');
  const yes = (name: string) => childText(element, name) === 'true';
  return {
    kind: 'comment',
    sourceId,
    threadId,
    parentId: child(element, 'parent')?.attrs.id || null,
    author: {name, ...(email ? {email} : {}), ...(url ? {url} : {})},
    body: {html: childText(element, 'message') ?? ''},
    createdAt: new Date(childText(element, 'createdAt') ?? ''),
    status: yes('isDeleted') ? 'deleted' : yes('isSpam') ? 'spam' : 'published',
    type: 'comment',
  };
}
