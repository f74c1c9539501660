// npm start loads the bundled network into an empty store, reloads it when data/network changed
// and the store holds nothing else, and never drops a user's own imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bundledFiles, bundledVersion, openKaravan } from '../src/app/open.ts';
import { importDataset } from '../src/app/import-dataset.ts';
import { countLayer, getMeta, setMeta, upsertRecords } from '../src/store/index.ts';
import { freshPgliteDir } from './helpers/stores.ts';
import { readFiles, batchToRecords } from '../src/ingest/read-files.ts';

test('first run loads the bundle; a changed bundle is reloaded; user imports are kept', async () => {
  assert.ok(bundledFiles().length > 0, 'data/network is missing: npm run data:build');
  const dir = await freshPgliteDir();
  const logs: string[] = [];
  try {
    let db = await openKaravan({ dataDir: dir, seed: true, log: (l) => logs.push(l) });
    const nodes = await countLayer(db, 'nodes');
    assert.ok(nodes > 0);
    assert.equal(await getMeta(db, 'bundled_version'), bundledVersion());
    // a record that is not in the bundle, written as if by an older bundle, and an old version mark
    const extra = batchToRecords(readFiles(['test/fixtures/network/nodes.csv']).batch);
    await db.transaction(async (tx) => { await upsertRecords(tx, extra); await setMeta(tx, 'bundled_version', 'older'); });
    await db.close();

    db = await openKaravan({ dataDir: dir, seed: true, log: (l) => logs.push(l) });
    assert.equal(await countLayer(db, 'nodes'), nodes, 'the old record should be gone after the reload');
    assert.equal(await getMeta(db, 'bundled_version'), bundledVersion());
    assert.ok(logs.some((l) => l.startsWith('reloaded the changed bundled network')), logs.join('\n'));

    const r = await importDataset(db, ['test/fixtures/network/nodes.csv']);
    assert.ok(r.ok);
    await db.transaction((tx) => setMeta(tx, 'bundled_version', 'older'));
    await db.close();
    db = await openKaravan({ dataDir: dir, seed: true, log: (l) => logs.push(l) });
    assert.equal(await countLayer(db, 'nodes'), nodes + extra.nodes.length, 'user imports must be kept');
    assert.ok(logs.some((l) => l.includes('your imports are kept')));
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
