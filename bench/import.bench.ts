// Import and start-up figures (issue 4): validation and import throughput of a seeded synthetic
// network of ~100k features into PGlite and (when DATABASE_URL is set) PostgreSQL; cold start
// (new data directory + migrations + bundled network) and warm start (reopen) of the store.
// Fingerprint: the feature counts read back, so a fast wrong import shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDataset, validateFiles } from '../src/app/import-dataset.ts';
import { openKaravan } from '../src/app/open.ts';
import { countLayer, openStore } from '../src/store/index.ts';
import { syntheticNetwork } from '../test/helpers/synthetic.ts';

const NODES = Number(process.env.BENCH_NODES ?? 33500);
const work = mkdtempSync(join(tmpdir(), 'karavan-bench-import-'));
const sec = (t0: number) => (performance.now() - t0) / 1000;
const mb = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
const rows: string[][] = [['step', 'backend', 'features', 'seconds', 'features/s', 'rss MiB']];

try {
  const net = syntheticNetwork(NODES, 42);
  writeFileSync(join(work, 'nodes.geojson'), net.nodes);
  writeFileSync(join(work, 'links.geojson'), net.links);
  const files = [join(work, 'nodes.geojson'), join(work, 'links.geojson')];

  let t0 = performance.now();
  const v = await validateFiles(null, files);
  const tv = sec(t0);
  if (v.issues.some((i) => i.severity === 'error')) throw new Error('synthetic network does not validate');
  rows.push(['validate', '–', String(v.read), tv.toFixed(2), (v.read / tv).toFixed(0), mb()]);

  const backends: { name: string; open: () => Promise<Awaited<ReturnType<typeof openStore>>> }[] = [
    { name: 'pglite', open: () => openStore({ dataDir: join(work, 'db') }) },
  ];
  if (process.env.DATABASE_URL) backends.push({ name: 'postgresql', open: () => openStore({ url: process.env.DATABASE_URL! }) });
  for (const b of backends) {
    const db = await b.open();
    try {
      if (b.name === 'postgresql') await db.query("DELETE FROM links WHERE id LIKE 'rail:SYN-%'").then(() => db.query("DELETE FROM nodes WHERE id LIKE 'SYN-%'"));
      const before = (await countLayer(db, 'nodes')) + (await countLayer(db, 'links'));
      t0 = performance.now();
      const r = await importDataset(db, files);
      const ti = sec(t0);
      const after = (await countLayer(db, 'nodes')) + (await countLayer(db, 'links'));
      if (!r.ok || after - before !== net.features) throw new Error(`${b.name}: imported ${after - before} of ${net.features}`);
      rows.push(['import (validate + write)', b.name, String(net.features), ti.toFixed(2), (net.features / ti).toFixed(0), mb()]);
      if (b.name === 'postgresql') await db.query("DELETE FROM links WHERE id LIKE 'rail:SYN-%'").then(() => db.query("DELETE FROM nodes WHERE id LIKE 'SYN-%'"));
    } finally {
      await db.close();
    }
  }

  // Start-up of `npm start`'s store: cold = new data directory, migrations, bundled network load.
  const dir = join(work, 'start');
  t0 = performance.now();
  let db = await openKaravan({ dataDir: dir, seed: true });
  const cold = sec(t0);
  const seeded = await countLayer(db, 'links');
  await db.close();
  t0 = performance.now();
  db = await openKaravan({ dataDir: dir, seed: true });
  const warm = sec(t0);
  await db.close();
  rows.push(['cold start (create + migrate + bundled network)', 'pglite', String(seeded) + ' links', cold.toFixed(2), '–', mb()]);
  rows.push(['warm start (reopen)', 'pglite', '–', warm.toFixed(2), '–', mb()]);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(`| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`);
