import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {describe, expect, it} from 'vitest';

interface Declaration {
  readonly tagName?: string;
  readonly attributes?: readonly {readonly name: string}[];
  readonly events?: readonly {readonly name?: string; readonly type?: {readonly text: string}; readonly description?: string}[];
}

const declarations = () => (JSON.parse(readFileSync(join(import.meta.dirname, '../../dist/custom-elements.json'), 'utf8')) as
  {modules: {declarations?: Declaration[]}[]}).modules.flatMap((m) => m.declarations ?? []);

describe('custom-elements.json (built by npm run build)', () => {
  it('describes every element a page writes, with its attributes, for editors and framework tooling', () => {
    const elements = new Map(declarations().filter((d) => d.tagName)
      .map((d) => [d.tagName!, (d.attributes ?? []).map((a) => a.name)]));
    expect(elements.get('colloquy-comments')).toEqual(expect.arrayContaining(['api', 'post-id', 'order', 'page-size', 'nesting', 'theme']));
    expect(elements.get('colloquy-count')).toEqual(expect.arrayContaining(['api', 'post-id', 'href']));
  });

  it('documents the events a page hears with their public classes, whose comment carries no owner token', () => {
    const comments = declarations().find((d) => d.tagName === 'colloquy-comments')!;
    const named = (comments.events ?? []).filter((e) => e.name);
    expect(Object.fromEntries(named.map((e) => [e.name, e.type?.text]))).toEqual({
      'colloquy-comment-posted': 'ColloquyCommentPostedEvent',
      'colloquy-comment-edited': 'ColloquyCommentEditedEvent',
      'colloquy-comment-deleted': 'ColloquyCommentDeletedEvent',
      'colloquy-error': 'ColloquyErrorEvent',
    });
    expect(named.find((e) => e.name === 'colloquy-comment-posted')!.description).toMatch(/never its owner token/);
    for (const event of comments.events ?? []) expect(JSON.stringify(event)).not.toMatch(/PostedComment|ownerToken|ownership/);
    // The form's own announcement, which does hold the token, is documented as staying inside.
    const composer = declarations().find((d) => d.tagName === 'colloquy-composer')!;
    expect(composer.events?.find((e) => e.name === 'colloquy-composer-posted')?.description).toMatch(/Not composed/);
  });
});
