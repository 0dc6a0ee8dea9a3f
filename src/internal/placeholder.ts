/*
 * What the embed's loader (src/embed/lazy-start.ts) and the widget agree on about the placeholder
 * that holds a thread's place until it is drawn: where heights are remembered, and how the
 * placeholder is marked. Here, below both, so the widget need not import the loader.
 */

/** Where the widget remembers each thread's height, by server and post. */
export const HEIGHTS_KEY = 'colloquy-heights';
/** The attribute the placeholder's height is marked with, so the widget knows to drop it. */
export const PLACEHOLDER_ATTRIBUTE = 'data-colloquy-placeholder';

/** One thread's entry in the remembered heights. */
export function heightKey(api: string, postId: string): string {
  return `${api} ${postId}`;
}
