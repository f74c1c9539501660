// What the map is cut from: the basemap (water where the Caspian and Aral are, labels in both
// languages) and the network layers (opening years from project years, corridor and project lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { MEMBER_STATES } from '../src/core/countries.ts';
import { emptyRecords, type Link, type Records } from '../src/core/model.ts';
import { buildBasemap } from '../src/serve/basemap.ts';
import { mapCollections, NEVER_YEAR, placeEntries } from '../src/serve/map-data.ts';

type Ring = [number, number][];
function inRing(pt: [number, number], ring: Ring): boolean {
  let c = false;
  for (let i = 0, k = ring.length - 1; i < ring.length; k = i++) {
    const [xi, yi] = ring[i], [xk, yk] = ring[k];
    if ((yi > pt[1]) !== (yk > pt[1]) && pt[0] < ((xk - xi) * (pt[1] - yi)) / (yk - yi) + xi) c = !c;
  }
  return c;
}
function covers(fc: { features: { geometry: { type: string; coordinates: unknown } }[] }, pt: [number, number]): boolean {
  return fc.features.some((f) => {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates as Ring[]] : (f.geometry.coordinates as Ring[][]);
    return polys.some((p) => inRing(pt, p[0]) && !p.slice(1).some((h) => inRing(pt, h)));
  });
}

test('the basemap has water in the Caspian and the Aral, land around them, and labels in en and ru', () => {
  const b = buildBasemap(join(PROJECT_ROOT, 'data/sources/naturalearth'));
  const caspian: [number, number] = [51, 42], aral: [number, number] = [59.5, 45.5], almaty: [number, number] = [76.9, 43.25];
  assert.ok(!covers(b.land, caspian) || covers(b.lakes, caspian), 'the Caspian draws as land');
  assert.ok(!covers(b.land, aral) || covers(b.lakes, aral), 'the Aral draws as land');
  assert.ok(covers(b.land, almaty) && !covers(b.lakes, almaty), 'Almaty is not on land');
  for (const iso of MEMBER_STATES) {
    const c = b.countries.features.find((f) => f.properties.iso === iso);
    assert.ok(c, `no label for ${iso}`);
    assert.match(String(c.properties.name_ru), /[А-Яа-я]/, `${iso} has no Russian label`);
  }
  const capitals = b.places.features.filter((f) => f.properties.capital);
  assert.ok(capitals.some((f) => /[А-Яа-я]/.test(String(f.properties.name_ru))));
});

test('links open in their own year, else their project’s end year; corridors follow the network', () => {
  const r: Records = emptyRecords();
  const node = (id: string, lon: number) => ({ id, kind: 'station' as const, name_en: id, name_ru: null, name_local: null, country: 'KZ', lon, lat: 45, unlocode: null, sourceId: 't@1#' + id, confidence: 'estimated' as const });
  r.nodes.push(node('A', 60), node('B', 61), node('C', 62), node('D', 63));
  const link = (id: string, from: string, to: string, status: Link['status'], openingYear: number | null, x0: number): Link => ({
    id, mode: 'rail', from, to, geometry: [[x0, 45], [x0 + 1, 45]], geometryQuality: 'schematic', lengthKm: 80, country: 'KZ', name_en: null, name_ru: null,
    gaugeMm: 1520, tracks: 1, electrified: false, status, openingYear, closingYear: null, speedKmh: null, capacityPerDay: null, capacityTonnesPerYear: null,
    operator: null, frequencyPerWeek: null, sourceId: 't@1#' + id, confidence: 'estimated',
  });
  r.links.push(link('AB', 'A', 'B', 'operating', null, 60), link('BC', 'B', 'C', 'planned', null, 61), link('CD', 'C', 'D', 'construction', 2027, 62), link('X', 'A', 'D', 'disused', 1990, 60));
  r.projects.push({ id: 'P', name_en: 'P', name_ru: 'П', countries: ['KZ'], kind: 'new_line', status: 'planned', yearStart: 2026, yearEnd: 2030, costAmount: null, costCurrency: null,
    financiers: [], changes: [{ op: 'add_link', link: 'BC' }], citation: 'test', sourceId: 't@1#P', confidence: 'estimated' });
  r.corridors.push({ id: 'K', name_en: 'K', name_ru: 'К', nodes: ['A', 'D'], color: '#123456', sourceId: 't@1#K', confidence: 'estimated' });
  const cols = mapCollections(r);
  const year = (id: string) => cols.rail.features.find((f) => f.properties.id === id)!.properties.yearOpen;
  assert.equal(year('AB'), 0);
  assert.equal(year('BC'), 2030);
  assert.equal(year('CD'), 2027);
  assert.equal(year('X'), NEVER_YEAR);
  const corridor = cols.corridors.features[0];
  assert.equal(corridor.geometry.type, 'MultiLineString');
  // the disused shortcut A–D is not a corridor path: it follows A–B–C–D
  assert.equal((corridor.geometry.coordinates as unknown[]).length, 3);
  assert.equal(cols.projects.features.length, 1);
  const places = placeEntries(r, cols);
  assert.ok(places.some((p) => p.layer === 'corridors' && p.id === 'K') && places.some((p) => p.layer === 'projects' && p.id === 'P'));
  assert.equal(places.filter((p) => p.layer === 'nodes').length, 4);
});
