import {describe, expect, it, vi} from 'vitest';

import {ColloquyComments} from '../../src/components/comments/comments.js';
import {defineOnce} from '../../src/internal/define-once.js';
import '../../src/define.js';

describe('defineOnce', () => {
  it('ignores a second registration of the same class', () => {
    const warn = vi.spyOn(console, 'warn');
    expect(() => defineOnce('colloquy-comments', ColloquyComments)).not.toThrow();
    expect(warn).not.toHaveBeenCalled();
  });

  it('keeps the first definition when another copy brings its own class, and says so once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    class OtherCopy extends HTMLElement {}
    defineOnce('colloquy-comments', OtherCopy);
    defineOnce('colloquy-comments', OtherCopy);
    expect(customElements.get('colloquy-comments')).toBe(ColloquyComments);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toMatch(/^\[colloquy\] <colloquy-comments> is already defined/);
  });
});
