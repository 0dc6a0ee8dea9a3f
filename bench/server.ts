/**
 * The reference server under load, on loopback, for SQLite and for PostgreSQL:
 * - hot first page of a 5,000-comment thread: requests/s as a ratio to a bare Hono handler that
 *   returns the same bytes, measured in the same run (the machine is shared: ratios, not absolutes);
 * - 32 readers and 4 writers at once: read and write p99, 5xx answers, and acknowledged writes
 *   against the writes found afterwards;
 * - the server's RSS at rest and under load, and how long it took to listen;
 * - `colloquy-server import` of a generated Disqus export (BENCH_IMPORT_COMMENTS, default 200,000):
 *   comments per second and the command's peak RSS.
 * Each server runs as its own process (the built command), so RSS is the server's alone. Prints the
 * figures against bench/server-baseline.json and says which got worse; `--update` rewrites it.
 *
 *   npm run bench:server            (builds first; needs Debian's postgresql for the PostgreSQL half)
 *   npm run bench:server -- --update
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import autocannon from 'autocannon';

import {migrate} from '../server/src/migrate.js';
import {openDb} from '../server/src/db.js';
import {CommentStore} from '../server/src/store/comments.js';
import {writeDisqusExport} from './disqus-export.js';
import {findPostgresBin, startCluster} from '../tests/server/pg-cluster.js';

const ROOT = join(import.meta.dirname, '..');
const SERVER_BIN = join(ROOT, 'server/dist/server/src/main.js');
const BASELINE = join(ROOT, 'bench/server-baseline.json');
const POST_ID = '/bench/big-thread';
const THREAD = {roots: 1_000, repliesPerRoot: 4}; // 5,000 comments
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Whether a larger value is worse (false: a smaller one is). `undefined`: not compared. */
  readonly lowerIsBetter?: boolean;
}

interface Running {
  readonly url: string;
  readonly child: ChildProcess;
  readonly listenMs: number;
  stop(): Promise<void>;
}

/** Starts a command that prints `listening on <url>`, and times how long it took. */
async function startProcess(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, [...args], {stdio: ['ignore', 'pipe', 'pipe'], env});
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+?)\/?\s/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const listenMs = performance.now() - started;
  child.stdout!.removeAllListeners('data').resume();
  child.stderr!.removeAllListeners('data').resume();
  return {
    url, child, listenMs,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function seed(options: {databaseUrl?: string; dataDir?: string}): Promise<void> {
  const db = await openDb(options);
  try {
    await migrate(db);
    const store = new CommentStore(db);
    const start = Date.UTC(2026, 0, 1);
    for (let r = 0; r < THREAD.roots; r++) {
      const root = await store.import(POST_ID, {parentId: null, author: {name: `Reader ${r}`},
        body: `Root ${r}: **bold**, \`code\` and [a link](https://example.com/${r}).`, createdAt: new Date(start + r * 60_000)});
      for (let k = 0; k < THREAD.repliesPerRoot; k++) {
        await store.import(POST_ID, {parentId: root.id, author: {name: `Replier ${k}`},
          body: `Reply ${k} to ${r}. ${'Words. '.repeat(8)}`, createdAt: new Date(start + r * 60_000 + (k + 1) * 1_000)});
      }
    }
  } finally {
    await db.close();
  }
}

async function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({duration: SECONDS, ...options});
}

const firstPagePath = `/api/v1/posts/${encodeURIComponent(POST_ID)}/comments`;

/** The figures for one database: throughput against a bare handler, p99 under mixed load, RSS. */
async function measure(label: string, serverArgs: readonly string[]): Promise<Figure[]> {
  // The writers measure storage, not the flood limit that would refuse them from one address.
  const server = await startProcess([SERVER_BIN, '--port', '0', '--comments-per-minute', '100000', '--min-compose-seconds', '0', ...serverArgs]);
  try {
    const page = await (await fetch(`${server.url}${firstPagePath}`)).text();
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // settle before measuring rest
    const restRss = rssMb(server.child.pid!);

    // The same bytes from a bare Hono handler in a process of its own: the ceiling for this machine.
    const bareDir = mkdtempSync(join(tmpdir(), 'colloquy-bench-bare-'));
    writeFileSync(join(bareDir, 'page.json'), page);
    const bare = await startProcess(['--input-type=module', '-e', `
      import {readFileSync} from 'node:fs';
      import {serve} from '@hono/node-server';
      import {Hono} from 'hono';
      const page = readFileSync(${JSON.stringify(join(bareDir, 'page.json'))}, 'utf8');
      const app = new Hono();
      app.get('*', (c) => c.body(page, 200, {'Content-Type': 'application/json'}));
      const s = serve({fetch: app.fetch, port: 0, hostname: '127.0.0.1'}, (info) => console.log('listening on http://127.0.0.1:' + info.port + '/'));
    `], {...process.env, NODE_PATH: join(ROOT, 'node_modules')});
    let bareRate: number;
    try {
      bareRate = (await load({url: `${bare.url}${firstPagePath}`, connections: 32})).requests.average;
    } finally {
      await bare.stop();
      rmSync(bareDir, {recursive: true, force: true});
    }
    const hot = await load({url: `${server.url}${firstPagePath}`, connections: 32});

    // 32 readers and 4 writers at once; every write has its own body and idempotency key.
    const writePost = `/bench/writes/${randomUUID()}`;
    const acknowledgedIds = new Set<string>();
    let peakRss = restRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.child.pid!))), 200);
    const [readers, writers] = await Promise.all([
      load({url: `${server.url}${firstPagePath}`, connections: 32}),
      load({
        url: `${server.url}/api/v1/posts/${encodeURIComponent(writePost)}/comments`, connections: 4,
        requests: [{
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            headers: {'content-type': 'application/json', 'idempotency-key': randomUUID()},
            body: JSON.stringify({author: {name: 'Writer'}, body: `A comment written under load, ${randomUUID()}.`}),
          }),
          onResponse: (status, body) => {
            if (status === 201) acknowledgedIds.add((JSON.parse(body) as {id: string}).id);
          },
        }],
      }),
    ]);
    clearInterval(sampler);
    const found = new Set<string>();
    for (let cursor: string | null = '', first = true; first || cursor; first = false) {
      const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(`${server.url}/api/v1/posts/${encodeURIComponent(writePost)}/comments${query}`)).json()) as
        {comments: {id: string}[]; nextCursor: string | null};
      for (const comment of page.comments) found.add(comment.id);
      cursor = page.nextCursor;
    }
    const missing = [...acknowledgedIds].filter((id) => !found.has(id)).length;
    const serverErrors = [hot, readers, writers].reduce((sum, r) => sum + r['5xx'], 0);

    return [
      {name: `${label}: hot first page, ratio to a bare Hono handler`, value: hot.requests.average / bareRate, unit: '×', lowerIsBetter: false},
      {name: `${label}: hot first page`, value: hot.requests.average, unit: 'req/s'},
      {name: `${label}: bare Hono handler, same bytes`, value: bareRate, unit: 'req/s'},
      {name: `${label}: read p99, 32 readers + 4 writers`, value: readers.latency.p99, unit: 'ms', lowerIsBetter: true},
      {name: `${label}: write p99, 32 readers + 4 writers`, value: writers.latency.p99, unit: 'ms', lowerIsBetter: true},
      {name: `${label}: 5xx answers`, value: serverErrors, unit: '', lowerIsBetter: true},
      {name: `${label}: writes acknowledged (201)`, value: acknowledgedIds.size, unit: ''},
      {name: `${label}: acknowledged writes missing afterwards`, value: missing, unit: '', lowerIsBetter: true},
      {name: `${label}: RSS at rest`, value: restRss, unit: 'MB', lowerIsBetter: true},
      {name: `${label}: RSS under load (peak)`, value: peakRss, unit: 'MB', lowerIsBetter: true},
      {name: `${label}: command to listening`, value: server.listenMs, unit: 'ms', lowerIsBetter: true},
    ];
  } finally {
    await server.stop();
  }
}

const IMPORT_COMMENTS = Number(process.env.BENCH_IMPORT_COMMENTS ?? 200_000);
let exportFile: string | undefined;

/** Imports the generated export with the built command; its speed and peak RSS (sampled every 50 ms). */
async function importFigures(label: string, args: readonly string[]): Promise<Figure[]> {
  if (!exportFile) {
    exportFile = join(mkdtempSync(join(tmpdir(), 'colloquy-bench-export-')), 'disqus.xml');
    await writeDisqusExport(exportFile, IMPORT_COMMENTS);
  }
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER_BIN, 'import', ...args, exportFile], {stdio: ['ignore', 'ignore', 'inherit']});
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      const now = rssMb(child.pid!);
      if (Number.isFinite(now)) peak = Math.max(peak, now); // an exiting process has no VmRSS line
    } catch {
      // it has just exited
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`import exited ${code}`);
  const seconds = (performance.now() - started) / 1000;
  const n = IMPORT_COMMENTS.toLocaleString('en');
  return [
    {name: `import ${n} Disqus comments, ${label}: comments per second`, value: IMPORT_COMMENTS / seconds, unit: '/s', lowerIsBetter: false},
    {name: `import ${n} Disqus comments, ${label}: peak RSS`, value: peak, unit: 'MB', lowerIsBetter: true},
  ];
}

async function sqliteFigures(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'colloquy-bench-sqlite-'));
  const importDir = mkdtempSync(join(tmpdir(), 'colloquy-bench-import-'));
  try {
    await seed({dataDir});
    return [...await measure('SQLite', ['--data-dir', dataDir]), ...await importFigures('SQLite', ['--data-dir', importDir])];
  } finally {
    rmSync(dataDir, {recursive: true, force: true});
    rmSync(importDir, {recursive: true, force: true});
  }
}

async function postgresFigures(): Promise<Figure[]> {
  const bin = findPostgresBin();
  if (!bin) {
    console.warn('[colloquy] no PostgreSQL installed (apt-get install postgresql): PostgreSQL figures skipped.');
    return [];
  }
  const cluster = await startCluster(bin);
  try {
    await seed({databaseUrl: cluster.url});
    return [...await measure('PostgreSQL', ['--database-url', cluster.url]), ...await importFigures('PostgreSQL', ['--database-url', cluster.url])];
  } finally {
    cluster.destroy();
  }
}

const figures = [...(await sqliteFigures()), ...(await postgresFigures())];
if (exportFile) rmSync(join(exportFile, '..'), {recursive: true, force: true});
const format = (f: Figure) => (f.unit === '×' ? f.value.toFixed(2) : f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(1));
const baseline: Record<string, number> = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')) : {};
console.log(`\n${'figure'.padEnd(58)} ${'now'.padStart(10)} ${'baseline'.padStart(10)}  change`);
for (const f of figures) {
  const base = baseline[f.name];
  const worse = base !== undefined && f.lowerIsBetter !== undefined &&
    (f.lowerIsBetter ? f.value > base * 1.2 + (f.unit === '' ? 0 : 1) : f.value < base / 1.2);
  console.log(`${f.name.padEnd(58)} ${`${format(f)} ${f.unit}`.padStart(10)} ${base === undefined ? '—'.padStart(10) : `${format({...f, value: base})} ${f.unit}`.padStart(10)}  ${worse ? '← worse than baseline' : ''}`);
}
if (process.argv.includes('--update')) {
  writeFileSync(BASELINE, `${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, Number(format(f))])), null, 2)}\n`);
  console.log(`\nbaseline written to ${BASELINE}`);
}
