// PGlite is a one-process database: while one process holds a data directory, another karavan
// command is refused with a clear message instead of corrupting it; a lock left by a killed process
// is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/store/index.ts';
import { cliEnv, runCli } from './helpers/cli.ts';
import { freshPgliteDir } from './helpers/stores.ts';

test('a second process is refused while the embedded store is open; a stale lock is taken over', async () => {
  const dir = await freshPgliteDir();
  const env = cliEnv(dir);
  const db = await openStore({ dataDir: dir });
  try {
    const r = await runCli(['stats'], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`in use by process ${process.pid}.*\\[STORE_UNAVAILABLE\\]`));
    const ru = await runCli(['stats', '--lang', 'ru'], env);
    assert.match(ru.stderr, /база данных недоступна/);
  } finally {
    await db.close();
  }
  const ok = await runCli(['stats', '--json'], env);
  assert.equal(ok.code, 0, ok.stderr);
  writeFileSync(join(dir, 'karavan.lock'), '2147483646'); // no such process
  const stale = await runCli(['stats', '--json'], env);
  assert.equal(stale.code, 0, stale.stderr);
});

test('usage errors exit 2 with the option named: an OSM extract without --country, a bad --country', async () => {
  const env = cliEnv(await freshPgliteDir());
  const pbf = await runCli(['validate', '--no-store', 'test/fixtures/osm/monaco.osm.pbf'], env);
  assert.equal(pbf.code, 2, pbf.stderr);
  assert.match(pbf.stderr, /--country.*\[OPTION_REQUIRED\]/);
  const exp = await runCli(['export', '--layer', 'nodes', '--country', 'kz'], env);
  assert.equal(exp.code, 2, exp.stderr);
  assert.match(exp.stderr, /--country.*"kz"/);
});
