// Rerouting around active alerts on a drawn network (PGlite), through the route stage's overlay:
//
//   A==========B==========C      rail 1520, cellKm 10: A–B 110 km, B–C 110 km,
//   !                     !      A–D 20 km, D–E 220 km, E–C 20 km.
//   D=====================E
//
// The closure alert (good/sequence/1-alert.xml: Extreme, Observed; a box round B) closes A–B and
// B–C, so A→C moves from A–B–C (220 km) to A–D–E–C (260 km): +40 km, and the alert is named.
// Its update (Severe, Likely: a delay round C) closes nothing: the route goes back, slower where the
// circle covers B–C.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openKaravan, PROJECT_ROOT } from '../src/app/open.ts';
import { ingestAlertBody, ingestAlerts } from '../src/app/alerts.ts';
import { alertOverlay, MAX_ATTRIBUTED, rerouteAroundAlerts } from '../src/app/alerts-reroute.ts';
import { rerouteText } from '../src/cli/commands/alerts.ts';
import { buildServer } from '../src/serve/app.ts';
import { alertExposureRows, readLayer, upsertRecords, type Db } from '../src/store/index.ts';
import { RISK_REF_KM } from '../src/risk/index.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { freshPgliteDir, openPgliteForTest } from './helpers/stores.ts';
import { rmSync } from 'node:fs';

const FIX = join(PROJECT_ROOT, 'test/fixtures/cap');
const AT = '2025-03-06T18:00:00Z';
const records = drawNetwork(`A==========B==========C
!                     !
D=====================E`, { cellKm: 10 });
// a second network on the same ground: F–G–H crosses into KG at G (10 h wait into KG, 30 h back)
const border = drawNetwork(`F==========G==========H`, { cellKm: 10, nodes: { H: { country: 'KG' } }, links: { 'G-H': { country: 'KG' } }, crossings: { 'G-H': { dwellHoursAB: 10, dwellHoursBA: 30 } } });

let h: Awaited<ReturnType<typeof openPgliteForTest>>;
let app: FastifyInstance;
let real: Db; // the bundled network
let realDir: string;
before(async () => {
  h = await openPgliteForTest();
  await h.db.transaction(async (tx) => { await upsertRecords(tx, records); await upsertRecords(tx, border); });
  app = await buildServer({ db: h.db });
  realDir = await freshPgliteDir();
  real = await openKaravan({ dataDir: realDir, seed: true });
});
after(async () => {
  await app?.close();
  await h?.cleanup();
  await real?.close();
  if (realDir) rmSync(realDir, { recursive: true, force: true });
});

test('without alerts the route is direct and nothing is closed', async () => {
  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', AT);
  assert.deepEqual(r.baseline.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.changedBy, []);
  assert.deepEqual(r.delta, { km: 0, hours: 0, usd: 0, co2Kg: 0, risk: 0 });
});

test('a closure alert reroutes A→C round it, names the alert and the links, and says by how much', async () => {
  const ing = await ingestAlerts(h.db, [join(FIX, 'good/sequence/1-alert.xml')], { now: AT });
  assert.equal(ing.ok, true);
  const ov = await alertOverlay(h.db, AT);
  assert.deepEqual(ov.closedLinks, ['A-B', 'B-C', 'F-G', 'G-H']); // F–G–H lies on the same ground
  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', AT);
  assert.deepEqual(r.baseline.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['A', 'D', 'E', 'C']);
  assert.equal(r.delta!.km, 40);
  assert.ok(r.delta!.hours > 0 && r.delta!.usd > 0 && r.delta!.co2Kg > 0, JSON.stringify(r.delta));
  const { hours, usd, co2Kg, risk } = r.delta!;
  // the only alert: lifting it gives back the whole difference
  assert.deepEqual(r.changedBy, [{ alertId: ing.alerts[0].id, event: 'Mudflow', effect: 'closure', links: ['A-B', 'B-C'], crossings: [], touchedLinks: [], delta: { hours, usd, co2Kg, risk } }]);
  // the same over HTTP
  const res = await app.inject({ method: 'GET', url: `/alerts/reroute?from=A&to=C&at=${AT}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().withAlerts.routes[0].nodes, ['A', 'D', 'E', 'C']);
});

test('after the update (a delay, not a closure) the direct route is back, slowed where the circle covers it', async () => {
  const ing = await ingestAlerts(h.db, [join(FIX, 'good/sequence/2-update.xml')], { now: AT });
  assert.equal(ing.ok, true);
  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', AT);
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.overlay.closedLinks, []);
  assert.deepEqual(r.overlay.notApplied, [], 'delays along links are applied now');
  // the 20 km circle round C covers 20 of B–C's 110 km (and of E–C, G–H): 1 + (2 − 1) × 20/110
  assert.ok(Math.abs(r.overlay.linkTimeFactor['B-C'] - (1 + 20 / 110)) < 0.01, JSON.stringify(r.overlay.linkTimeFactor));
  assert.equal(r.overlay.linkTimeFactor['A-B'], undefined);
  assert.ok(r.delta!.hours > 0 && r.delta!.km === 0, JSON.stringify(r.delta));
  // risk: 0.3 per RISK_REF_KM inside, on the 20 km of B–C
  assert.ok(Math.abs(r.overlay.linkRiskAdd['B-C'] - (0.3 * 20) / RISK_REF_KM) < 0.005, JSON.stringify(r.overlay.linkRiskAdd));
  assert.equal(r.changedBy.length, 1);
  assert.deepEqual([r.changedBy[0].effect, r.changedBy[0].links, r.changedBy[0].touchedLinks], ['delay', [], ['B-C']]);
  assert.equal(r.changedBy[0].delta!.hours, r.delta!.hours);
  assert.deepEqual(r.overlay.dwellFactor, {}, 'the circle round C (and H) misses the crossing at G');
});

test('a delay alert over a border crossing adds its wait each way: the dwell that way times (factor − 1), and says so', async () => {
  const box = [[[0.5, -0.1], [1.5, -0.1], [1.5, 0.1], [0.5, 0.1], [0.5, -0.1]]];
  const hazard = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: box }, properties: { id: 'QUEUE-G', event: 'Dust storm', severity: 'Severe', certainty: 'Likely', onset: '2025-03-06T12:00:00+00:00' } }] };
  const ing = await ingestAlertBody(h.db, new TextEncoder().encode(JSON.stringify(hazard)), 'queue.geojson', { now: AT });
  assert.equal(ing.ok, true);
  const r = await rerouteAroundAlerts(h.db, { from: 'F', to: 'H' }, 'cli', 'en', AT);
  assert.deepEqual(r.overlay.dwellFactor, { 'X-G-H': 2 }); // Severe + Likely: ×2
  assert.deepEqual(r.crossingExtraHours, { 'X-G-H': 10 }, 'into KG: +1 × 10 h');
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['F', 'G', 'H']);
  const back = await rerouteAroundAlerts(h.db, { from: 'H', to: 'F' }, 'cli', 'en', AT);
  assert.deepEqual(back.crossingExtraHours, { 'X-G-H': 30 }, 'back from KG: +1 × 30 h');
  assert.equal(back.delta!.hours, 32.78);
  // the box (lon 0.5–1.5) covers 0.488° of F–G (lon 0–0.988) and 0.512° of G–H: ×2 on those
  // shares, so F–G ×1.494 and G–H ×1.518: 110 km × (0.494 + 0.518) / 40 km/h = 2.78 h more
  assert.deepEqual([r.overlay.linkTimeFactor['F-G'], r.overlay.linkTimeFactor['G-H']], [1.494, 1.518]);
  assert.equal(r.delta!.hours, 12.78);
  // the update's circle round H (and C) slows 20 km of G–H as well, less than the dust storm does
  const [storm, mudflow] = r.changedBy;
  assert.deepEqual({ ...storm, delta: null }, { alertId: ing.alerts[0].id, event: 'Dust storm', effect: 'delay', links: [], crossings: ['X-G-H'], touchedLinks: ['F-G', 'G-H'], delta: null });
  assert.deepEqual([mudflow.event, mudflow.effect, mudflow.touchedLinks, r.changedBy.length], ['Mudflow', 'delay', ['G-H'], 2]);
  assert.deepEqual(mudflow.delta, { hours: 0, usd: 0, co2Kg: 0, risk: 0 }, 'the stronger dust storm covers the same stretch: lifting the mudflow alone gives nothing back');
  // lifting the dust storm gives back the border wait and F–G, but G–H keeps the mudflow's ×1.18
  assert.ok(storm.delta!.hours > 10 + 1.3 && storm.delta!.hours < 12.78, JSON.stringify(storm.delta));
});

/** A circle hazard round a node of the bundled network, as GeoJSON. */
async function hazardAt(db: Db, node: string, props: Record<string, unknown>): Promise<Uint8Array> {
  const [n] = await readLayer(db, 'nodes', { ids: [node] });
  return new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [n.lon, n.lat] }, properties: props }] }));
}

test('bundled network: a delay over the middle of Almaty → Astana by rail makes the best route dearer, slows the links it covers, and names the alert', async () => {
  const at = '2030-01-01T12:00:00Z';
  const o = { from: 'Almaty', to: 'Astana', modes: 'rail' };
  const before = await rerouteAroundAlerts(real, o, 'cli', 'en', at);
  assert.ok(before.baseline.routes.length, JSON.stringify(before.baseline.unreachable));
  const nodes = before.baseline.routes[0].nodes;
  const mid = nodes[Math.floor(nodes.length / 2)];
  const props = { id: 'REAL-DELAY', event: 'Dust storm', severity: 'Severe', certainty: 'Likely', onset: '2030-01-01T00:00:00Z', expires: '2030-01-02T00:00:00Z', radiusKm: 40 };
  const ing = await ingestAlertBody(real, await hazardAt(real, mid, props), 'delay.geojson', { now: at });
  assert.equal(ing.ok, true, JSON.stringify(ing.issues));
  const r = await rerouteAroundAlerts(real, o, 'cli', 'en', at);
  const baseLinks = r.baseline.routes[0].legs.flatMap((l) => l.links);
  const slowed = baseLinks.filter((id) => r.overlay.linkTimeFactor[id] !== undefined);
  assert.ok(slowed.length > 0, 'a 40 km circle on a station of the route slows the links at it');
  for (const id of slowed) assert.ok(r.overlay.linkTimeFactor[id] > 1 && r.overlay.linkTimeFactor[id] <= 2, `${id}: ${r.overlay.linkTimeFactor[id]}`);
  assert.deepEqual(r.overlay.closedLinks, []);
  assert.ok(r.withAlerts.routes[0].objective > r.baseline.routes[0].objective, 'the best route with the delay costs more than without');
  const c = r.changedBy.find((x) => x.alertId === ing.alerts[0].id);
  assert.ok(c, JSON.stringify(r.changedBy));
  assert.equal(c!.effect, 'delay');
  assert.ok(slowed.every((id) => c!.touchedLinks.includes(id)));
  assert.ok(c!.delta && c!.delta.hours + c!.delta.usd > 0, JSON.stringify(c!.delta));
});

test('bundled network: a watch alert adds its risk per km inside to every touched link travelled, and leaves the route where it was', async () => {
  const at = '2030-02-01T12:00:00Z';
  const o = { from: 'Almaty', to: 'Astana', modes: 'rail' };
  const before = await rerouteAroundAlerts(real, o, 'cli', 'en', at);
  const nodes = before.baseline.routes[0].nodes;
  const props = { id: 'REAL-WATCH', event: 'Flood watch', severity: 'Moderate', certainty: 'Possible', onset: '2030-02-01T00:00:00Z', expires: '2030-02-02T00:00:00Z', radiusKm: 40 };
  const ing = await ingestAlertBody(real, await hazardAt(real, nodes[Math.floor(nodes.length / 3)], props), 'watch.geojson', { now: at });
  assert.equal(ing.ok, true, JSON.stringify(ing.issues));
  const r = await rerouteAroundAlerts(real, o, 'cli', 'en', at);
  assert.deepEqual(r.withAlerts.routes[0].nodes, r.baseline.routes[0].nodes, 'the container profile gives risk no weight');
  const travelled = r.baseline.routes[0].legs.flatMap((l) => l.links).filter((id) => r.overlay.touchedBy[id]?.includes(ing.alerts[0].id));
  assert.ok(travelled.length > 0);
  // 0.05 per RISK_REF_KM of the route inside the circle, from the stored fractions
  const { links } = await alertExposureRows(real, [ing.alerts[0].id]);
  const kmInside = links.filter((l) => travelled.includes(l.id)).reduce((s, l) => s + l.fraction * l.lengthKm, 0);
  assert.ok(kmInside > 0);
  assert.ok(Math.abs(r.delta!.risk - (0.05 * kmInside) / RISK_REF_KM) < 1e-3, `${r.delta!.risk} against ${(0.05 * kmInside) / RISK_REF_KM}`);
  assert.deepEqual([r.delta!.km, r.delta!.hours, r.delta!.usd], [0, 0, 0]);
});

test('bundled network: a delay at a crossing with no dwell of its own lengthens the profile\'s default wait there', async () => {
  const at = '2030-03-01T12:00:00Z';
  const crossings = (await readLayer(real, 'crossings')).flatMap((c) =>
    c.dwellHoursAB == null && c.dwellHoursBA == null && c.modes.includes('rail') && c.nodeA && c.nodeB ? [{ ...c, nodeA: c.nodeA, nodeB: c.nodeB }] : []);
  assert.ok(crossings.length > 10, `${crossings.length} rail crossings without a dwell`);
  // the first of them whose own two nodes route through it by rail
  let found: { id: string; lon: number; lat: number; from: string; to: string; dwellHours: number } | null = null;
  for (const c of crossings) {
    const r = await rerouteAroundAlerts(real, { from: c.nodeA, to: c.nodeB, modes: 'rail' }, 'cli', 'en', at);
    const bc = r.baseline.routes[0]?.borderCrossings.find((b) => b.crossing === c.id);
    if (bc) { found = { id: c.id, lon: c.lon, lat: c.lat, from: c.nodeA, to: c.nodeB, dwellHours: bc.dwellHours }; break; }
  }
  assert.ok(found, 'a crossing routed through');
  const body = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [found.lon, found.lat] },
    properties: { id: 'REAL-QUEUE', event: 'Dust storm', severity: 'Severe', certainty: 'Likely', onset: '2030-03-01T00:00:00Z', expires: '2030-03-02T00:00:00Z', radiusKm: 5 } }] }));
  const ing = await ingestAlertBody(real, body, 'queue.geojson', { now: at });
  assert.equal(ing.ok, true, JSON.stringify(ing.issues));
  const r = await rerouteAroundAlerts(real, { from: found.from, to: found.to, modes: 'rail' }, 'cli', 'en', at);
  assert.equal(r.overlay.dwellFactor[found.id], 2);
  // Severe + Likely: ×2 on the profile's default wait, so once more that wait
  assert.equal(r.crossingExtraHours[found.id], found.dwellHours);
  assert.ok(found.dwellHours > 0);
  assert.ok(r.changedBy.some((c) => c.alertId === ing.alerts[0].id && c.crossings.includes(found!.id)), JSON.stringify(r.changedBy));
});

test('past MAX_ATTRIBUTED alerts the text says the per-alert share was not computed, and names effects in Russian under --lang ru', async () => {
  const at = '2025-04-01T12:00:00Z';
  const features = Array.from({ length: MAX_ATTRIBUTED + 1 }, (_, i) => ({ type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[0.2 + i * 0.01, -0.05], [1.8, -0.05], [1.8, 0.05], [0.2 + i * 0.01, 0.05], [0.2 + i * 0.01, -0.05]]] },
    properties: { id: `MANY-${i}`, event: 'Flood watch', severity: 'Moderate', certainty: 'Possible', onset: '2025-04-01T00:00:00Z', expires: '2025-04-02T00:00:00Z' } }));
  const ing = await ingestAlertBody(h.db, new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features })), 'many.geojson', { now: at });
  assert.equal(ing.ok, true, JSON.stringify(ing.issues));
  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', at);
  assert.ok(r.changedBy.length > MAX_ATTRIBUTED, `${r.changedBy.length} alerts on the route`);
  const left = r.changedBy.slice(MAX_ATTRIBUTED);
  assert.ok(left.every((c) => c.delta === null) && r.changedBy.slice(0, MAX_ATTRIBUTED).every((c) => c.delta !== null));
  const en = rerouteText(r, 'en').split('\n'), ru = rerouteText(r, 'ru').split('\n');
  for (const c of left) {
    assert.match(en.find((l) => l.includes(c.alertId))!, /its own share not computed \(only for the first 12 alerts/);
    assert.match(ru.find((l) => l.includes(c.alertId))!, /собственный вклад не вычислен/);
  }
  const ruText = ru.join('\n');
  assert.match(ruText, /\(Flood watch, наблюдение\)/);
  assert.doesNotMatch(ruText, /\b(watch|delay|closure)\)/, 'no English effect names under ru');
});
