// Real samples on drawn features: for each real alert, a short link well inside one of its areas
// and a node well outside, placed with an independent point-in-polygon (ray casting, written here,
// not PostGIS) or, for circles, the haversine distance. The store must touch exactly the inside
// ones, with the whole length of the inside link.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { alertImpacts, ingestAlerts } from '../src/app/alerts.ts';
import { haversineKm } from '../src/core/geo.ts';
import { emptyRecords, type LonLat } from '../src/core/model.ts';
import { readAlertFiles, type Alert } from '../src/ingest/cap/index.ts';
import { upsertRecords } from '../src/store/index.ts';
import { openPgliteForTest } from './helpers/stores.ts';

const REAL = join(PROJECT_ROOT, 'test/fixtures/cap/real');
const SAMPLES = [
  'kde__kz-2.49.0.0.398.0-20250306-133701-0284797-00-EN.xml',
  'kde__ru-20250301222516-0086037.xml',
  'google__canada.cap',
  'kde__mo-cap_monsoon.xml',
  'kde__gdacs-cap_1001150.xml',
  'kde__noaa-2.49.0.1.840.0.9b5195e635069329b12a7c697fad5934d144784a.001.1.xml',
  'google__australia.cap',
];

function inside(p: LonLat, ring: readonly LonLat[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** A point inside the ring, at least `margin` degrees from every vertex-to-vertex edge test: scanned on a grid. */
function interiorPoint(ring: readonly LonLat[]): LonLat | null {
  const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let best: { p: LonLat; m: number } | null = null;
  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
    const p: LonLat = [x0 + ((x1 - x0) * i) / 20, y0 + ((y1 - y0) * j) / 20];
    const probes: LonLat[] = [[p[0] + 0.01, p[1]], [p[0] - 0.01, p[1]], [p[0], p[1] + 0.01], [p[0], p[1] - 0.01], p];
    if (!probes.every((q) => inside(q, ring))) continue;
    const m = Math.min(...ring.map((v) => Math.hypot(v[0] - p[0], v[1] - p[1])));
    if (!best || m > best.m) best = { p, m };
  }
  return best?.p ?? null;
}

interface Placed { alert: Alert; inLink: string; inNode: string; outNode: string }

function place(alerts: Alert[]) {
  const r = emptyRecords();
  const placed: Placed[] = [];
  const node = (id: string, [lon, lat]: LonLat) => r.nodes.push({ id, kind: 'station', name_en: id, name_ru: null, name_local: null, country: 'KZ', unlocode: null, lon, lat, sourceId: `drawn#${id}`, confidence: 'surveyed' });
  alerts.forEach((a, k) => {
    const area = a.infos.flatMap((i) => i.areas).find((x) => x.polygons.length || x.circles.length)!;
    let p: LonLat, q: LonLat, out: LonLat;
    if (area.polygons.length) {
      const ring = area.polygons.find((x) => interiorPoint(x))!;
      p = interiorPoint(ring)!;
      q = [p[0] + 0.005, p[1]];
      const xs = area.polygons.flat().map((v) => v[0]);
      out = [Math.max(...xs) + 0.5 > 180 ? Math.min(...xs) - 0.5 : Math.max(...xs) + 0.5, p[1]];
      assert.ok(inside(q, ring) && !area.polygons.some((x) => inside(out, x)), a.identifier);
    } else {
      const c = area.circles[0];
      p = [c.lon, c.lat];
      q = [c.lon + 0.01, c.lat];
      out = [c.lon + (3 * c.radiusKm) / (111.32 * Math.cos((c.lat * Math.PI) / 180)), c.lat];
      assert.ok(haversineKm(p, q) < c.radiusKm && haversineKm(p, out) > 2 * c.radiusKm);
    }
    const ids = [`S${k}-P`, `S${k}-Q`, `S${k}-OUT`];
    node(ids[0], p); node(ids[1], q); node(ids[2], out);
    r.links.push({
      id: `S${k}-IN`, mode: 'road', from: ids[0], to: ids[1], geometry: [p, q], geometryQuality: 'schematic', lengthKm: Math.max(0.01, haversineKm(p, q)), country: 'KZ',
      name_en: null, name_ru: null, gaugeMm: null, tracks: null, electrified: null, status: 'operating', openingYear: null, closingYear: null, speedKmh: null,
      capacityPerDay: null, capacityTonnesPerYear: null, operator: null, frequencyPerWeek: null, sourceId: `drawn#S${k}`, confidence: 'surveyed',
    });
    placed.push({ alert: a, inLink: `S${k}-IN`, inNode: ids[0], outNode: ids[2] });
  });
  return { records: r, placed };
}

let h: Awaited<ReturnType<typeof openPgliteForTest>>;
before(async () => { h = await openPgliteForTest(); });
after(async () => { await h?.cleanup(); });

test('each real sample touches exactly the drawn features inside its area', async () => {
  const alerts = readAlertFiles(SAMPLES.map((f) => join(REAL, f))).alerts;
  assert.equal(alerts.length, SAMPLES.length);
  const { records, placed } = place(alerts);
  await h.db.transaction((tx) => upsertRecords(tx, records));
  const ing = await ingestAlerts(h.db, SAMPLES.map((f) => join(REAL, f)));
  assert.equal(ing.ok, true);
  for (const p of placed) {
    const [x] = await alertImpacts(h.db, { id: p.alert.id });
    const mine = (id: string) => id.startsWith(p.inLink.split('-')[0] + '-');
    assert.deepEqual(x.impact.links.filter((l) => mine(l.id)).map((l) => l.id), [p.inLink], p.alert.identifier);
    const l = x.impact.links.find((y) => y.id === p.inLink)!;
    assert.ok(Math.abs(l.affectedKm - l.lengthKm) < 1e-3, `${p.alert.identifier}: whole link inside`);
    assert.ok(x.impact.nodes.includes(p.inNode), `${p.alert.identifier}: ${p.inNode} inside`);
    assert.ok(!x.impact.nodes.includes(p.outNode), `${p.alert.identifier}: ${p.outNode} outside`);
  }
});
