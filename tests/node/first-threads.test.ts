import {describe, expect, it} from 'vitest';

import {firstThreads} from '../../src/client/client.js';

const c = (id: string, parentId: string | null = null) => ({id, parentId});

// A big page's first threads are shown before the rest is checked: picked from unchecked data.
describe('firstThreads', () => {
  it('takes the first roots in page order, each with its replies depth first, up to the limit', () => {
    const raw = [c('1'), c('2'), c('3'), c('10', '1'), c('11', '10'), c('12', '1'), c('20', '2'), c('30', '3')];
    expect(firstThreads(raw, 100).map((x) => (x as {id: string}).id)).toEqual(['1', '10', '11', '12', '2', '20', '3', '30']);
    expect(firstThreads(raw, 5).map((x) => (x as {id: string}).id)).toEqual(['1', '10', '11', '12', '2']);
  });

  it('stays within the limit whatever the data: repeated IDs, loops, junk', () => {
    const raw = [c('1'), {...c('1', '1')}, c('2', '1'), c('1', '2'), null, 42, 'x', {id: 7, parentId: null}, {parentId: 5}];
    const picked = firstThreads(raw, 10);
    expect(picked.length).toBeLessThanOrEqual(10);
    expect(picked[0]).toEqual(c('1'));
    expect(firstThreads([], 10)).toEqual([]);
  });
});
