// Freight flows on a drawn Karavan network under a hard capacity, over a real store (PGlite):
//   A=====D      A → D direct is 6 cells of rail; round by B and C it is 10.
//   !     !      The direct line has capacity 2 trains/day, both ways counted as curated data does
//                (so 1 each way: 3,650 t × 365 = 1,332,250 t/yr each way);
//   B=====C      2,000,000 t/yr from A to D: the line fills, the rest goes round, and the shadow
//                price is what going round costs more — the route planner's two route costs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { upsertRecords } from '../src/store/index.ts';
import { buildServer } from '../src/serve/app.ts';
import { planRoute } from '../src/app/plan-route.ts';
import { assignNetworkFlows } from '../src/app/assign-network.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';

const records = drawNetwork(`
A=====D
!     !
B=====C`, { cellKm: 50 });
const direct = records.links.find((l) => l.id === 'A-D')!;
direct.capacityPerDay = 2;
// A project that doubles the direct line's capacity, finished in 2030 (the year overlay applies it).
records.projects.push({
  id: 'P-AD-TRACK', name_en: 'A–D second track', name_ru: 'Второй путь A–D', countries: [direct.country], kind: 'upgrade', status: 'construction',
  yearStart: 2026, yearEnd: 2030, costAmount: null, costCurrency: null, financiers: [], citation: 'drawn',
  changes: [{ op: 'set', link: 'A-D', attr: 'capacityPerDay', value: 4 }], sourceId: 'drawn#P-AD-TRACK' as never, confidence: 'surveyed',
});
const CAP = 3650 * 365;

let store: Awaited<ReturnType<typeof openPgliteForTest>>;
let app: FastifyInstance;
let dir: string;
const demandFile = (rows: string) => {
  const f = join(dir, `od-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(f, `origin,destination,tonnesPerYear,source,confidence\n${rows}`);
  return f;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'karavan-flows-'));
  store = await openPgliteForTest();
  await store.db.transaction((tx) => upsertRecords(tx, records));
  app = await buildServer({ db: store.db });
});
after(async () => {
  await app?.close();
  await store?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('a full line: flow at capacity, the rest round, shadow price = the detour cost per tonne', async () => {
  const r = await assignNetworkFlows(store.db, { demand: demandFile('A,D,2000000,test,estimated\n'), profile: 'bulk' }, 'cli');
  assert.ok(r.converged, JSON.stringify(r.issues));
  const ad = r.links.find((l) => l.id === 'A-D')!, bc = r.links.find((l) => l.id === 'B-C')!;
  assert.ok(Math.abs(ad.tonnesAB - CAP) <= 1e-6 * CAP, `A-D carries ${ad.tonnesAB}`);
  assert.ok(Math.abs(bc.tonnesAB - (2e6 - CAP)) <= 1e-6 * CAP, `B-C carries ${bc.tonnesAB}`);
  assert.equal(ad.tonnesBA, 0);
  const best = await planRoute(store.db, { from: 'A', to: 'D', profile: 'bulk' }, 'cli');
  const round = await planRoute(store.db, { from: 'A', to: 'D', profile: 'bulk', closed: 'A-D' }, 'cli');
  const detour = round.routes[0].objective - best.routes[0].objective;
  assert.ok(detour > 1);
  const top = r.bottlenecks[0];
  assert.equal(top.link, 'A-D');
  assert.equal(top.from, 'A');
  assert.ok(top.binding);
  // the planner rounds its objective to cents
  assert.ok(Math.abs(top.shadowPrice - detour) <= 0.011, `shadow price ${top.shadowPrice}, detour ${detour}`);
  // the other direction has the same capacity, carries nothing, and costs nothing
  const back = r.bottlenecks.find((b) => b.from === 'D')!;
  assert.equal(back.binding, false);
  assert.equal(back.shadowPrice, 0);
});

test('demand under the capacity takes the direct line and no capacity binds', async () => {
  const r = await assignNetworkFlows(store.db, { demand: demandFile('A,D,1000000,test,estimated\nD,A,500000,test,estimated\n'), profile: 'bulk' }, 'cli');
  const ad = r.links.find((l) => l.id === 'A-D')!;
  assert.equal(ad.tonnesAB, 1e6);
  assert.equal(ad.tonnesBA, 5e5);
  assert.ok(r.bottlenecks.every((b) => !b.binding));
  assert.ok(Math.abs(ad.volumeCapacity! - 1e6 / CAP) < 1e-12);
});

test('a pair the profile cannot connect is left out with a warning naming it', async () => {
  const r = await assignNetworkFlows(store.db, { demand: demandFile('A,D,1000,test,estimated\nA,C,1000,test,estimated\n'), profile: 'bulk', modes: 'road' }, 'cli');
  assert.equal(r.assignedTonnes, 0);
  const dropped = r.issues.filter((i) => i.code === 'ASSIGN_OD_DROPPED');
  assert.equal(dropped.length, 2);
  assert.equal(dropped[0].params.origin, 'A');
});

test('GET /flows and /bottlenecks: a file outside data/demand is refused; a matrix naming unknown nodes is a 422 with the line', async () => {
  const bad = await app.inject({ method: 'GET', url: '/flows?demand=../../etc/passwd' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'OPTION_INVALID');
  // the bundled matrix names CIS nodes, none of which the drawn network has
  const r = await app.inject({ method: 'GET', url: '/bottlenecks' });
  assert.equal(r.statusCode, 422, r.body);
  assert.equal(r.json().code, 'ASSIGN_DEMAND_REJECTED');
  assert.match(r.json().message, /od-matrix\.csv:\d+/);
});

test('a project that adds capacity counts from its year: 2 trains each way by 2030 carry the whole demand', async () => {
  const file = demandFile('A,D,2000000,test,estimated\n');
  const before = await assignNetworkFlows(store.db, { demand: file, profile: 'bulk', year: 2029 }, 'cli');
  const after = await assignNetworkFlows(store.db, { demand: file, profile: 'bulk', year: 2030 }, 'cli');
  const ad = (r: typeof before) => r.links.find((l) => l.id === 'A-D')!;
  assert.ok(Math.abs(ad(before).tonnesAB - CAP) <= 1e-6 * CAP, `2029: A-D carries ${ad(before).tonnesAB}`);
  assert.equal(ad(after).tonnesAB, 2e6);
  assert.ok(Math.abs((ad(after).capacityTonnes ?? 0) - 2 * CAP) <= 1e-6 * CAP, `2030 capacity ${ad(after).capacityTonnes}`);
  assert.ok(!after.bottlenecks.some((b) => b.binding), 'nothing binds once the second track is open');
});
