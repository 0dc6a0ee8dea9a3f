// Values the Vitest global setups hand to tests (`project.provide` → `inject`).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL for server tests, or `null` when none could be had (tests/server/postgres.global.ts). */
    pgUrl: string | null;
    /** The PostgreSQL `bin` folder, for tests that start and restart a cluster of their own. */
    pgBin: string | null;
    /** Base URL of a real Colloquy server for component tests (tests/browser/server.global.ts). */
    apiUrl: string;
  }
}
