import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** The built command-line server, as a site owner runs it (`npm test` builds it first). */
const SERVER_BIN = join(import.meta.dirname, '../../server/dist/server/src/main.js');

export interface ServerProcess {
  readonly url: string;
  readonly origin: string;
  /** Output so far, for failure messages. */
  readonly output: () => string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `colloquy-server` on a free port and waits for the URL it prints. */
export async function startServerProcess(args: readonly string[], {spamChecks = false} = {}): Promise<ServerProcess> {
  // Tests type faster than people: unless a test is about spam, the flood limit and the quick-post hold are relaxed.
  const relaxed = spamChecks ? [] : ['--comments-per-minute', '100000', '--min-compose-seconds', '0'];
  const child: ChildProcess = spawn(process.execPath, [SERVER_BIN, '--port', '0', ...relaxed, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)\s/.exec(output); // the whole line: a chunk may end inside it
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url,
    origin: new URL(url).origin,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A temporary folder, removed by the returned function. */
export function tempDir(prefix: string): {path: string; remove: () => void} {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {path, remove: () => rmSync(path, {recursive: true, force: true})};
}

/** A bare web server on another origin, serving one page with the headers given: the "someone's blog" of the tests. */
export async function startStaticSite(html: string, headers: Record<string, string>): Promise<{url: string; close: () => Promise<void>}> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', ...headers}).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    // `localhost` rather than 127.0.0.1: a different origin from the comment server, same machine.
    url: `http://localhost:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
