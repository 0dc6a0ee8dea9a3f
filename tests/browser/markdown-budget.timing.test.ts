import {html} from 'lit';
import {afterEach, describe, expect, it, vi} from 'vitest';

import type {ColloquyComments} from '../../src/components/comments/comments.js';
import {RENDER_BUDGET, RENDER_MAX_LENGTH, renderMarkdown} from '../../src/markdown/render-markdown.js';
import {LIMITS, type Comment} from '../../src/protocol/index.js';
import {API, deep, fixture, untilState} from './helpers.js';

/** Repeats `unit` to fill `length` characters (the most a body, or a hostile backend, can send). */
const fill = (unit: string, length: number, head = '', tail = '') => head + unit.repeat(Math.floor((length - head.length - tail.length) / unit.length)) + tail;
/** `open`×n, then `middle`, then `close`×n, as long as `length` allows. */
const nest = (open: string, middle: string, close: string, length: number) => {
  const n = Math.floor((length - middle.length) / (open.length + close.length));
  return open.repeat(n) + middle + close.repeat(n);
};

/** A generated worst case for each Markdown construct, at a given length. */
const worstCases = (length: number): Record<string, string> => ({
  'nested emphasis': nest('*a ', 'b', ' a*', length),
  'nested strong': nest('**a ', 'b', ' a**', length),
  'nested underscores': nest('_a ', 'b', ' a_', length),
  'nested strikethrough': nest('~~a ', 'b', ' a~~', length),
  'emphasis runs that never close': fill('*a **b ', length),
  'alternating delimiters': fill('*_', length),
  'one reference used thousands of times': fill('[a]', length - 600, '', `\n\n[a]: https://example.com/${'x'.repeat(500)}`),
  'many reference definitions': fill('[a]: https://x.example\n', length, '', '[a]'),
  'nested lists': Array.from({length: 400}, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n').slice(0, length),
  'nested ordered lists': Array.from({length: 400}, (_, i) => `${' '.repeat(i * 3)}1. item`).join('\n').slice(0, length),
  'nested block quotes': `${'>'.repeat(Math.min(length - 10, 20_000))} deep`,
  'quotes and lists in turn': `${'> - '.repeat(Math.floor(length / 4) - 2)}x`,
  'nested brackets': nest('[', 'a', ']', length),
  'nested link destinations': nest('[a](', 'x', ')', length),
  'nested links': nest('[', 'a', '](https://x.example)', length),
  'nested images': nest('![', 'a', '](https://x.example/i.png)', length),
  'backtick runs': fill('`a', length),
  'long backtick fence': `${'`'.repeat(length / 2)}a`,
  'wide table': `|${'a|'.repeat(length / 6)}\n|${'-|'.repeat(length / 6)}\n|${'x|'.repeat(length / 6)}`,
  'long table': fill('|x|y|\n', length, '|a|b|\n|-|-|\n'),
  'bare autolinks': fill('www.a.example ', length),
  'angle autolinks': fill('<https://a.example> ', length),
  'character references': fill('&amp;&#x41;&ouml;', length),
  'raw HTML tags': fill('<a href=x><b>', length),
  'unclosed HTML comment': `<!--${'-'.repeat(length - 4)}`,
  'headings': fill('# h\n', length),
  'setext headings': fill('a\n=\n', length),
  'code fences': fill('```\n', length),
  'hard line breaks': fill('a  \n', length),
  'task lists': fill('- [x] a\n', length),
  'one long word': 'x'.repeat(length),
  'one long link': `[a](https://x.example/${'y'.repeat(length - 30)})`,
});

/** How deep the rendered HTML nests, counting elements. */
function depthOf(node: ParentNode, depth = 0): number {
  let max = depth;
  for (const child of node.children) max = Math.max(max, depthOf(child, depth + 1));
  return max;
}

function parse(htmlText: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = htmlText;
  return template.content;
}

describe('the Markdown budget', () => {
  // Generous for a busy 2-core CI machine; without the budget, the worst cases took seconds or never finished.
  const TIME_LIMIT_MS = 400;

  for (const length of [LIMITS.bodyMaxLength, RENDER_MAX_LENGTH]) {
    it.each(Object.entries(worstCases(length)))(`renders %s (${length} characters) in bounded time, size and depth`, (_, source) => {
      renderMarkdown(source.slice(0, 100)); // warm
      const started = performance.now();
      const out = renderMarkdown(source);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(TIME_LIMIT_MS);
      expect(out.length).toBeLessThanOrEqual(RENDER_BUDGET.htmlLength * 1.1);
      expect(depthOf(parse(out))).toBeLessThanOrEqual(RENDER_BUDGET.nesting * 2 + 4);
      expect(out.length).toBeGreaterThan(0);
    });
  }

  it('shows a body over the budget as all of its text, unformatted', () => {
    const source = nest('*a ', 'middle', ' a*', 4_000);
    const fragment = parse(renderMarkdown(source));
    expect(fragment.querySelector('em, strong')).toBeNull();
    expect(fragment.textContent).toBe(source);
  });

  it('keeps formatting in a body within the budget', () => {
    const source = nest('*a ', 'middle', ' a*', 60);
    expect(parse(renderMarkdown(source)).querySelector('em')).not.toBeNull();
  });

  it('shows lists and quotes nested past the budget as typed, keeping their text', () => {
    const source = Array.from({length: 30}, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const fragment = parse(renderMarkdown(source));
    expect(depthOf(fragment)).toBeLessThanOrEqual(RENDER_BUDGET.nesting * 2 + 4);
    for (let i = 0; i < 30; i++) expect(fragment.textContent).toContain(`level ${i}`);
  });

  const comment = (body: string): Comment => ({id: '1', postId: '/p', parentId: null, author: {name: 'A'}, body,
    createdAt: '2026-01-01T00:00:00.000Z', status: 'published'});

  afterEach(() => vi.restoreAllMocks());

  it.each(Object.entries(worstCases(LIMITS.bodyMaxLength)))('keeps %s inside its comment at 320 px', async (_, source) => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({postId: '/p', order: 'oldest', total: 1,
      nextCursor: null, comments: [comment(source)]}), {headers: {'Content-Type': 'application/json'}}));
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 320px"><colloquy-comments api=${API} post-id="/p"></colloquy-comments></div>`);
    const el = wrapper.querySelector<ColloquyComments>('colloquy-comments')!;
    await untilState(el, 'ready');
    const body = deep(el, '[part="body"]');
    const box = body.getBoundingClientRect();
    expect(box.width).toBeLessThanOrEqual(320);
    // What scrolls inside a scroll box (a wide table) may extend past the body; the box itself may not.
    const scrolled = (node: Element) => {
      for (let up = node.parentElement; up && up !== body; up = up.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return true;
      }
      return false;
    };
    const outside = [...body.querySelectorAll('*')].filter((node) => {
      if (scrolled(node)) return false;
      const rect = node.getBoundingClientRect();
      return rect.width > 0 && (rect.left < box.left - 1 || rect.right > box.right + 1);
    });
    expect(outside.map((node) => node.localName).slice(0, 5)).toEqual([]);
  });
});
