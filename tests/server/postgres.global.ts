import type {TestProject} from 'vitest/node';

import {findPostgresBin, startCluster} from './pg-cluster.js';

/**
 * Gives the server tests a real PostgreSQL: `TEST_PG_URL` if set, else a
 * throwaway cluster from Debian's `postgresql` package on a free loopback port.
 * With `COLLOQUY_REQUIRE_PG=1` (CI), having none is an error, not a skip.
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.TEST_PG_URL) {
    project.provide('pgUrl', process.env.TEST_PG_URL);
    project.provide('pgBin', findPostgresBin() ?? null);
    return undefined;
  }
  const bin = findPostgresBin();
  project.provide('pgBin', bin ?? null);
  if (!bin) {
    if (process.env.COLLOQUY_REQUIRE_PG === '1') throw new Error('PostgreSQL is required (COLLOQUY_REQUIRE_PG=1) but initdb was not found.');
    console.warn('[colloquy] no PostgreSQL found (apt-get install postgresql): PostgreSQL tests are skipped.');
    project.provide('pgUrl', null);
    return undefined;
  }
  const cluster = await startCluster(bin);
  project.provide('pgUrl', cluster.url);
  return () => cluster.destroy();
}
