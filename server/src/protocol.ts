// The server's one door to the shared protocol (Node's `imports` cannot point outside a package).
export * from '../../src/protocol/index.js';
export {OPENAPI} from '../../src/protocol/openapi.js';
