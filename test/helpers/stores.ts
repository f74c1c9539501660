// Stores for tests: embedded PGlite (a copy of a migrated template directory, so each test file
// pays ~3 s instead of ~10 s) and, when DATABASE_URL names a PostgreSQL/PostGIS server, a fresh
// database on it that is dropped afterwards. No mocks: both are the real thing.
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { migrationFiles, openStore, type Db } from '../../src/store/index.ts';
import { openKaravan, PROJECT_ROOT } from '../../src/app/open.ts';

function schemaHash(): string {
  const h = createHash('sha256');
  for (const m of migrationFiles()) h.update(readFileSync(join(PROJECT_ROOT, 'src/store/migrations', m.file)));
  return h.digest('hex').slice(0, 12);
}

/** A new PGlite data directory holding the migrated, empty schema. */
export async function freshPgliteDir(): Promise<string> {
  const template = join(tmpdir(), `karavan-test-template-${schemaHash()}`);
  if (!existsSync(template)) {
    const building = mkdtempSync(join(tmpdir(), 'karavan-template-build-'));
    const db = await openStore({ dataDir: building });
    await db.close();
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another test file won the race
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'karavan-test-db-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

export async function openPgliteForTest(): Promise<{ db: Db; dir: string; cleanup: () => Promise<void> }> {
  const dir = await freshPgliteDir();
  const db = await openStore({ dataDir: dir });
  return { db, dir, cleanup: async () => { await db.close().catch(() => undefined); rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * A PGlite store seeded with the bundled data for one test file: opened before its tests (and
 * handed to `onOpen`), closed and removed after them. Called at the top level of the file.
 */
export function useSeededKaravan(onOpen: (db: Db, dir: string) => void): void {
  let db: Db | undefined;
  let dir: string | undefined;
  before(async () => {
    dir = await freshPgliteDir();
    db = await openKaravan({ dataDir: dir, seed: true });
    onOpen(db, dir);
  });
  after(async () => {
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}

export const serverUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

/** A fresh database on the server named by DATABASE_URL, migrated; null when there is no server. */
export async function openServerForTest(): Promise<{ db: Db; url: string; cleanup: () => Promise<void> } | null> {
  const base = serverUrl();
  if (!base) return null;
  const pg = (await import('pg')).default;
  const name = `karavan_t_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = await openStore({ url });
  return {
    db, url,
    cleanup: async () => {
      await db.close().catch(() => undefined);
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Environment for a spawned karavan CLI on a given PGlite directory (never the CI server). */
export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KARAVAN_DATA_DIR: dataDir, ...extra };
  delete env.DATABASE_URL;
  delete env.CI;
  return env;
}
