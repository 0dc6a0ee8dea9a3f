import {readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';

import {describe, expect, it} from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * What each layer may import: folders of ours (relative to the repository) and packages.
 * protocol ← model/client ← components; markdown knows only the protocol's Markdown dialect (and the
 * sanitizer); the server knows only the protocol.
 */
const RULES: Record<string, {ours: string[]; packages: string[]}> = {
  // marked only in the dialect, which nothing on a reader's path imports (see the size budget).
  'src/protocol': {ours: ['src/protocol'], packages: ['valibot', 'marked']},
  'src/model': {ours: ['src/model', 'src/protocol'], packages: []},
  'src/client': {ours: ['src/client', 'src/protocol'], packages: []},
  'src/markdown': {ours: ['src/markdown', 'src/protocol'], packages: ['dompurify']},
  // The widget's words and formats: plain data and Intl, no DOM.
  'src/i18n': {ours: ['src/i18n'], packages: []},
  'src/controllers': {ours: ['src/controllers', 'src/client', 'src/model', 'src/protocol', 'src/i18n', 'src/internal'], packages: ['lit', '@lit/task']},
  'src/internal': {ours: ['src/internal'], packages: []},
  'src/styles': {ours: [], packages: ['lit']},
  'src/components': {ours: ['src'], packages: ['lit', '@lit/task']},
  'src': {ours: ['src'], packages: ['lit', '@lit/task']},
  // Framework wrappers: only they know a framework.
  'src/frameworks': {ours: ['src'], packages: ['lit', '@lit/react', 'react']},
  // Importers read exports with a streaming XML parser and an HTML-to-Markdown converter; wire shapes are valibot schemas.
  'server/src': {ours: ['server/src', 'src/protocol'], packages: ['hono', '@hono/node-server', 'kysely', 'better-sqlite3', 'pg', 'nodemailer', 'valibot',
    '@valibot/to-json-schema', 'saxes', 'turndown', 'node:*']},
  // The admin page: a page of its own that speaks only to the admin API, never part of the embed.
  // It takes the admin API's wire shapes (types) from where the API describes them.
  'server/admin': {ours: ['server/admin', 'server/src/admin/schemas.js'], packages: ['lit']},
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The most specific rule for a file: `src/components/x.ts` → `src/components`. */
function layerOf(file: string): string {
  const rel = relative(ROOT, file);
  return Object.keys(RULES).filter((layer) => rel.startsWith(`${layer}/`)).sort((a, b) => b.length - a.length)[0]!;
}

function violations(file: string, source = readFileSync(file, 'utf8')): string[] {
  const layer = layerOf(file);
  const {ours, packages} = RULES[layer]!;
  return importsOf(source).flatMap((spec) => {
    if (spec.startsWith('.')) {
      const target = relative(ROOT, resolve(dirname(file), spec));
      return ours.some((allowed) => target === allowed || target.startsWith(`${allowed}/`)) ? [] : [`${spec} (${target})`];
    }
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    return packages.includes(pkg) || (spec.startsWith('node:') && packages.includes('node:*')) ? [] : [spec];
  }).map((bad) => `${relative(ROOT, file)} (${layer}) imports ${bad}`);
}

describe('import direction', () => {
  const files = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'server/src')), ...filesUnder(join(ROOT, 'server/admin'))];

  it('covers every source file', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(layerOf(file), file).toBeDefined();
  });

  it('keeps every layer to what it may import', () => {
    expect(files.flatMap((file) => violations(file))).toEqual([]);
  });

  it('catches a protocol module that imports lit or the client, naming both', () => {
    const found = violations(join(ROOT, 'src/protocol/fake.ts'), "import {html} from 'lit';\nimport {CommentsClient} from '../client/client.js';\n");
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('imports lit');
    expect(found[1]).toContain('imports ../client/client.js');
  });
});
