import {spawn} from 'node:child_process';
import {join} from 'node:path';

const MAIN = join(import.meta.dirname, '../../server/src/main.ts');

/** The `colloquy-server` command line, run from source. */
export const node = (args: readonly string[]) => [process.execPath, ['--import', 'tsx', MAIN, ...args]] as const;

/** Starts the command on a free port; `url` resolves once it listens, `exit` when it ends. */
export function start(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  // These tests post in floods on purpose (durability under load), straight to the API: the flood
  // limit would refuse them and the form check would hold them. Spam tests set their own limits after these.
  const [cmd, argv] = node(['--port', '0', '--comments-per-minute', '100000', '--min-compose-seconds', '0', ...args]);
  const child = spawn(cmd, argv, {stdio: ['ignore', 'pipe', 'pipe'], env});
  let output = '';
  const watchers = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
    watchers.forEach((watch) => watch());
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
    watchers.forEach((watch) => watch());
  });
  /** The first match of `pattern` in the output, once it appears; rejects if the process ends first. */
  const seen = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve, reject) => {
    const watch = () => {
      const match = pattern.exec(output);
      if (!match) return;
      watchers.delete(watch);
      resolve(match);
    };
    watchers.add(watch);
    watch();
    child.once('exit', (code, signal) => {
      watchers.delete(watch);
      reject(new Error(`exited ${code ?? signal} before ${pattern}: ${output}`));
    });
  });
  const url = seen(/listening on (http:\/\/\S+?)\/?\s/).then((match) => match[1]!);
  url.catch(() => undefined); // a test that kills the process before it listens need not wait for this
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {child, url, exit, seen, output: () => output};
}
