// Known answers on the bundled network (data/network, read straight from the GeoJSON): planner rail
// distances against published ones (±10 %), one published transit time (loose), and structural facts
// the issue lists. The published figures are the ones cited in data/curated/checks/rail-distances.csv;
// each is repeated here with its source key (data/curated/sources.csv, which has the URL as found and
// the date read). A case whose places are not in the bundle fails (the bundle is curated and
// committed; these stations are part of it). Why some pairs of the issue are checked only in part:
// docs/routing.md, "Known answers".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledFiles } from '../src/app/open.ts';
import { checkOptions, planOnNetwork, type PlanRouteResult } from '../src/app/plan-route.ts';
import { networkFromRecords } from '../src/app/network.ts';
import { batchToRecords, readFiles } from '../src/ingest/read-files.ts';
import { ALTERNATIVES } from '../src/route/index.ts';

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
  // Almaty – Dostyk, in part. Aktogay – Dostyk 304 km (Wikipedia de, "Bahnstrecke Aqtoghai–Dostyk",
  // kilometre table; also Wikipedia kk), read 2026-11-30: check-dewiki-aqtoghai-dostyk. No published
  // Almaty-1 – Aktogay figure was found (Turksib kilometre posts, timetables), so the Almaty end is open.
  { from: 'KZ-AKTOGAY', to: 'KZ-DOSTYK', km: 304, source: 'check-dewiki-aqtoghai-dostyk' },
  // Moscow – Minsk: the Orsha-Central station infobox (Wikipedia ru, read 2026-11-30 from a copy)
  // gives 538 km to Moscow and 216 km to Minsk; Orsha lies on the line between them, so Moscow
  // Belorussky – Minsk is 538 + 216 = 754 km: check-ruwiki-orsha-central.
  { from: 'RU-MOSCOW', to: 'BY-MINSK', km: 538 + 216, source: 'check-ruwiki-orsha-central' },
  // Moscow – Orsha 538 km, the same infobox (the middle section the parts below lacked):
  // check-ruwiki-orsha-central.
  { from: 'RU-MOSCOW', to: 'BY-ORSHA', km: 538, source: 'check-ruwiki-orsha-central' },
  // Moscow – Krasnoye (the border station) 490 km, the main line of the Smolensk line of the Moscow
  // Railway (Wikipedia ru, read 2026-11-30 from a copy): check-ruwiki-smolensk-direction.
  { from: 'RU-MOSCOW', to: 'RU-KRASNOYE', km: 490, source: 'check-ruwiki-smolensk-direction' },
  // Orsha – Minsk 212 km: Borisov station is 80 km from Minsk and 132 km from Orsha (also Sadovy
  // 21 + 191, Gorodishche 24 + 188; Wikipedia ru station articles quoting Yandex.Schedules, read
  // 2026-11-30 from copies): check-ruwiki-minsk-orsha-stations.
  { from: 'BY-ORSHA', to: 'BY-MINSK', km: 212, source: 'check-ruwiki-minsk-orsha-stations' },
  // Moscow – Brest "about 1,100 km" (Wikipedia en, Moscow–Brest Railway, read 2026-11-30 from a
  // copy): check-enwiki-moscow-brest. A rounded figure: a check of the route through Minsk.
  { from: 'RU-MOSCOW', to: 'BY-BREST', km: 1100, source: 'check-enwiki-moscow-brest' },
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

// Link km by id, to measure how much two routes share without asking the planner (its own overlap
// bound is what is being checked).
const linkKm = new Map(records.links.map((l) => [l.id, l.lengthKm ?? 0]));
function sharedShare(a: PlanRouteResult['routes'][number], b: PlanRouteResult['routes'][number]): number {
  const inB = new Set(b.legs.flatMap((l) => l.links));
  const ids = [...new Set(a.legs.flatMap((l) => l.links))];
  const total = ids.reduce((s, id) => s + (linkKm.get(id) ?? 0), 0);
  return ids.filter((id) => inB.has(id)).reduce((s, id) => s + (linkKm.get(id) ?? 0), 0) / total;
}
const countries = (x: PlanRouteResult['routes'][number]) => new Set(x.legs.map((l) => l.country).concat(x.borderCrossings.flatMap((b) => [b.fromCountry, b.toCountry])));
const crossesCaspian = (x: PlanRouteResult['routes'][number]) => x.legs.some((l) => l.mode === 'ferry' && seaOf.get(l.from) === 'caspian' && seaOf.get(l.to) === 'caspian');

// The issue: "a route avoiding RU from Almaty to Duisburg exists and crosses the Caspian". With the
// cost model as it stands the cheapest such route runs through Turkmenistan and Iran (Sarakhs, the
// Rasht – Astara road gap) and the Caspian ferry comes as an alternative; docs/routing.md, "Known
// answers", says why and why the model was not changed to reverse it. So this asserts what is true
// of the answer: a route without Russia exists, one of the alternatives crosses the Caspian by ferry,
// and that one is a different corridor (no Iran, no Turkmenistan; at most ALTERNATIVES.maxOverlap of
// its km shared with any other alternative) and the best of its corridor: within 3 % of the km of the
// best route that must cross the Caspian (Iran and Turkmenistan avoided as well). Without Iran as
// well, the best route crosses the Caspian.
test('Almaty → Duisburg avoiding Russia: a route exists, and the best Caspian-ferry route is among the alternatives', (t) => {
  assert.ok(has('KZ-ALMATY-1', 'DE-DUISBURG'), 'Almaty-1 or Duisburg missing from the bundled network');
  const noRu = route('Almaty', 'Duisburg', { avoidCountries: 'RU', alternatives: 3 });
  assert.ok(noRu.routes.length >= 2, JSON.stringify(noRu.unreachable ?? noRu.warnings));
  for (const x of noRu.routes) assert.ok(!countries(x).has('RU'), `a route touches RU: ${[...countries(x)].join(',')}`);
  const caspian = noRu.routes.filter(crossesCaspian);
  assert.ok(caspian.length >= 1, noRu.routes.map((x) => [...countries(x)].join('-')).join(' | '));
  const mc = caspian[0];
  assert.ok(!countries(mc).has('IR') && !countries(mc).has('TM'), `the Caspian alternative should not also run through Iran or Turkmenistan: ${[...countries(mc)].join(',')}`);
  for (const other of noRu.routes) if (other !== mc) assert.ok(sharedShare(mc, other) <= ALTERNATIVES.maxOverlap, `shares ${(100 * sharedShare(mc, other)).toFixed(0)} % of its km with another alternative`);
  const best = route('Almaty', 'Duisburg', { avoidCountries: 'RU,IR,TM' }).routes[0];
  assert.ok(best && crossesCaspian(best), 'without Russia, Iran and Turkmenistan the route crosses the Caspian');
  assert.ok(Math.abs(mc.totals.km - best.totals.km) <= 0.03 * best.totals.km, `Caspian alternative ${mc.totals.km} km, best Caspian route ${best.totals.km} km`);
  const noRuIr = route('Almaty', 'Duisburg', { avoidCountries: 'RU,IR' });
  assert.equal(noRuIr.routes.length, 1, JSON.stringify(noRuIr.unreachable));
  assert.ok(crossesCaspian(noRuIr.routes[0]));
});

// A published transit time, as a loose sanity check. Trend (via MENAFN, 2024-01-15): a container train
// Xi'an – Baku through Kazakhstan (the Middle Corridor) took 11 days; news.az (2024-09-24): about
// 7,000 km Xi'an – Baku in 8 to 11 days. Source keys check-trend-xian-baku-2024, check-newsaz-xian-baku-2024.
// Distance ±10 % of 7,000 km. Time: within a factor of 2 of 11 days (5.5–22 days): the planner charges
// stated defaults (72 h ferry wait, 24 h per transfer) where a block train with booked ferry slots
// waits less, so it is expected to be slower; this catches a lost leg or a unit slip, not a calibration.
test('Xi\'an → Baku by the Middle Corridor: about 7,000 km (±10 %) and within a factor of 2 of the published 11 days', (t) => {
  assert.ok(has('CN-XIAN', 'AZ-BAKU'), 'Xi\'an or Baku missing from the bundled network');
  const r = route('CN-XIAN', 'AZ-BAKU', { avoidCountries: 'RU,IR' });
  assert.equal(r.routes.length, 1, JSON.stringify(r.unreachable));
  const x = r.routes[0];
  assert.ok(crossesCaspian(x), 'the Middle Corridor crosses the Caspian');
  assert.ok(Math.abs(x.totals.km - 7000) <= 700, `planner ${x.totals.km} km vs published about 7,000 km`);
  const days = x.totals.hours / 24;
  assert.ok(days >= 11 / 2 && days <= 11 * 2, `planner ${days.toFixed(1)} days vs published 11 days`);
});

// A published ratio, as a loose sanity check. World Bank (2023), "Middle Trade and Transport Corridor"
// (check-worldbank-middle-corridor-2023): the Middle Corridor "takes three times longer than the
// Northern route (via Russia)". Tolerance: the ratio of planner hours, Xi'an → Duisburg without Russia
// and Iran over the unconstrained (northern) route, lies in 1.5–4.5 (3 ± 50 %): the Caspian and Black
// Sea crossings must make the corridor clearly slower, not ten times slower.
test('Xi\'an → Duisburg: the Middle Corridor takes 1.5–4.5 times as long as the Northern route (World Bank: three times)', (t) => {
  assert.ok(has('CN-XIAN', 'DE-DUISBURG'), 'Xi\'an or Duisburg missing from the bundled network');
  const north = route('CN-XIAN', 'DE-DUISBURG'), middle = route('CN-XIAN', 'DE-DUISBURG', { avoidCountries: 'RU,IR' });
  assert.equal(north.routes.length, 1, JSON.stringify(north.unreachable));
  assert.equal(middle.routes.length, 1, JSON.stringify(middle.unreachable));
  assert.ok(countries(north.routes[0]).has('RU'), 'the unconstrained route is expected to run through Russia (the Northern route)');
  assert.ok(crossesCaspian(middle.routes[0]), 'the route without Russia and Iran crosses the Caspian');
  const ratio = middle.routes[0].totals.hours / north.routes[0].totals.hours;
  assert.ok(ratio >= 1.5 && ratio <= 4.5, `Middle / Northern = ${ratio.toFixed(2)} (${middle.routes[0].totals.hours} h / ${north.routes[0].totals.hours} h)`);
});

// Borders inside the Eurasian Economic Union (RU, BY, KZ, KG, AM) have had no customs clearance since
// the Customs Union (2010–2011; EAEU Treaty 2014): the profiles' customs-union rule gives such a
// crossing with no dwell of its own the technical stop (border.customsUnionDwellHours), not the 24 h
// default, and no warning about a missing dwell (docs/routing.md, "Borders").
test('Moscow → Minsk crosses the RU–BY border as a technical stop inside the customs union', () => {
  const r = route('Moscow', 'Minsk');
  assert.equal(r.routes.length, 1, JSON.stringify(r.unreachable));
  const x = r.routes[0];
  const ruBy = x.borderCrossings.filter((b) => new Set([b.fromCountry, b.toCountry]).size === 2 && [b.fromCountry, b.toCountry].every((c) => c === 'RU' || c === 'BY'));
  assert.ok(ruBy.length >= 1, JSON.stringify(x.borderCrossings));
  const profile = checkOptions({}, 'cli').profile;
  assert.ok(profile.border.customsUnionDwellHours !== undefined && profile.border.customsUnionDwellHours < profile.border.defaultDwellHours);
  for (const b of ruBy) assert.equal(b.dwellHours, profile.border.customsUnionDwellHours, JSON.stringify(b));
  const warned = new Set(r.warnings.filter((w) => w.code === 'ROUTE_BORDER_NO_DWELL' || w.code === 'ROUTE_BORDER_DEFAULT_DWELL').map((w) => w.params.crossing ?? w.params.link));
  for (const b of ruBy) assert.ok(!warned.has(b.crossing), `${b.crossing} is warned of`);
});
