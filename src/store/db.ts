// One database interface over two backends: embedded PGlite with PostGIS (the default, a data
// directory under the project) and a PostgreSQL/PostGIS server when DATABASE_URL is set.
// Only src/store speaks SQL.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

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

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : resolve(dataDir);
  if (!inMemory) mkdirSync(dir, { recursive: true });
  const pg = await PGlite.create(inMemory ? undefined : dir, { extensions: { postgis } });
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
    close: () => pg.close(),
  };
}

async function openServer(url: string): Promise<Db> {
  const pgMod = await import('pg');
  const pg = pgMod.default;
  // numeric and bigint come back as numbers: counts and sums stay well inside 2^53 here
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await pool.query('SELECT 1');
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
    location: url.replace(/:[^:@/]*@/, ':***@'),
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
