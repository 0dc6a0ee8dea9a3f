import {describe, expect, it} from 'vitest';

// Sites render pages on the server (Astro, Next, Eleventy) and import their components there.
describe('importing Colloquy outside a browser', () => {
  it('loads the npm entry without touching window, document or customElements', async () => {
    expect(typeof (globalThis as {window?: unknown}).window).toBe('undefined');
    const colloquy = await import('../../src/index.js');
    expect(typeof colloquy.ColloquyComments).toBe('function');
    expect(typeof colloquy.CommentsClient).toBe('function');
    expect(colloquy.LIMITS.bodyMaxLength).toBeGreaterThan(0);
  });
});
