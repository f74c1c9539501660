// Alerts against the bundled network (data/network, curated by others and growing): general
// properties only, never counts that the next curation would change. The real CAP samples go in
// together; a closure placed on the middle of a real route moves the route off it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { alertImpacts, ingestAlertBody, ingestAlerts } from '../src/app/alerts.ts';
import { rerouteAroundAlerts } from '../src/app/alerts-reroute.ts';
import { raiseDraftAlerts, waterLevelReport } from '../src/app/alerts-water.ts';
import { readLayer, type Db } from '../src/store/index.ts';
import { useSeededKaravan } from './helpers/stores.ts';

const REAL = join(PROJECT_ROOT, 'test/fixtures/cap/real');
// the malformed and hostile samples, and the RSS index whose entries are remote
const REFUSED = new Set(['google__xee.cap', 'google__invalid.cap', 'google__canada_errors.cap', 'kde__au-bom-en.rss.xml']);
const AT = '2025-03-06T14:00:00Z';

let db: Db;
useSeededKaravan((d) => { db = d; });

test('every accepted real sample goes in at once; impacts add up and never exceed a link', async () => {
  const files = readdirSync(REAL).filter((f) => !REFUSED.has(f) && f !== 'README.md').map((f) => join(REAL, f));
  const r = await ingestAlerts(db, files, { now: AT });
  assert.equal(r.ok, true, JSON.stringify(r.issues.filter((i) => i.severity === 'error').slice(0, 3)));
  // the CAP 1.2 spec's Amber alert repeats KAR0-0306112239-SW; the USGS minimal sample repeats the earthquake
  const dups = r.issues.filter((i) => i.code === 'CAP_DUPLICATE').length;
  assert.equal(dups, 2);
  assert.equal(r.written, files.length - dups);
  const all = await alertImpacts(db, { at: '2000-01-01T00:00:00Z' }); // before any was sent: none active
  assert.deepEqual(all, []);
  for (const a of r.alerts) {
    const [x] = await alertImpacts(db, { id: a.id, at: AT });
    const i = x.impact;
    const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum(i.kmByMode) - i.affectedKm) < 0.01 && Math.abs(sum(i.kmByCountry) - i.affectedKm) < 0.01, a.identifier);
    for (const l of i.links) assert.ok(l.affectedKm >= 0 && l.affectedKm <= l.lengthKm + 1e-6, `${a.identifier} ${l.id}`);
  }
});

test('the Kazhydromet polygon (eastern Kazakhstan) touches only Kazakh features; the Russian alert only Russian ones', async () => {
  const links = new Map((await readLayer(db, 'links')).map((l) => [l.id, l]));
  const kz = (await alertImpacts(db, { at: AT })).find((x) => x.alert.identifier.startsWith('2.49.0.0.398.0'));
  assert.ok(kz, 'the KZ alert is active at its own time');
  for (const l of kz!.impact.links) assert.equal(links.get(l.id)!.country, 'KZ');
  const ru = (await alertImpacts(db, { at: '2025-03-02T12:00:00Z' })).find((x) => x.alert.identifier.startsWith('2.49.0.1.643'));
  assert.ok(ru);
  for (const l of ru!.impact.links) assert.equal(links.get(l.id)!.country, 'RU');
});

test('a closure on the middle of a real route moves the route off it, and names the alert', async () => {
  const base = await rerouteAroundAlerts(db, { from: 'Almaty', to: 'Astana', modes: 'rail' }, 'cli', 'en', '2030-01-01T00:00:00Z');
  assert.ok(base.baseline.routes.length, JSON.stringify(base.baseline.unreachable));
  const nodes = base.baseline.routes[0].nodes;
  const mid = nodes[Math.floor(nodes.length / 2)];
  const [node] = await readLayer(db, 'nodes', { ids: [mid] });
  const hazard = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [node.lon, node.lat] }, properties: { id: 'BUNDLE-CLOSURE', event: 'Flood', severity: 'Extreme', certainty: 'Observed', onset: '2029-12-31T00:00:00+00:00', radiusKm: 3 } }] };
  const ing = await ingestAlertBody(db, new TextEncoder().encode(JSON.stringify(hazard)), 'hazard.geojson', { now: '2030-01-01T00:00:00Z' });
  assert.equal(ing.ok, true);
  const r = await rerouteAroundAlerts(db, { from: 'Almaty', to: 'Astana', modes: 'rail' }, 'cli', 'en', '2030-01-01T00:00:00Z');
  assert.deepEqual(r.changedBy.map((c) => c.alertId), [ing.alerts[0].id]);
  if (r.withAlerts.routes.length) {
    assert.ok(!r.withAlerts.routes[0].nodes.includes(mid), `the new route avoids ${mid}`);
    assert.ok(r.delta!.km >= 0);
  } else assert.ok(r.withAlerts.unreachable, 'no way round: said so');
});

test('a Caspian port whose draft falls below the threshold raises its own alert, which touches that port', async () => {
  const rep = await waterLevelReport(db, { year: 2035, thresholdM: 4.5 });
  const low = rep.ports.filter((p) => p.remainingDraftM !== null && p.remainingDraftM < 4.5).map((p) => p.id).sort();
  assert.deepEqual(rep.issues.map((i) => i.params.value).sort(), low);
  const r = await raiseDraftAlerts(db, rep);
  assert.equal(r.ok, true);
  assert.equal(r.written, low.length);
  const impacts = await alertImpacts(db, { at: '2035-06-01T00:00:00Z' });
  for (const id of low) {
    const x = impacts.find((i) => i.alert.identifier === `caspian-draft-${id}-2035`);
    assert.ok(x && x.impact.ports.includes(id), id);
  }
  assert.equal((await raiseDraftAlerts(db, rep)).written, 0, 'raising again is a duplicate');
});
