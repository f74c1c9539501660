// `karavan assign --demand` as a user runs it, over a real store holding a drawn network whose
// direct line A–D is capped at two trains/day both ways, one each way (see flows-network.test.ts
// for the hand answer).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { upsertRecords } from '../src/store/index.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';
import { cliEnv, runCliSync } from './helpers/cli.ts';

let store: Awaited<ReturnType<typeof openPgliteForTest>>;
let demand: string;

before(async () => {
  store = await openPgliteForTest();
  const records = drawNetwork(`
A=====D
!     !
B=====C`, { cellKm: 50 });
  records.links.find((l) => l.id === 'A-D')!.capacityPerDay = 2;
  await store.db.transaction((tx) => upsertRecords(tx, records));
  await store.db.close();
  demand = join(store.dir, 'od.csv');
  writeFileSync(demand, 'origin,destination,tonnesPerYear,source,confidence\nA,D,2000000,test,estimated\n');
});
after(async () => store?.cleanup());

function karavan(...args: string[]) {
  return runCliSync(args, cliEnv(store.dir)); // PGlite with the drawn network, even where CI sets DATABASE_URL
}

test('karavan assign --demand: JSON with flows per direction and the binding capacity first; a table in text', () => {
  const j = karavan('assign', '--demand', demand, '--json');
  assert.equal(j.code, 0, j.err);
  const r = JSON.parse(j.out);
  assert.equal(r.ok, true);
  assert.equal(r.converged, true);
  assert.equal(r.assignedTonnes, 2e6);
  const ad = r.links.find((l: { id: string }) => l.id === 'A-D');
  assert.ok(Math.abs(ad.tonnesAB - 3650 * 365) < 1);
  assert.equal(r.bottlenecks[0].link, 'A-D');
  assert.ok(r.bottlenecks[0].binding && r.bottlenecks[0].shadowPrice > 0);
  const t = karavan('assign', '--demand', demand, '--tonnes-per-train', '2000');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /A-D\t\tA\tD\t730,000\t730,000\t1\.000\t\d+\.\d\d/);
  const ru = karavan('--lang', 'ru', 'assign', '--demand', demand);
  assert.match(ru.out, /распределено/);
});

test('karavan assign --demand with a missing file or a bad option is bad usage, named', () => {
  const missing = karavan('assign', '--demand', join(store.dir, 'nope.csv'));
  assert.notEqual(missing.code, 0);
  assert.match(missing.err, /nope\.csv/);
  const bad = karavan('assign', '--demand', demand, '--tonnes-per-train', 'lots');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--tonnes-per-train/);
});
