import {describe, expect, it} from 'vitest';
import fc from 'fast-check';

import {avatarStyle, initials} from '../../src/components/comments/avatar.js';

describe('initials avatars', () => {
  it('takes the first letter of the first and the last word, in capitals', () => {
    expect(initials('Ada Quill')).toBe('AQ');
    expect(initials('ada')).toBe('A');
    expect(initials('Jean-Luc de la Tour')).toBe('JT');
    expect(initials('  Bob   ')).toBe('B');
    expect(initials('张伟')).toBe('张');
    expect(initials('سارا احمدی')).toBe('سا');
    expect(initials('émile zola')).toBe('ÉZ');
    expect(initials('e\u0301mile')).toBe('E\u0301'); // a letter keeps its combining mark
    expect(initials('@@@ !!!')).toBe('');
    expect(initials('')).toBe('');
    expect(initials('🙂 Rae')).toBe('R');
  });

  it('gives a name the same hue every time, and names different hues', () => {
    expect(avatarStyle('Ada Quill')).toBe(avatarStyle('Ada Quill'));
    const hues = new Set(['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal'].map((n) => /--_hue:(\d+)/.exec(avatarStyle(n))![1]));
    expect(hues.size).toBeGreaterThan(5);
  });

  it('makes a declaration no name can break out of, whatever it holds', () => {
    fc.assert(fc.property(fc.string({unit: 'grapheme', maxLength: 40}), (name) => {
      const style = avatarStyle(name);
      const match = /^--_hue:(\d{1,3});--_initials:"([^"\\;{}<>]*)"$/u.exec(style);
      expect(match, style).not.toBeNull();
      expect(Number(match![1])).toBeLessThan(360);
    }), {numRuns: 2000});
    expect(avatarStyle('"; background: url(https://evil.example/x); --x: "')).toMatch(/^--_hue:\d+;--_initials:"[A-Z]*"$/);
  });
});
