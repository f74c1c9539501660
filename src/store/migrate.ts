// Versioned SQL migrations (./migrations/NNNN_name.sql), each applied once, in order, in its own
// transaction, on both backends. Numbers leave gaps so stages can add their tables without clashing.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Db } from './db.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function migrationFiles(): { version: string; file: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.slice(0, 4), file: f }));
}

/** Applies what is missing; returns the versions applied now. */
export async function migrate(db: Db): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const applied: string[] = [];
  for (const m of migrationFiles()) {
    if (done.has(m.version)) continue;
    const sql = readFileSync(join(dir, m.file), 'utf8');
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (version, file) VALUES ($1, $2)', [m.version, m.file]);
    });
    applied.push(m.version);
  }
  return applied;
}
