import {createElement} from 'react';
import {renderToString} from 'react-dom/server';
import {describe, expect, it} from 'vitest';

describe('colloquy/react on a server (Next.js and the like render pages in Node first)', () => {
  it('imports and renders to HTML without a DOM: the element\'s tag, filled in by the browser', async () => {
    const {ColloquyComments, ColloquyCount} = await import('../../dist/react.js' as string) as typeof import('../../src/frameworks/react.js');
    const html = renderToString(createElement('div', null,
      createElement(ColloquyComments, {api: 'https://comments.example.com', postId: 'hello'}),
      createElement(ColloquyCount, {api: 'https://comments.example.com', postId: 'hello'})));
    expect(html).toContain('<colloquy-comments');
    expect(html).toContain('<colloquy-count');
  });
});
