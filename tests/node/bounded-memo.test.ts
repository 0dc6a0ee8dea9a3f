import {describe, expect, it, vi} from 'vitest';

import {boundedMemo} from '../../src/internal/bounded-memo.js';

describe('boundedMemo', () => {
  it('makes a value once per key and gives back the same one', () => {
    const make = vi.fn((key: string) => ({key}));
    const memo = boundedMemo(make);
    const first = memo('Ada');
    expect(memo('Ada')).toBe(first);
    expect(memo('Bob')).toEqual({key: 'Bob'});
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('keeps at most `kept` values, starting again when full', () => {
    const make = vi.fn((key: string) => key.toUpperCase());
    const memo = boundedMemo(make, 2);
    memo('a');
    memo('b');
    memo('c'); // full: forgets a and b
    memo('c');
    expect(make).toHaveBeenCalledTimes(3);
    memo('a');
    expect(make).toHaveBeenCalledTimes(4);
  });
});
