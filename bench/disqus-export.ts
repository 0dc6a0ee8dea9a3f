import {createWriteStream} from 'node:fs';
import {once} from 'node:events';

/**
 * Writes a Disqus export of `comments` comments, 50 a thread, as a real one reads: HTML bodies of
 * blog-comment length, a thousand-odd returning authors, two in three replies to an earlier comment.
 */
export async function writeDisqusExport(file: string, comments: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
  for (let t = 0; t < Math.ceil(comments / 50); t++) {
    await write(`<thread dsq:id="t${t}"><id/><link>https://blog.example.org/posts/${t}/</link><title>Post ${t}</title></thread>\n`);
  }
  for (let i = 0; i < comments; i++) {
    const parent = i % 50 > 0 && i % 3 ? `<parent dsq:id="p${i - 1 - (i % 2)}"/>` : '';
    await write(`<post dsq:id="p${i}"><id/><message><![CDATA[<p>Comment <b>${i}</b> with a <a href="https://example.org/${i}">link</a> ` +
      `and some words to make it a realistic length for a blog comment.</p>]]></message><createdAt>2020-01-01T00:00:${String(i % 60).padStart(2, '0')}Z</createdAt>` +
      `<isDeleted>false</isDeleted><isSpam>false</isSpam><author><email>r${i % 997}@example.org</email><name>Reader ${i % 997}</name>` +
      `<isAnonymous>false</isAnonymous></author><ipAddress>192.0.2.1</ipAddress><thread dsq:id="t${Math.floor(i / 50)}"/>${parent}</post>\n`);
  }
  await write('</disqus>\n');
  out.end();
  await once(out, 'finish');
}
