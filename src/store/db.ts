// One database interface over two backends: embedded PGlite with PostGIS (the default, a data
// directory under the project) and a PostgreSQL/PostGIS server when DATABASE_URL is set.
// Only src/store speaks SQL.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KaravanError } from '../core/issues.ts';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly backend: 'pglite' | 'postgres';
  /** The data directory or the server URL with its password hidden. */
  readonly location: string;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… : use a server. Default: process.env.DATABASE_URL. */
  url?: string;
  /** PGlite data directory; 'memory://' for a throwaway in-memory store. Default KARAVAN_DATA_DIR or ./.karavan/db. */
  dataDir?: string;
}

export const DEFAULT_DATA_DIR = '.karavan/db';

/** An explicit url wins, then an explicit dataDir, then DATABASE_URL, then KARAVAN_DATA_DIR or the default. */
export async function openDb(opts: OpenOptions = {}): Promise<Db> {
  if (opts.url) return openServer(opts.url);
  if (opts.dataDir) return openPglite(opts.dataDir);
  if (process.env.DATABASE_URL) return openServer(process.env.DATABASE_URL);
  return openPglite(process.env.KARAVAN_DATA_DIR ?? DEFAULT_DATA_DIR);
}

/**
 * PGlite is one process's database: a second process writing the same directory corrupts it. A
 * lock file (O_EXCL, holding the pid) refuses a second opener with a clear message; a lock left by
 * a process that died (kill -9) is taken over.
 */
function lockDataDir(dir: string): () => void {
  const path = join(dir, 'karavan.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new KaravanError('STORE_UNAVAILABLE', {
          reason: `the embedded database ${dir} is in use by process ${holder} (another karavan command or npm start); stop it, or set DATABASE_URL to share a PostgreSQL server between processes`,
        });
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new KaravanError('STORE_UNAVAILABLE', { reason: `cannot lock ${dir}` });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : resolve(dataDir);
  if (!inMemory) mkdirSync(dir, { recursive: true });
  const unlock = inMemory ? () => undefined : lockDataDir(dir);
  let pg: import('@electric-sql/pglite').PGlite;
  try {
    pg = await PGlite.create(inMemory ? undefined : dir, { extensions: { postgis } });
  } catch (e) {
    unlock();
    throw new KaravanError('STORE_UNAVAILABLE', { reason: `cannot open the embedded database ${dir}: ${e instanceof Error ? e.message : String(e)}` });
  }
  const wrap = (q: { query: typeof pg.query; exec: typeof pg.exec }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await q.query<T>(sql, params as never[])).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    backend: 'pglite',
    location: dir,
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx as never))),
    close: async () => {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}

async function openServer(url: string): Promise<Db> {
  const pgMod = await import('pg');
  const pg = pgMod.default;
  // numeric and bigint come back as numbers: counts and sums stay well inside 2^53 here
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // an idle connection dropped by the server (restart, timeout) must not take the process down;
  // the next query gets a fresh connection
  pool.on('error', () => undefined);
  const shown = url.replace(/:[^:@/]*@/, ':***@');
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new KaravanError('STORE_UNAVAILABLE', { reason: `cannot reach the PostgreSQL server ${shown} (DATABASE_URL): ${e instanceof Error ? e.message : String(e)}` });
  }
  const q = (c: { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[] }> }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await c.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  return {
    backend: 'postgres',
    location: shown,
    ...q(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(q(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
