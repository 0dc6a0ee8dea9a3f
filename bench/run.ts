/**
 * Colloquy's figures: embed size, API latency on a big thread, and widget render time in Chromium,
 * including 1,000 and 5,000 comments against a naive Lit list measured in the same run (big-threads.ts).
 * Prints each against bench/baseline.json; `--update` rewrites the baseline. Figures, not pass/fail:
 * a change of more than 20% in the wrong direction is flagged.
 *
 *   npm run bench            (builds first)
 *   npm run bench -- --update
 */
import {readFileSync, readdirSync, writeFileSync, existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {gzipSync} from 'node:zlib';

import {chromium} from 'playwright';

import {createApp} from '../server/src/app.js';
import {openDb} from '../server/src/db.js';
import {migrate} from '../server/src/migrate.js';
import {serverConfig} from '../server/src/config.js';
import {startServer} from '../server/src/server.js';
import {CommentStore} from '../server/src/store/comments.js';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from '../tests/chromium.js';
import {bigThreadFigures, verdict} from './big-threads.js';
import {LOCALES} from '../src/i18n/locales.js';

const ROOT = join(import.meta.dirname, '..');
const BASELINE = join(ROOT, 'bench/baseline.json');
const ROOTS = 200;
const REPLIES_PER_ROOT = 4; // 1000 comments in all

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Whether a larger value is worse. */
  readonly lowerIsBetter: boolean;
  /** A budget the figure must stay at or under. */
  readonly goal?: number;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** A thread like a popular post's: ROOTS roots, each with a chain and a fan of replies, bodies with Markdown. */
async function seedThread(store: CommentStore, postId: string): Promise<void> {
  const start = Date.UTC(2026, 0, 1);
  let n = 0;
  for (let r = 0; r < ROOTS; r++) {
    const root = await store.import(postId, {parentId: null, author: {name: `Reader ${r}`, url: 'https://reader.example'},
      body: `Root ${r}: **bold**, _italic_, \`code\` and [a link](https://example.com/${r}).\n\n> quoted\n\n- one\n- two`,
      createdAt: new Date(start + n++ * 60_000)});
    let parent = root.id;
    for (let k = 0; k < REPLIES_PER_ROOT; k++) {
      const reply = await store.import(postId, {parentId: k % 2 ? root.id : parent, author: {name: `Replier ${k}`},
        body: `Reply ${k} to ${r}. ${'Some words of a reply. '.repeat(8)}`, createdAt: new Date(start + n++ * 60_000)});
      parent = reply.id;
    }
  }
}

function sizeFigures(): Figure[] {
  const dist = join(ROOT, 'dist');
  const gz = (files: string[]) => files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), {level: 9}).length, 0) / 1000;
  // A reader loads one language's words: count Russian's (the largest), not all fourteen.
  const language = new RegExp(`^colloquy-(${LOCALES.join('|')})-`);
  // The count element and its chunks are an index page's, not a thread reader's: counted on their own.
  const files = readdirSync(dist).filter((file) => /^colloquy-.*\.js$/.test(file));
  const count = files.filter((file) => file === 'colloquy-count.js' || /^colloquy-count-ru-(?!writing)/.test(file));
  const chunks = files.filter((file) => file !== 'colloquy-app.js' && !file.startsWith('colloquy-count')
    && (!language.test(file) || file.startsWith('colloquy-ru-')));
  const shared = chunks.filter((file) => file.startsWith('colloquy-shared-'));
  return [
    {name: 'embed before a thread nears the viewport (colloquy.js), gzip -9', value: gz(['colloquy.js']), unit: 'kB', lowerIsBetter: true, goal: 5},
    {name: 'embed to read a thread (loader, app, shared), gzip -9', value: gz(['colloquy.js', 'colloquy-app.js', ...shared]), unit: 'kB', lowerIsBetter: true, goal: 38},
    {name: 'embed, every file a reader may load in one language, gzip -9', value: gz(['colloquy.js', 'colloquy-app.js', ...chunks]), unit: 'kB', lowerIsBetter: true},
    {name: 'index page: loader, <colloquy-count> and its words, gzip -9', value: gz(['colloquy.js', ...count]), unit: 'kB', lowerIsBetter: true},
  ];
}

async function apiFigures(): Promise<Figure[]> {
  const db = await openDb({});
  await migrate(db);
  const store = new CommentStore(db);
  const app = createApp({store, allowedOrigins: ['*']});
  const postId = 'bench';
  await seedThread(store, postId);
  const getPage = async () => (await app.request(`/api/v1/posts/${postId}/comments?limit=100`)).json();
  await getPage(); // warm up
  const list = await timeRuns(30, getPage);
  let i = 0;
  const post = await timeRuns(100, async () => app.request(`/api/v1/posts/bench-post/comments`, {
    method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({author: {name: 'Bench'}, body: `Comment ${i++} with **Markdown**.`}),
  }));
  await db.close();
  return [
    {name: `API GET page (100 threads, ${100 * (1 + REPLIES_PER_ROOT)} comments), SQLite`, value: list, unit: 'ms', lowerIsBetter: true},
    {name: 'API POST comment, SQLite', value: post, unit: 'ms', lowerIsBetter: true},
  ];
}

async function widgetFigures(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'colloquy-bench-'));
  const server = await startServer(serverConfig({port: 0, dataDir, commentsPerMinute: 100_000, minComposeSeconds: 0,
    // The seed posts alike bodies with links, fast, from one address: no spam rule may hold them.
    spamRules: {repeatsHold: 1e9, repeatsSpam: 1e9, perPostMinute: 1e9, perNetworkMinute: 1e9, perNetworkHour: 1e9}}));
  const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS});
  try {
    // The server owns its database folder, so the thread is seeded through the API.
    const origin = server.url.replace(/\/$/, '');
    for (let r = 0; r < 100; r++) {
      const root = await post(origin, null, `Root ${r}: **bold** and [a link](https://example.com/${r}).\n\n- one\n- two`);
      let parent = root;
      for (let k = 0; k < REPLIES_PER_ROOT; k++) parent = await post(origin, k % 2 ? root : parent, `Reply ${k}. ${'Words. '.repeat(10)}`);
    }
    console.error('[bench] rendering a 500-comment thread from the server, 5 runs…');
    const firstScreen: number[] = [];
    const all: number[] = [];
    const total = 100 * (1 + REPLIES_PER_ROOT);
    for (let run = 0; run < 5; run++) {
      const page = await browser.newPage();
      // The app itself: the loader would wait for the element to near the viewport.
      await page.setContent(`<!doctype html><script type="module" src="${origin}/colloquy-app.js"></script>`);
      await page.waitForFunction("customElements.get('colloquy-comments')");
      const [first, whole] = await page.evaluate(RENDER_IN_PAGE.replace('API', JSON.stringify(origin)).replace('TOTAL', String(total))) as [number, number];
      firstScreen.push(first);
      all.push(whole);
      await page.close();
    }
    return [
      {name: 'widget: fetch and paint the first screenful, Chromium', value: median(firstScreen), unit: 'ms', lowerIsBetter: true},
      {name: `widget: fetch and render all ${total} comments, Chromium`, value: median(all), unit: 'ms', lowerIsBetter: true},
      ...await bigThreadFigures(browser, `${origin}/colloquy-app.js`, ROOT),
    ];
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, {recursive: true, force: true});
  }
}

// Runs in the page, as a string: tsx's transform would add helpers the page does not have.
const RENDER_IN_PAGE = `(async () => {
  const start = performance.now();
  const el = document.createElement('colloquy-comments');
  el.setAttribute('api', API);
  el.setAttribute('post-id', 'bench');
  el.setAttribute('page-size', '100');
  document.body.append(el);
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  while (el.getAttribute('state') !== 'ready') await frame();
  await frame();
  const firstScreen = performance.now() - start;
  // Big threads render in batches, one per frame: wait for every comment, each with its Markdown body.
  while (el.shadowRoot.querySelectorAll('article.comment').length < TOTAL) await frame();
  await frame();
  return [firstScreen, performance.now() - start];
})()`;

async function post(origin: string, parentId: string | null, body: string): Promise<string> {
  const res = await fetch(`${origin}/api/v1/posts/bench/comments`, {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({parentId, author: {name: 'Bench'}, body})});
  // A seed the server refused or held would leave the render loop waiting for comments that never come.
  const comment = (await res.json()) as {id: string; status: string};
  if (res.status !== 201 || comment.status !== 'published') throw new Error(`[bench] the seed was not published: ${res.status} ${JSON.stringify(comment)}`);
  return comment.id;
}

console.error('[bench] API on SQLite…');
const api = await apiFigures();
console.error('[bench] the widget in Chromium…');
const figures = [...sizeFigures(), ...api, ...(await widgetFigures())];
const baseline: Record<string, number> = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')) : {};

console.log(`\n${'figure'.padEnd(62)} ${'now'.padStart(10)} ${'baseline'.padStart(10)}  change`);
for (const f of figures) {
  const base = baseline[f.name];
  const change = base ? (f.value - base) / base : undefined;
  const worse = change !== undefined && (f.lowerIsBetter ? change > 0.2 : change < -0.2);
  console.log(`${f.name.padEnd(62)} ${`${f.value.toFixed(f.unit === '×' ? 2 : 1)} ${f.unit}`.padStart(10)} ${base === undefined ? '—'.padStart(10) : `${base.toFixed(1)} ${f.unit}`.padStart(10)}  ${
    change === undefined ? '' : `${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)}%`}${worse ? '  ← worse than baseline' : ''}  ${verdict(f)}`);
}
if (process.argv.includes('--update')) {
  writeFileSync(BASELINE, `${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, Number(f.value.toFixed(2))])), null, 2)}\n`);
  console.log(`\nbaseline written to ${BASELINE}`);
}
