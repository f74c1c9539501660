// Known answers on the bundled network (data/network, read straight from the GeoJSON): planner rail
// distances against published ones (±10 %), and structural facts the issue lists. The published
// figures are the ones the data curators cite in data/curated/checks/rail-distances.csv; each is
// repeated here with its source key (data/curated/sources.csv). A case whose places are not in the
// bundle fails (the bundle is curated and committed; these stations are part of it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledFiles } from '../src/app/open.ts';
import { checkOptions, networkFromRecords, planOnNetwork, type PlanRouteResult } from '../src/app/plan-route.ts';
import { batchToRecords, readFiles } from '../src/ingest/read-files.ts';

const records = batchToRecords(readFiles(bundledFiles()).batch);
const net = networkFromRecords(records, 'known-answers');
const has = (...ids: string[]) => ids.every((id) => net.graph.nodeIndex.has(id));
const seaOf = new Map(records.ports.filter((p) => p.node).map((p) => [p.node!, p.sea]));

function route(from: string, to: string, o: { modes?: string; avoidCountries?: string; alternatives?: number } = {}): PlanRouteResult {
  return planOnNetwork(net, { from, to }, checkOptions({ alternatives: o.alternatives ?? 1, modes: o.modes, avoidCountries: o.avoidCountries }, 'cli'), 'cli', 'en');
}

const DISTANCES: { from: string; to: string; km: number; source: string }[] = [
  // KTZ timetable of train 23 Almaty-1 – Arys-1 (823 km) plus Arys – Tashkent (155 km): check-ktz-train-23-timetable
  { from: 'KZ-ALMATY-1', to: 'UZ-TASHKENT', km: 823 + 155, source: 'check-ktz-train-23-timetable' },
  // Poti – Baku line kilometrage, Baku at km 548.8 from Tbilisi (Wikipedia de, Bahnstrecke Poti–Baku): check-dewiki-poti-baku
  { from: 'AZ-BAKU', to: 'GE-TBILISI', km: 549, source: 'check-dewiki-poti-baku' },
  // KTZ: Dostyk – Moyinty section 836 km: check-ktz-dostyk-moyinty
  { from: 'KZ-DOSTYK', to: 'KZ-MOYINTY', km: 836, source: 'check-ktz-dostyk-moyinty' },
  // Minsk Central – Baranavichy – Brest Central 347 km (Wikipedia ja, Minsk–Brest railway): check-wiki-ja-minsk-brest
  { from: 'BY-MINSK', to: 'BY-BREST', km: 347, source: 'check-wiki-ja-minsk-brest' },
];

for (const d of DISTANCES) {
  test(`rail ${d.from} – ${d.to} is within ±10 % of the published ${d.km} km (${d.source})`, (t) => {
    assert.ok(has(d.from, d.to), `${d.from} or ${d.to} is missing from the bundled network`);
    const r = route(d.from, d.to, { modes: 'rail' });
    assert.equal(r.routes.length, 1, JSON.stringify(r.unreachable));
    const km = r.routes[0].totals.km;
    assert.ok(Math.abs(km - d.km) <= 0.1 * d.km, `planner ${km} km vs published ${d.km} km`);
  });
}

test('every answer\'s totals equal the sum of its legs, on the bundled network', (t) => {
  assert.ok(has('KZ-ALMATY-1', 'DE-DUISBURG'), 'Almaty-1 or Duisburg missing from the bundled network');
  const r = route('Almaty', 'Duisburg', { alternatives: 3 });
  assert.ok(r.routes.length >= 1);
  for (const x of r.routes) {
    for (const k of ['km', 'hours', 'usd', 'co2Kg'] as const) {
      const sum = x.legs.reduce((s, l) => s + l[k], 0);
      assert.ok(Math.abs(sum - x.totals[k]) < 0.011 * x.legs.length, `${k}: ${sum} vs ${x.totals[k]}`);
    }
  }
});

test('Almaty → Duisburg, in English and in Russian, is the same route with borders and a gauge change', (t) => {
  assert.ok(has('KZ-ALMATY-1', 'DE-DUISBURG'), 'Almaty-1 or Duisburg missing from the bundled network');
  const en = route('Almaty', 'Duisburg'), ru = route('Алматы', 'Дуйсбург');
  assert.deepEqual(ru.routes[0].nodes, en.routes[0].nodes);
  assert.ok(en.routes[0].borderCrossings.length >= 2);
  assert.ok(en.routes[0].gaugeChanges.length >= 1, 'the 1520 network meets the 1435 network somewhere on the way');
});

test('a rail route Dostyk → Alashankou has exactly one 1520 ↔ 1435 gauge change', (t) => {
  assert.ok(has('KZ-DOSTYK', 'CN-ALASHANKOU'), 'Dostyk or Alashankou missing from the bundled network');
  const r = route('KZ-DOSTYK', 'CN-ALASHANKOU', { modes: 'rail' });
  const g = r.routes[0].gaugeChanges;
  assert.equal(g.length, 1);
  assert.deepEqual([g[0].fromGaugeMm, g[0].toGaugeMm].sort(), [1435, 1520]);
});

const caspianFerry = (r: PlanRouteResult) => r.routes.some((x) => x.legs.some((l) => l.mode === 'ferry' && seaOf.get(l.from) === 'caspian' && seaOf.get(l.to) === 'caspian'));

test('the Middle Corridor (no Russia, no Iran) from Almaty to Baku crosses the Caspian by ferry', (t) => {
  assert.ok(has('KZ-ALMATY-1', 'AZ-BAKU'), 'Almaty-1 or Baku missing from the bundled network');
  const r = route('Almaty', 'Baku', { avoidCountries: 'RU,IR' });
  assert.equal(r.routes.length, 1, JSON.stringify(r.unreachable));
  assert.ok(caspianFerry(r), r.routes[0].legs.map((l) => `${l.mode} ${l.from}→${l.to}`).join('; '));
});

test('a route from Almaty to Duisburg avoiding Russia exists; without Iran too it crosses the Caspian', (t) => {
  assert.ok(has('KZ-ALMATY-1', 'DE-DUISBURG'), 'Almaty-1 or Duisburg missing from the bundled network');
  const noRu = route('Almaty', 'Duisburg', { avoidCountries: 'RU' });
  assert.equal(noRu.routes.length, 1, JSON.stringify(noRu.unreachable));
  assert.ok(noRu.routes[0].borderCrossings.every((b) => b.fromCountry !== 'RU' && b.toCountry !== 'RU'));
  const noRuIr = route('Almaty', 'Duisburg', { avoidCountries: 'RU,IR' });
  assert.equal(noRuIr.routes.length, 1, JSON.stringify(noRuIr.unreachable));
  assert.ok(caspianFerry(noRuIr));
});
