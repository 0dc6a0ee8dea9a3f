import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {describe, expect, it} from 'vitest';

interface Declaration {
  readonly tagName?: string;
  readonly attributes?: readonly {readonly name: string}[];
}

describe('custom-elements.json (built by npm run build)', () => {
  it('describes every element a page writes, with its attributes, for editors and framework tooling', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../dist/custom-elements.json'), 'utf8')) as
      {modules: {declarations?: Declaration[]}[]};
    const elements = new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName)
      .map((d) => [d.tagName!, (d.attributes ?? []).map((a) => a.name)]));
    expect(elements.get('colloquy-comments')).toEqual(expect.arrayContaining(['api', 'post-id', 'order', 'page-size', 'nesting', 'theme']));
    expect(elements.get('colloquy-count')).toEqual(expect.arrayContaining(['api', 'post-id', 'href']));
  });
});
