// CAP areas given by geocodes only: country codes become the bundled Natural Earth 1:50m boundary
// (enclaves kept out), every other scheme stays unmapped with a warning that names its codes. The
// store test checks that a country-only alert touches that country's network and not its neighbours'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { alertImpacts, ingestAlertBody, ingestAlerts } from '../src/app/alerts.ts';
import { rerouteAroundAlerts } from '../src/app/alerts-reroute.ts';
import { GEOCODE_RISK_CAP, RISK_REF_KM } from '../src/risk/index.ts';
import { readAlertFiles } from '../src/ingest/cap/index.ts';
import { isCountryScheme, keyhole, resolveGeocodes } from '../src/ingest/cap/geocode.ts';
import { alertAreasGeoJson, readLayer, type Db } from '../src/store/index.ts';
import { useSeededKaravan } from './helpers/stores.ts';

const FIX = join(PROJECT_ROOT, 'test/fixtures/cap');

/** Even-odd point in rings: a keyhole's bridge is crossed twice, so a hole stays outside. */
function inside(rings: readonly (readonly (readonly number[])[])[], lon: number, lat: number): boolean {
  let c = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i], [xj, yj] = r[j];
      if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

test('publisher spellings of ISO 3166-1 are country schemes; subdivision and national schemes are not', () => {
  for (const n of ['ISO3166-1', 'iso3166-1', 'ISO 3166-1 alpha-3', 'country', 'Country code', 'http://www.iso.org/iso/country_codes.html']) assert.ok(isCountryScheme(n), n);
  for (const n of ['ISO3166-2', 'SAME', 'FIPS', 'FIPS6', 'UGC', 'EMMA_ID', 'NUTS3', 'KZSTD', 'profile:CAP-CP:Location:0.3']) assert.ok(!isCountryScheme(n), n);
});

test('keyhole: a square with a square hole is one ring whose hole stays outside', () => {
  const outer: [number, number][] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
  const hole: [number, number][] = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];
  const ring = keyhole(outer, [hole]);
  assert.deepEqual(ring[0], ring[ring.length - 1], 'closed');
  assert.equal(ring.length, 4 + 5 + 1 + 1, 'outer 4 corners + hole 4 corners and back to its start + the outer corner again + closing point');
  assert.ok(inside([ring], 1, 1) && inside([ring], 9, 9));
  assert.ok(!inside([ring], 5, 5), 'the hole');
});

test('a country-only alert (ISO3166-1 = KZ) is mapped onto Kazakhstan and says so', () => {
  const r = readAlertFiles([join(FIX, 'geocode/country-only.xml')]);
  assert.equal(r.alerts.length, 1);
  assert.deepEqual(r.issues.map((i) => i.code), ['CAP_GEOCODE_RESOLVED']);
  assert.equal(r.issues[0].params.countries, 'KZ');
  assert.equal(r.issues[0].params.codes, 'ISO3166-1=KZ');
  const rings = r.alerts[0].infos[0].areas[0].polygons;
  assert.ok(rings.length >= 1);
  // Almaty, Astana, Aktau inside; Tashkent, Bishkek, Urumqi outside
  for (const [name, lon, lat] of [['Almaty', 76.91, 43.25], ['Astana', 71.43, 51.13], ['Aktau', 51.2, 43.65]] as const) assert.ok(inside(rings, lon, lat), name);
  for (const [name, lon, lat] of [['Tashkent', 69.24, 41.3], ['Bishkek', 74.6, 42.87], ['Urumqi', 87.6, 43.8]] as const) assert.ok(!inside(rings, lon, lat), name);
});

test('spellings and schemes: alpha-3 under "country" resolves; FIPS, an ISO 3166-2 subdivision and SAME are named and left unmapped', () => {
  const r = readAlertFiles([join(FIX, 'geocode/country-variants.xml')]);
  assert.equal(r.alerts.length, 1);
  const byCode = (c: string) => r.issues.filter((i) => i.code === c).map((i) => `${i.params.value}: ${i.params.codes}`);
  assert.deepEqual(byCode('CAP_GEOCODE_RESOLVED'), ['Kyrgyzstan: country=kgz']);
  assert.deepEqual(byCode('CAP_GEOCODE_UNRESOLVED'), ['Kyrgyzstan: FIPS=KG08']);
  assert.deepEqual(byCode('CAP_GEOCODE_ONLY'), ['Baku: http://www.iso.org/iso/country_codes.html=AZ-BA', 'Somewhere else: SAME=006037']);
  const [kg, baku, same] = r.alerts[0].infos[0].areas;
  assert.deepEqual([baku.polygons.length, same.polygons.length], [0, 0]);
  assert.ok(inside(kg.polygons, 74.6, 42.87), 'Bishkek');
  assert.ok(inside(kg.polygons, 72.8, 40.53), 'Osh');
  // the Uzbek enclave of Sokh (a hole in Natural Earth's Kyrgyzstan) is not Kyrgyzstan
  assert.ok(!inside(kg.polygons, 71.074, 40.008), 'Sokh');
});

test('an area mapped from geocodes is marked as such; drawn areas and unresolved ones are not', () => {
  const [kz] = readAlertFiles([join(FIX, 'geocode/country-only.xml')]).alerts[0].infos[0].areas;
  assert.equal(kz.fromGeocodes, true);
  const [kg, baku, same] = readAlertFiles([join(FIX, 'geocode/country-variants.xml')]).alerts[0].infos[0].areas;
  assert.deepEqual([kg.fromGeocodes, baku.fromGeocodes, same.fromGeocodes], [true, undefined, undefined]);
  const drawn = readAlertFiles([join(FIX, 'good/sequence/1-alert.xml')]).alerts[0].infos[0].areas;
  assert.ok(drawn.length > 0 && drawn.every((a) => a.fromGeocodes === undefined));
});

test('a code outside the bundled boundaries (AU, or clipped away) stays unresolved', () => {
  const r = resolveGeocodes([{ valueName: 'ISO3166-1', value: 'AU' }, { valueName: 'ISO3166-1', value: 'XX' }, { valueName: 'ISO3166-1', value: 'UZ' }]);
  assert.deepEqual(r.unresolved.map((g) => g.value), ['AU', 'XX']);
  assert.deepEqual(r.resolved.map((g) => g.country), ['UZ']);
});

test('the real UGC-only sample (West Coast/Alaska Tsunami Warning Center) stays unmapped, its codes named', () => {
  const r = readAlertFiles([join(FIX, 'real/google__wcatwc-warning.cap')]);
  const w = r.issues.filter((i) => i.code === 'CAP_GEOCODE_ONLY');
  assert.ok(w.length >= 1);
  assert.match(String(w[0].params.codes), /^UGC=AKZ185/);
  assert.ok(r.alerts[0].infos.every((i) => i.areas.every((a) => a.polygons.length === 0 && a.circles.length === 0)));
});

let db: Db;
useSeededKaravan((d) => { db = d; });

test('stored: the KZ alert touches Kazakh links in full, Kazakh ports, and of its neighbours at most a border station', async () => {
  const ing = await ingestAlerts(db, [join(FIX, 'geocode/country-only.xml'), join(FIX, 'geocode/country-variants.xml')], { now: '2030-05-01T02:00:00Z' });
  assert.equal(ing.ok, true, JSON.stringify(ing.issues.filter((i) => i.severity === 'error')));
  const kz = ing.alerts.find((a) => a.identifier === 'KARAVAN-GEOCODE-KZ-1')!;
  const [{ impact }] = await alertImpacts(db, { id: kz.id, at: '2030-05-02T00:00:00Z' });
  // hand-checked: Almaty-1 – Kazybek Bek lies well inside Kazakhstan, so all of its 65.4 km is affected
  const almaty = impact.links.find((l) => l.id === 'rail:KZ-ALMATY-1:KZ-KAZYBEK-BEK');
  assert.ok(almaty, 'Almaty-1 – Kazybek Bek is touched');
  assert.ok(Math.abs(almaty!.affectedKm - almaty!.lengthKm) < 0.01, `${almaty!.affectedKm} of ${almaty!.lengthKm} km`);
  assert.ok(impact.ports.includes('KZ-AKTAU-PORT') && impact.ports.includes('KZ-KURYK-PORT'), impact.ports.join(' '));
  const nodes = new Map((await readLayer(db, 'nodes')).map((n) => [n.id, n]));
  // a border station across the line may fall inside the generalised 1:50m boundary; nothing else may
  for (const id of impact.nodes) assert.ok(id.startsWith('KZ-') || nodes.get(id)!.kind === 'border', `${id} (${nodes.get(id)!.kind}) is not Kazakh`);
  // border sections count only their Kazakh part: almost all affected km are on Kazakh links
  assert.ok(impact.kmByCountry.KZ > 0.98 * impact.affectedKm, JSON.stringify(impact.kmByCountry));
});

test('stored: the keyhole of an enclave comes back from the store as a hole', async () => {
  const mixed = (await alertImpacts(db, { at: '2030-05-01T03:00:00Z' })).find((x) => x.alert.identifier === 'KARAVAN-GEOCODE-MIXED-1');
  assert.ok(mixed, 'the mixed alert is active');
  const areas = await alertAreasGeoJson(db, mixed!.alert.id);
  assert.equal(areas.length, 1, 'only the Kyrgyz area is mapped');
  const g = (typeof areas[0].geometry === 'string' ? JSON.parse(areas[0].geometry) : areas[0].geometry) as { type: string; coordinates: number[][][][] };
  assert.equal(g.type, 'MultiPolygon');
  const holes = g.coordinates.reduce((s, p) => s + p.length - 1, 0);
  assert.ok(holes >= 3, `Natural Earth's Kyrgyzstan has 3 enclaves; the stored area has ${holes} holes`);
});

/** A country-only CAP alert (ISO3166-1 = KZ), as a request body. */
function nationalAlert(identifier: string, severity: string, certainty: string, sent: string, expires: string): Uint8Array {
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier><sender>geocode-test@karavan.example</sender><sent>${sent}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><category>Met</category><event>Heat</event><urgency>Immediate</urgency><severity>${severity}</severity><certainty>${certainty}</certainty>
    <expires>${expires}</expires><area><areaDesc>Kazakhstan</areaDesc><geocode><valueName>ISO3166-1</valueName><value>KZ</value></geocode></area></info>
</alert>`);
}

test('routing: a country-wide Severe/Observed warning closes nothing and slows nothing, adds capped risk, and is still listed with what it touches', async () => {
  const at = '2030-06-02T00:00:00Z';
  const ing = await ingestAlertBody(db, nationalAlert('KARAVAN-GEOCODE-HEAT-1', 'Severe', 'Observed', '2030-06-01T00:00:00+00:00', '2030-06-03T00:00:00+00:00'), 'heat.xml', { now: at });
  assert.equal(ing.ok, true, JSON.stringify(ing.issues.filter((i) => i.severity === 'error')));
  const id = ing.alerts[0].id;
  const r = await rerouteAroundAlerts(db, { from: 'Almaty', to: 'Astana', modes: 'rail' }, 'cli', 'en', at);
  assert.ok(r.withAlerts.routes.length, `Almaty → Astana unreachable under a national heat warning: ${JSON.stringify(r.withAlerts.unreachable)}`);
  assert.deepEqual(r.withAlerts.routes[0].nodes, r.baseline.routes[0].nodes);
  assert.deepEqual([r.overlay.closedLinks, r.overlay.linkTimeFactor, r.overlay.dwellFactor], [[], {}, {}]);
  assert.equal(r.overlay.alerts[id].effect, 'watch');
  assert.deepEqual([r.delta!.km, r.delta!.hours, r.delta!.usd], [0, 0, 0]);
  const c = r.changedBy.find((x) => x.alertId === id)!;
  assert.equal(c.effect, 'watch');
  assert.ok(c.touchedLinks.length > 5, 'it touches the Kazakh links of the route');
  // risk: at most the watch cap per RISK_REF_KM of the route (all of it is in Kazakhstan)
  assert.ok(r.delta!.risk > 0 && r.delta!.risk <= (GEOCODE_RISK_CAP * r.baseline.routes[0].totals.km) / RISK_REF_KM + 1e-3, `${r.delta!.risk}`);
  // exposure still lists what the country's boundary touches, and the list calls it a watch
  const [x] = await alertImpacts(db, { id, at });
  assert.ok(x.impact.links.length > 100 && x.impact.links.some((l) => l.id === 'rail:KZ-ALMATY-1:KZ-KAZYBEK-BEK'), `${x.impact.links.length} links`);
  assert.equal(x.alert.effect.kind, 'watch');
  assert.equal(x.alert.geocodeOnly, true);
});

test('routing: the country-wide Severe/Likely dust storm (a delay if drawn) slows no Kazakh link', async () => {
  const r = await rerouteAroundAlerts(db, { from: 'Almaty', to: 'Astana', modes: 'rail' }, 'cli', 'en', '2030-05-02T00:00:00Z');
  assert.ok(Object.keys(r.overlay.alerts).length >= 1, 'the dust storm is in effect');
  assert.deepEqual([r.overlay.closedLinks, r.overlay.linkTimeFactor], [[], {}]);
  assert.equal(r.delta!.hours, 0);
});
