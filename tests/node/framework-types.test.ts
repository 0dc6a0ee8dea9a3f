import {execFileSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {join} from 'node:path';

import {describe, expect, it} from 'vitest';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const ROOT = join(import.meta.dirname, '../..');

describe('framework types', () => {
  it('types Colloquy in React: the wrapper\'s props and events, and the elements in React 19\'s JSX (tests/types)', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [TSC, '-p', 'tests/types', '--noEmit'], {cwd: ROOT, encoding: 'utf8'});
    } catch (error) {
      output = String((error as {stdout?: string}).stdout ?? error);
    }
    expect(output).toBe('');
  }, 120_000);
});
