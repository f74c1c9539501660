// Opening the store from a CLI verb: the bundled network is loaded on first use, progress goes to
// stderr, and the database is closed however the verb ends.
import { openKaravan } from '../app/open.ts';
import type { Db } from '../store/index.ts';
import type { CliContext } from './kit.ts';

export async function withKaravan<T>(ctx: CliContext, fn: (db: Db) => Promise<T>, opts: { seed?: boolean } = {}): Promise<T> {
  const db = await openKaravan({ seed: opts.seed, log: (l) => { if (!ctx.json) ctx.err(l); } });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
