// Versioned SQL migrations (./migrations/NNNN_name.sql), each applied once, in order, in its own
// transaction, on both backends. Numbers leave gaps so stages can add their tables without clashing.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Db } from './db.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function migrationFiles(): { version: string; file: string }[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.slice(0, 4), file: f }));
  // two files with one number would share a version key and the second would never run
  for (let i = 1; i < files.length; i++) {
    if (files[i].version === files[i - 1].version) throw new Error(`migrations ${files[i - 1].file} and ${files[i].file} share version ${files[i].version}`);
  }
  return files;
}

/** Applies what is missing; returns the versions applied now. */
export async function migrate(db: Db): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const applied: string[] = [];
  for (const m of migrationFiles()) {
    if (done.has(m.version)) continue;
    const sql = readFileSync(join(dir, m.file), 'utf8');
    const ran = await db.transaction(async (tx) => {
      // two servers' processes starting together: one applies, the other waits and then sees it done
      if (db.backend === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(4711020)');
      if ((await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version])).length) return false;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (version, file) VALUES ($1, $2)', [m.version, m.file]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}
