// Places → nodes: ids, English/Russian names with misspellings, UN/LOCODE, lon,lat snapping, and
// an ambiguous name refused with its candidates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KaravanError } from '../src/core/issues.ts';
import { buildGraph, buildPlaceIndex } from '../src/network/index.ts';
import { resolvePlace } from '../src/route/resolve.ts';
import { drawNetwork } from './helpers/draw-network.ts';

// 20 km per column: A and F are 600 km apart and both called "Aktau".
const records = drawNetwork('A=====B=====C=====D-----E=====F', {
  cellKm: 20,
  nodes: {
    A: { name_en: 'Aktau', name_ru: 'Актау', unlocode: 'KZSCO' },
    B: { name_en: 'Almaty-1', name_ru: 'Алматы-1' },
    C: { name_en: 'Almaty-2', name_ru: 'Алматы-2' },
    D: { name_en: 'Shymkent', name_ru: 'Шымкент' },
    F: { name_en: 'Aktau', name_ru: 'Актау', country: 'UZ' },
  },
});
const { graph } = buildGraph(records);
const idx = buildPlaceIndex(graph);
const nodeOf = (text: string) => graph.nodeIds[resolvePlace(graph, idx, text, '--from').node];
const codeOf = (text: string) => {
  try { resolvePlace(graph, idx, text, '--from'); return 'resolved'; } catch (e) { return e instanceof KaravanError ? e.code : String(e); }
};

test('ids, exact names in either language, ё/е and case, UN/LOCODE', () => {
  assert.equal(nodeOf('D'), 'D');
  assert.equal(nodeOf('shymkent'), 'D');
  assert.equal(nodeOf('ШЫМКЕНТ'), 'D');
  assert.equal(nodeOf('KZSCO'), 'A');
  assert.equal(nodeOf('Almaty-2'), 'C');
  assert.equal(nodeOf('Алматы 1'), 'B');
});

test('a name prefix covering stations of one city resolves and names the others; of two cities it is refused', () => {
  // Here Almaty-1 and Almaty-2 are 120 km apart: two places, so "Almaty" is ambiguous.
  assert.equal(codeOf('Almaty'), 'ROUTE_PLACE_AMBIGUOUS');
  // Drawn at 2 km per column they are 12 km apart: one city.
  const near = buildGraph(drawNetwork('B=====C=====D', { cellKm: 2, nodes: { B: { name_en: 'Almaty-1' }, C: { name_en: 'Almaty-2' } } })).graph;
  const r = resolvePlace(near, buildPlaceIndex(near), 'Almaty', '--from');
  assert.ok(['B', 'C'].includes(near.nodeIds[r.node]));
  assert.equal(r.warnings[0].code, 'ROUTE_PLACE_READ_AS');
  assert.match(String(r.warnings[0].params.others), /^[BC]$/);
});

test('an ambiguous name is refused with every candidate', () => {
  assert.throws(() => resolvePlace(graph, idx, 'Aktau', '--to'), (e: unknown) => {
    assert.ok(e instanceof KaravanError);
    assert.equal(e.code, 'ROUTE_PLACE_AMBIGUOUS');
    assert.match(String(e.params.candidates), /\(A\).*\(F\)/);
    assert.equal(e.params.option, '--to');
    return true;
  });
});

test('misspellings within a small edit distance are read, with a warning', () => {
  const r = resolvePlace(graph, idx, 'Shymkemt', '--from');
  assert.equal(graph.nodeIds[r.node], 'D');
  assert.equal(r.warnings[0].code, 'ROUTE_PLACE_READ_AS');
  assert.equal(codeOf('Xyzzyville'), 'ROUTE_PLACE_NOT_FOUND');
});

test('lon,lat snaps to the nearest node within the radius and reports the distance; farther is refused', () => {
  const d = records.nodes.find((n) => n.id === 'D')!;
  const r = resolvePlace(graph, idx, `${d.lon + 0.1},${d.lat}`, '--from');
  assert.equal(graph.nodeIds[r.node], 'D');
  assert.equal(r.warnings[0].code, 'ROUTE_SNAPPED');
  assert.ok(Math.abs(Number(r.warnings[0].params.km) - 11.1) < 0.2);
  assert.equal(codeOf(`${d.lon},${d.lat + 3}`), 'ROUTE_SNAP_TOO_FAR');
  assert.equal(codeOf('200,10'), 'OPTION_INVALID');
});
