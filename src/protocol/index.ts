/**
 * The Colloquy protocol: wire types, limits and validation shared by the widget
 * and any server. No DOM, no Node: only valibot.
 */
export * from './limits.js';
export type * from './types.js';
export * from './schemas.js';
export * from './parse.js';
export * from './new-comment.js';
export * from './problems.js';
export * from './text-policy.js';
export * from './proof.js';
export * from './plain-text.js';
