// Rerouting around active alerts on a drawn network (PGlite), through the route stage's overlay:
//
//   A==========B==========C      rail 1520, cellKm 10: A–B 110 km, B–C 110 km,
//   !                     !      A–D 20 km, D–E 220 km, E–C 20 km.
//   D=====================E
//
// The closure alert (good/sequence/1-alert.xml: Extreme, Observed; a box round B) closes A–B and
// B–C, so A→C moves from A–B–C (220 km) to A–D–E–C (260 km): +40 km, and the alert is named.
// Its update (Severe, Likely: a delay) closes nothing, so the route goes back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { ingestAlertBody, ingestAlerts } from '../src/app/alerts.ts';
import { alertOverlay, rerouteAroundAlerts } from '../src/app/alerts-reroute.ts';
import { buildServer } from '../src/serve/app.ts';
import { upsertRecords } from '../src/store/index.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';

const FIX = join(PROJECT_ROOT, 'test/fixtures/cap');
const AT = '2025-03-06T18:00:00Z';
const records = drawNetwork(`A==========B==========C
!                     !
D=====================E`, { cellKm: 10 });
// a second network on the same ground: F–G–H crosses into KG at G (10 h wait each way)
const border = drawNetwork(`F==========G==========H`, { cellKm: 10, nodes: { H: { country: 'KG' } }, links: { 'G-H': { country: 'KG' } }, crossings: { 'G-H': { dwellHoursAB: 10, dwellHoursBA: 10 } } });

let h: Awaited<ReturnType<typeof openPgliteForTest>>;
let app: FastifyInstance;
before(async () => {
  h = await openPgliteForTest();
  await h.db.transaction(async (tx) => { await upsertRecords(tx, records); await upsertRecords(tx, border); });
  app = await buildServer({ db: h.db });
});
after(async () => {
  await app?.close();
  await h?.cleanup();
});

test('without alerts the route is direct and nothing is closed', async () => {
  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', AT);
  assert.deepEqual(r.baseline.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.changedBy, []);
  assert.deepEqual(r.delta, { km: 0, hours: 0, usd: 0, co2Kg: 0 });
});

test('a closure alert reroutes A→C round it, names the alert and the links, and says by how much', async () => {
  const ing = await ingestAlerts(h.db, [join(FIX, 'good/sequence/1-alert.xml')], { now: AT });
  assert.equal(ing.ok, true);
  const ov = await alertOverlay(h.db, AT);
  assert.deepEqual(ov.closedLinks, ['A-B', 'B-C', 'F-G', 'G-H']); // F–G–H lies on the same ground
  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', AT);
  assert.deepEqual(r.baseline.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['A', 'D', 'E', 'C']);
  assert.deepEqual(r.changedBy, [{ alertId: ing.alerts[0].id, event: 'Mudflow', links: ['A-B', 'B-C'], crossings: [] }]);
  assert.equal(r.delta!.km, 40);
  assert.ok(r.delta!.hours > 0 && r.delta!.usd > 0 && r.delta!.co2Kg > 0, JSON.stringify(r.delta));
  // the same over HTTP
  const res = await app.inject({ method: 'GET', url: `/alerts/reroute?from=A&to=C&at=${AT}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().withAlerts.routes[0].nodes, ['A', 'D', 'E', 'C']);
});

test('after the update (a delay, not a closure) the direct route is back; the delay is reported as not applied', async () => {
  const ing = await ingestAlerts(h.db, [join(FIX, 'good/sequence/2-update.xml')], { now: AT });
  assert.equal(ing.ok, true);
  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', AT);
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.overlay.closedLinks, []);
  assert.deepEqual(r.overlay.notApplied.map((x) => x.effect), ['delay']);
  assert.deepEqual(r.overlay.extraDwellHours, {}, 'the circle round C (and H) misses the crossing at G');
});

test('a delay alert over a border crossing adds its wait: the dwell of the crossing times (factor − 1), and says so', async () => {
  const box = [[[0.5, -0.1], [1.5, -0.1], [1.5, 0.1], [0.5, 0.1], [0.5, -0.1]]];
  const hazard = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: box }, properties: { id: 'QUEUE-G', event: 'Dust storm', severity: 'Severe', certainty: 'Likely', onset: '2025-03-06T12:00:00+00:00' } }] };
  const ing = await ingestAlertBody(h.db, new TextEncoder().encode(JSON.stringify(hazard)), 'queue.geojson', { now: AT });
  assert.equal(ing.ok, true);
  const r = await rerouteAroundAlerts(h.db, { from: 'F', to: 'H' }, 'cli', 'en', AT);
  assert.deepEqual(r.overlay.extraDwellHours, { 'X-G-H': 10 }); // Severe + Likely: ×2, so +1 × 10 h
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['F', 'G', 'H']);
  assert.equal(r.delta!.hours, 10);
  assert.deepEqual(r.changedBy, [{ alertId: ing.alerts[0].id, event: 'Dust storm', links: [], crossings: ['X-G-H'] }]);
});
