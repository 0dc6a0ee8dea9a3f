/**
 * Big threads against a naive baseline measured in the same run: a plain Lit element that renders
 * the same thread into one shadow root with marked + DOMPurify + unsafeHTML per comment. Both get
 * the same JSON from a mocked backend, so only rendering is compared. Ratios below 1 mean Colloquy
 * is cheaper than the naive list.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import type {Browser, Page} from 'playwright';
import {build} from 'vite';

import {isPlainText} from '../src/protocol/plain-text.js';
import {markdownToHtml} from '../src/protocol/markdown.js';

const NAIVE_SOURCE = `
import {LitElement, html} from 'lit';
import {repeat} from 'lit/directives/repeat.js';
import {unsafeHTML} from 'lit/directives/unsafe-html.js';
import {marked} from 'marked';
import DOMPurify from 'dompurify';

class NaiveThread extends LitElement {
  static properties = {comments: {attribute: false}};
  render() {
    const children = new Map();
    for (const c of this.comments ?? []) {
      const key = c.parentId ?? '';
      if (!children.has(key)) children.set(key, []);
      children.get(key).push(c);
    }
    const list = (parent) => html\`<ol>\${repeat(children.get(parent) ?? [], (c) => c.id, (c) => html\`<li>
      <article><header><b>\${c.author.name}</b> <time>\${c.createdAt}</time></header>
      <div>\${unsafeHTML(DOMPurify.sanitize(marked.parse(c.body)))}</div><button>Reply</button></article>
      \${list(c.id)}</li>\`)}</ol>\`;
    return list('');
  }
}
customElements.define('naive-thread', NaiveThread);
`;

/** The naive element as one module, built with the same libraries the widget uses. */
export async function naiveBundle(root: string): Promise<string> {
  // Inside the repository, so `lit`, `marked` and `dompurify` resolve from its node_modules.
  const dir = mkdtempSync(join(root, 'bench', '.naive-'));
  try {
    const entry = join(dir, 'naive.js');
    writeFileSync(entry, NAIVE_SOURCE);
    const output = await build({
      root, logLevel: 'silent', configFile: false,
      build: {write: false, minify: true, lib: {entry, formats: ['es'], fileName: 'naive'}, rolldownOptions: {output: {minify: true}}},
    });
    const [result] = Array.isArray(output) ? output : [output];
    return (result as {output: {code?: string}[]}).output[0]!.code!;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/** A thread of `count` comments: roots with chains and fans of four replies, bodies with Markdown. */
function thread(count: number): unknown {
  const comments: Record<string, unknown>[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; comments.length < count; i++) {
    const rootId: string = String(comments.length + 1);
    comments.push({id: rootId, postId: 'big', parentId: null, author: {name: `Reader ${i}`}, status: 'published',
      body: `Root ${i}: **bold**, _italic_, \`code\` and [a link](https://example.com/${i}).\n\n> quoted\n\n- one\n- two`,
      createdAt: new Date(start + comments.length * 60_000).toISOString()});
    let parent = rootId;
    for (let k = 0; k < 4 && comments.length < count; k++) {
      const id: string = String(comments.length + 1);
      comments.push({id, postId: 'big', parentId: k % 2 ? rootId : parent, author: {name: `Replier ${k}`}, status: 'published',
        body: `Reply ${k} to ${i}. ${'Some words of a reply. '.repeat(8)}`, createdAt: new Date(start + comments.length * 60_000).toISOString()});
      parent = id;
    }
  }
  // As Colloquy's server sends them: HTML beside each body, except plain text.
  for (const c of comments) if (!isPlainText(c.body as string)) c.html = markdownToHtml(c.body as string);
  return {postId: 'big', order: 'oldest', total: count, comments, nextCursor: null};
}

interface Measure {
  /** From adding the element to every comment in the DOM and painted. */
  readonly allMs: number;
  readonly heapMb: number;
  readonly nodesPerComment: number;
  /** From the thread's data arriving to the first comments painted. */
  readonly firstMs: number;
  /** The longest task after the first screenful (50 ms and longer are reported by the browser). */
  readonly longestTaskMs: number;
}

// In the page, as strings: tsx's transform would add helpers the page does not have.
const MEASURE = (tag: string, count: number) => `(async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const tasks = [];
  new PerformanceObserver((list) => tasks.push(...list.getEntries())).observe({type: 'longtask'});
  let firstAt = 0;
  // Both start from nothing: the widget fetches its thread itself, so the naive list's fetch is timed too.
  const start = performance.now();
  const el = document.createElement('${tag}');
  if ('${tag}' === 'naive-thread') el.comments = (await (await fetch('https://bench.invalid/api/v1/posts/big/comments')).json()).comments;
  else { el.setAttribute('api', 'https://bench.invalid'); el.setAttribute('post-id', 'big'); el.setAttribute('page-size', '100'); }
  document.body.append(el);
  if ('${tag}' === 'naive-thread') {
    await el.updateComplete;
  } else {
    // Colloquy renders in batches: wait for every comment, noting when the first ones were painted.
    for (;;) {
      // What is in the DOM at a frame's start is painted in that frame.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const shown = el.shadowRoot.querySelectorAll('article.comment').length;
      if (shown > 0 && !firstAt) firstAt = performance.now();
      if (shown >= ${count}) break;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  await frame();
  const allMs = performance.now() - start;
  const data = performance.getEntriesByType('resource').find((e) => e.name.includes('bench.invalid'));
  const firstMs = firstAt && data ? firstAt - data.responseEnd : NaN;
  const longestTaskMs = Math.max(0, ...tasks.filter((t) => t.startTime >= (firstAt || Infinity)).map((t) => t.duration));
  const all = (root) => { let t = 0; const w = document.createTreeWalker(root); while (w.nextNode()) t++; return t; };
  let total = 0;
  const deep = (root) => { total += all(root); for (const n of root.querySelectorAll('*')) if (n.shadowRoot) deep(n.shadowRoot); };
  deep(el.shadowRoot);
  return {allMs, nodesPerComment: total / ${count}, firstMs, longestTaskMs};
})()`;

async function measure(page: Page, tag: string, count: number): Promise<Measure> {
  const {allMs, nodesPerComment, firstMs, longestTaskMs} = await page.evaluate(MEASURE(tag, count)) as Omit<Measure, 'heapMb'>;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const {usedSize} = await cdp.send('Runtime.getHeapUsage') as {usedSize: number};
  return {allMs, heapMb: usedSize / 1e6, nodesPerComment, firstMs, longestTaskMs};
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Colloquy and the naive list, each on a fresh page, three runs per size; figures and ratios. */
export async function bigThreadFigures(browser: Browser, widgetUrl: string, root: string, sizes = [1000, 5000]) {
  const naive = await naiveBundle(root);
  const figures = [];
  for (const count of sizes) {
    const body = JSON.stringify(thread(count));
    const runs: Record<'colloquy' | 'naive', Measure[]> = {colloquy: [], naive: []};
    for (let run = 0; run < 3; run++) {
      for (const who of ['naive', 'colloquy'] as const) {
        const page = await browser.newPage();
        await page.route('https://bench.invalid/**', (route) => route.fulfill({body, contentType: 'application/json',
          headers: {'Access-Control-Allow-Origin': '*'}}));
        await page.setContent('<!doctype html><body></body>');
        if (who === 'naive') await page.addScriptTag({content: naive, type: 'module'});
        else await page.addScriptTag({url: widgetUrl, type: 'module'});
        await page.waitForFunction(`customElements.get('${who === 'naive' ? 'naive-thread' : 'colloquy-comments'}')`);
        const measured = await measure(page, who === 'naive' ? 'naive-thread' : 'colloquy-comments', count);
        runs[who].push(measured);
        console.error(`  ${count} comments, ${who}, run ${run + 1}: ${measured.allMs.toFixed(0)} ms, ${measured.heapMb.toFixed(1)} MB`);
        await page.close();
      }
    }
    const at = (who: 'colloquy' | 'naive', key: keyof Measure) => median(runs[who].map((m) => m[key]));
    // The goals of the big-threads work, as budgets each figure meets or misses.
    const big = count >= 5000;
    figures.push(
      {name: `${count} comments in the DOM and painted, ratio to the naive list`, value: at('colloquy', 'allMs') / at('naive', 'allMs'), unit: '×', lowerIsBetter: true, goal: big ? 0.4 : 0.6},
      {name: `${count} comments in the DOM and painted`, value: at('colloquy', 'allMs'), unit: 'ms', lowerIsBetter: true},
      {name: `${count} comments, the naive list`, value: at('naive', 'allMs'), unit: 'ms', lowerIsBetter: true},
      {name: `${count} comments, heap`, value: at('colloquy', 'heapMb'), unit: 'MB', lowerIsBetter: true, ...(big ? {goal: 15} : {})},
      {name: `${count} comments, heap of the naive list`, value: at('naive', 'heapMb'), unit: 'MB', lowerIsBetter: true},
      {name: `${count} comments, DOM nodes per comment`, value: at('colloquy', 'nodesPerComment'), unit: '', lowerIsBetter: true, ...(big ? {goal: 40} : {})},
      {name: `${count} comments, first screenful painted after the data arrived`, value: at('colloquy', 'firstMs'), unit: 'ms', lowerIsBetter: true, goal: 100},
      {name: `${count} comments, longest task after the first screenful`, value: at('colloquy', 'longestTaskMs'), unit: 'ms', lowerIsBetter: true, goal: 100},
    );
  }
  return figures;
}

/** Whether a figure meets its goal (a budget it must stay at or under), as the tables print it. */
export function verdict(f: {value: number; goal?: number}): string {
  return f.goal === undefined ? '' : `goal ≤ ${f.goal}: ${f.value <= f.goal ? 'meets' : 'MISSES'}`;
}

/** Figures as a table, for a run of the big-thread bench alone. */
export function printFigures(figures: readonly {name: string; value: number; unit: string; goal?: number}[]): void {
  for (const f of figures) console.log(`${f.name.padEnd(66)} ${f.value.toFixed(2).padStart(9)} ${f.unit.padEnd(2)}  ${verdict(f)}`);
}
