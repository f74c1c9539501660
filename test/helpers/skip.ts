// A test that needs something outside the project (a PostgreSQL server, a browser) calls
// needOrSkip: on a laptop without it the test skips with a visible reason; in CI
// (KARAVAN_NO_SKIP=1) the same call fails the test, so nothing skips silently there.
import type { TestContext } from 'node:test';

export function needOrSkip(t: TestContext, available: boolean, what: string): boolean {
  if (available) return true;
  if (process.env.KARAVAN_NO_SKIP === '1') throw new Error(`${what} is required here (KARAVAN_NO_SKIP=1) but not available`);
  t.skip(`SKIPPED: ${what} not available`);
  return false;
}
