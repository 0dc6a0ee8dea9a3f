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
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+?)\/?\s/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {child, url, exit, output: () => output};
}
