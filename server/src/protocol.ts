// The server's one door to the shared protocol (Node's `imports` cannot point outside a package).
export * from '../../src/protocol/index.js';
export {OPENAPI} from '../../src/protocol/openapi.js';
// Colloquy's Markdown dialect: the server renders each body once, when it is written (`Comment.html`).
export {markdownToHtml} from '../../src/protocol/markdown.js';
// Checks untrusted input against a valibot schema, reporting each field as the protocol's problems do.
export {check} from '../../src/protocol/check.js';
