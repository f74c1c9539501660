// Delay and risk alerts applied to routing on a drawn network in a store (PGlite), and the cached
// overlay: a repeat costs no alert reads, and ingest, update, cancel and expiry each invalidate it.
//
//   A========================================B========================================C
//   !                                                                                 !
//   D=================================================================================E
//
// rail 1520, cellKm 10: A–B 400 km, B–C 400 km, A–D 20 km, D–E 800 km, E–C 20 km. With the
// container profile (rail 0.3 USD/km at 40 km/h; weights usd 1, hours 1; risk 1 per 1,000 km) the
// detour A–D–E–C costs 40 km × 0.325 = 13 more. A box over A–B–C that leaves A, C and the bottom
// line out covers 98 % of A–B–C: a delay ×2 there adds 800 × 0.98 / 40 ≈ 19.6 h, so the route moves.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { alertImpacts, ingestAlertBody, listAlertsUseCase } from '../src/app/alerts.ts';
import { alertOverlay, rerouteAroundAlerts } from '../src/app/alerts-reroute.ts';
import { alertExposureRows, upsertRecords } from '../src/store/index.ts';
import { RISK_REF_KM } from '../src/risk/index.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';

const line = (n: number) => '='.repeat(n);
const records = drawNetwork(`A${line(39)}B${line(39)}C\n!${' '.repeat(79)}!\nD${line(79)}E`, { cellKm: 10 });
// lon 0.05..7.1 (C is at 800 km = 7.19°), lat ±0.05 (the bottom line is at −0.18°)
const BOX = [[[0.05, -0.05], [7.1, -0.05], [7.1, 0.05], [0.05, 0.05], [0.05, -0.05]]];
const CAP_BOX = '-0.05,0.05 -0.05,7.1 0.05,7.1 0.05,0.05 -0.05,0.05';

function hazard(id: string, severity: string, certainty: string, onset: string, expires: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: BOX },
    properties: { id, event: `Test ${id}`, severity, certainty, urgency: 'Immediate', onset, expires } }] }));
}

function cap(identifier: string, msgType: 'Alert' | 'Update' | 'Cancel', sent: string, severity: string, certainty: string, references?: string): Uint8Array {
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier><sender>delay@karavan.example</sender><sent>${sent}</sent>
  <status>Actual</status><msgType>${msgType}</msgType><scope>Public</scope>${references ? `<references>${references}</references>` : ''}
  <info><category>Met</category><event>Dust storm</event><urgency>Immediate</urgency><severity>${severity}</severity><certainty>${certainty}</certainty>
    <expires>2025-04-30T00:00:00+00:00</expires><area><areaDesc>Box over A–B–C</areaDesc><polygon>${CAP_BOX}</polygon></area></info>
</alert>`);
}

/** Risk per link of one alert as the mapping defines it: riskAdd per RISK_REF_KM inside, from the stored fractions. */
async function riskPerLink(alertId: string, riskAdd: number): Promise<Record<string, number>> {
  const { links } = await alertExposureRows(h.db, [alertId]);
  return Object.fromEntries(links.map((l) => [l.id, Math.round(((riskAdd * l.fraction * l.lengthKm) / RISK_REF_KM) * 1e4) / 1e4]));
}

let h: Awaited<ReturnType<typeof openPgliteForTest>>;
before(async () => {
  h = await openPgliteForTest();
  await h.db.transaction(async (tx) => { await upsertRecords(tx, records); });
});
after(async () => { await h?.cleanup(); });

test('the overlay is cached: the repeat reads no alerts, and an ingest invalidates it', async () => {
  const at = '2025-03-06T10:00:00Z';
  const first = await alertOverlay(h.db, at);
  assert.equal(first.cached, false);
  assert.equal(first.validUntil, null, 'no alert will start or expire');
  assert.equal((await alertOverlay(h.db, at)).cached, true);
  const ing = await ingestAlertBody(h.db, hazard('DELAY-1', 'Severe', 'Likely', '2025-03-06T12:00:00Z', '2025-03-06T20:00:00Z'), 'delay.geojson', { now: at });
  assert.equal(ing.ok, true, JSON.stringify(ing.issues));
  const after = await alertOverlay(h.db, at);
  assert.equal(after.cached, false, 'an ingest changes the store: computed again');
  assert.equal(after.validUntil, '2025-03-06T12:00:00.000Z', 'the new alert starts at noon');
  assert.deepEqual(after.linkTimeFactor, {}, 'not active yet');
});

test('a delay alert on one branch sends the route along the other, and says by how much', async () => {
  const at = '2025-03-06T18:00:00Z';
  const ov = await alertOverlay(h.db, at);
  assert.equal(ov.cached, false, 'noon has passed: another span of time');
  assert.equal(ov.validUntil, '2025-03-06T20:00:00.000Z');
  assert.deepEqual(Object.keys(ov.linkTimeFactor).sort(), ['A-B', 'B-C']);
  for (const f of Object.values(ov.linkTimeFactor)) assert.ok(f > 1.95 && f < 2, `Severe + Likely ×2 on ~98 % of the link: ${f}`);
  assert.deepEqual(ov.linkRiskAdd, await riskPerLink(Object.keys(ov.alerts)[0], 0.3)); // ~0.3 × 3.9 on each 400 km link
  assert.deepEqual(ov.closedLinks, []);
  assert.deepEqual(ov.notApplied, []);
  assert.equal((await alertOverlay(h.db, '2025-03-06T19:59:00Z')).cached, true, 'the same span: served from the cache');

  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', at);
  assert.equal(r.overlay.cached, true);
  assert.deepEqual(r.baseline.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['A', 'D', 'E', 'C']);
  assert.equal(r.delta!.km, 40);
  assert.equal(r.delta!.hours, 1); // the detour's 40 km at 40 km/h: the delayed links are no longer used
  assert.equal(r.changedBy.length, 1);
  const c = r.changedBy[0];
  assert.deepEqual([c.effect, c.links, c.crossings, c.touchedLinks], ['delay', [], [], ['A-B', 'B-C']]);
  // lifting the alert gives back exactly the difference between the two routes
  assert.deepEqual(c.delta, { hours: r.delta!.hours, usd: r.delta!.usd, co2Kg: r.delta!.co2Kg, risk: r.delta!.risk });
});

test('expiry drops the alert out of the cached overlay at the moment it expires', async () => {
  const ov = await alertOverlay(h.db, '2025-03-06T20:00:00Z');
  assert.equal(ov.cached, false);
  assert.deepEqual(ov.linkTimeFactor, {});
  assert.deepEqual(ov.alerts, {});
  assert.equal((await alertOverlay(h.db, '2025-03-06T18:30:00Z')).cached, true, 'the earlier span is still kept');
});

test('a risk-only alert changes the route only when risk has weight', async () => {
  const ing = await ingestAlertBody(h.db, hazard('WATCH-1', 'Moderate', 'Possible', '2025-03-07T00:00:00Z', '2025-03-07T12:00:00Z'), 'watch.geojson', { now: '2025-03-07T00:00:00Z' });
  assert.equal(ing.ok, true);
  const at = '2025-03-07T06:00:00Z';
  const ov = await alertOverlay(h.db, at);
  const risk = await riskPerLink(ing.alerts[0].id, 0.05);
  assert.deepEqual(Object.keys(risk).sort(), ['A-B', 'B-C']);
  assert.deepEqual([ov.linkTimeFactor, ov.linkRiskAdd], [{}, risk]);
  const total = Math.round((risk['A-B'] + risk['B-C']) * 1e4) / 1e4; // 0.05 per 100 km on ~784 km inside: ~0.39
  const plain = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', at);
  assert.deepEqual(plain.withAlerts.routes[0].nodes, ['A', 'B', 'C'], 'the container profile gives risk no weight');
  assert.deepEqual(plain.delta, { km: 0, hours: 0, usd: 0, co2Kg: 0, risk: total });
  assert.deepEqual(plain.changedBy.map((c) => [c.effect, c.touchedLinks, c.delta]), [['watch', ['A-B', 'B-C'], { hours: 0, usd: 0, co2Kg: 0, risk: total }]]);
  // weighted: ~0.39 × 1000 = 390 on A–B–C against 13 + 0.04 × 1000 = 53 more on the detour
  const careful = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C', weights: 'usd=1,hours=1,risk=1000' }, 'cli', 'en', at);
  assert.deepEqual(careful.baseline.routes[0].nodes, ['A', 'B', 'C']);
  assert.deepEqual(careful.withAlerts.routes[0].nodes, ['A', 'D', 'E', 'C']);
});

test('an update and a cancel invalidate the cached overlay and change what it does', async () => {
  const at = '2025-03-08T12:00:00Z';
  const a = await ingestAlertBody(h.db, cap('STORM-1', 'Alert', '2025-03-08T06:00:00+00:00', 'Extreme', 'Observed'), 'storm-1.xml', { now: at });
  assert.equal(a.ok, true, JSON.stringify(a.issues));
  const closed = await alertOverlay(h.db, at);
  assert.deepEqual(closed.closedLinks, ['A-B', 'B-C']);
  assert.equal((await alertOverlay(h.db, at)).cached, true);

  const u = await ingestAlertBody(h.db, cap('STORM-2', 'Update', '2025-03-08T08:00:00+00:00', 'Moderate', 'Likely', 'delay@karavan.example,STORM-1,2025-03-08T06:00:00+00:00'), 'storm-2.xml', { now: at });
  assert.equal(u.ok, true, JSON.stringify(u.issues));
  const updated = await alertOverlay(h.db, at);
  assert.equal(updated.cached, false);
  assert.deepEqual(updated.closedLinks, [], 'the update downgrades the closure to a delay');
  assert.deepEqual(Object.keys(updated.linkTimeFactor).sort(), ['A-B', 'B-C']);

  const c = await ingestAlertBody(h.db, cap('STORM-3', 'Cancel', '2025-03-08T10:00:00+00:00', 'Minor', 'Observed', 'delay@karavan.example,STORM-2,2025-03-08T08:00:00+00:00'), 'storm-3.xml', { now: at });
  assert.equal(c.ok, true, JSON.stringify(c.issues));
  const cancelled = await alertOverlay(h.db, at);
  assert.equal(cancelled.cached, false);
  assert.deepEqual([cancelled.closedLinks, cancelled.linkTimeFactor, cancelled.linkRiskAdd, cancelled.alerts], [[], {}, {}, {}]);
});

test('an alert acts on routes from its onset, not from its sending; it is listed as active (upcoming) before', async () => {
  const sent = '2025-03-10T06:00:00+00:00', onset = '2025-03-17T00:00:00+00:00';
  const xml = new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>FLOOD-NEXT-WEEK</identifier><sender>delay@karavan.example</sender><sent>${sent}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><category>Met</category><event>Flood</event><urgency>Future</urgency><severity>Extreme</severity><certainty>Likely</certainty>
    <onset>${onset}</onset><expires>2025-03-18T00:00:00+00:00</expires><area><areaDesc>Box over A–B–C</areaDesc><polygon>${CAP_BOX}</polygon></area></info>
</alert>`);
  const today = '2025-03-10T12:00:00Z';
  const ing = await ingestAlertBody(h.db, xml, 'flood-next-week.xml', { now: today });
  assert.equal(ing.ok, true, JSON.stringify(ing.issues));
  const before = await alertOverlay(h.db, today);
  assert.deepEqual([before.closedLinks, before.alerts], [[], {}], 'sent today for next week: today\'s routes are not touched');
  assert.equal(before.validUntil, '2025-03-17T00:00:00.000Z', 'the cached overlay ends at the onset');
  const listed = (await listAlertsUseCase(h.db, { at: today })).find((a) => a.id === ing.alerts[0].id);
  assert.deepEqual([listed?.active, listed?.upcoming, listed?.onset], [true, true, '2025-03-17T00:00:00Z']);
  const impact = (await alertImpacts(h.db, { at: today })).find((x) => x.alert.id === ing.alerts[0].id);
  assert.deepEqual(impact?.impact.links.map((l) => l.id).sort(), ['A-B', 'B-C'], 'the impact listing still shows it');
  const during = await alertOverlay(h.db, '2025-03-17T06:00:00Z');
  assert.equal(during.cached, false);
  assert.deepEqual(during.closedLinks, ['A-B', 'B-C']);
  assert.equal(during.validUntil, '2025-03-18T00:00:00.000Z');
  const r = await rerouteAroundAlerts(h.db, { from: 'A', to: 'C' }, 'cli', 'en', '2025-03-17T06:00:00Z');
  assert.deepEqual(r.withAlerts.routes[0].nodes, ['A', 'D', 'E', 'C']);
  assert.equal((await listAlertsUseCase(h.db, { at: '2025-03-17T06:00:00Z' })).find((a) => a.id === ing.alerts[0].id)?.upcoming, false);
});
