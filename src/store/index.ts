// The store's front door: open (PGlite by default, a server when DATABASE_URL is set), migrate,
// read and write network records. Seeding with the bundled data is the app's job (src/app/open.ts).
import { openDb, type Db, type OpenOptions } from './db.ts';
import { migrate } from './migrate.ts';

export type { Db, Queryable, OpenOptions } from './db.ts';
export { DEFAULT_DATA_DIR } from './db.ts';
export { migrate, migrationFiles } from './migrate.ts';
export * from './network.ts';
export * from './alerts.ts';

/** Opens the database and applies any pending migrations. */
export async function openStore(opts: OpenOptions = {}): Promise<Db> {
  const db = await openDb(opts);
  try {
    await migrate(db);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
  return db;
}
