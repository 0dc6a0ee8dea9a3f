import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

import {describe, expect, it} from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** A PNG's width and height, from its header. */
function pngSize(path: string): {width: number; height: number} {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return {width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20)};
}

describe('the README', () => {
  it('opens with the embed snippet: its first code is the script tag and the element', () => {
    const first = /```html\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(readme.indexOf('```')).toBe(readme.indexOf('```html'));
    expect(first).toContain('<script type="module" src="https://comments.example.com/colloquy.js"></script>');
    expect(first).toContain('<colloquy-comments api="https://comments.example.com" post-id="my-first-post"></colloquy-comments>');
  });

  it('shows the screenshots that npm run screenshots makes: light, dark, phone, right to left', () => {
    const script = readFileSync(join(ROOT, 'scripts/screenshots.ts'), 'utf8');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.screenshots).toContain('scripts/screenshots.ts');
    const pictures = [...readme.matchAll(/!\[[^\]]+\]\((docs\/screenshots\/[\w-]+\.png)\)/g)].map((m) => m[1]!);
    expect(pictures.sort()).toEqual(['docs/screenshots/dark.png', 'docs/screenshots/light.png', 'docs/screenshots/phone.png', 'docs/screenshots/rtl.png']);
    for (const picture of pictures) {
      expect(existsSync(join(ROOT, picture)), picture).toBe(true);
      const file = picture.split('/').pop()!;
      const width = Number(new RegExp(`file: '${file}', width: (\\d+)`).exec(script)?.[1]);
      expect(pngSize(join(ROOT, picture)), `${picture} is what the script makes`).toMatchObject({width});
    }
  });
});
