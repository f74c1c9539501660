// Seeded random networks for property tests: mixed modes and gauges, several countries, crossings
// with dwell per direction, planned and closed links, ferries with and without frequency.
import assert from 'node:assert/strict';
import type { Crossing, Link, Mode, NetNode, Records, Status } from '../../src/core/model.ts';
import { emptyRecords } from '../../src/core/model.ts';

import { seededRandom as rng } from '../../src/core/random.ts';
import type { Graph } from '../../src/network/index.ts';
import { SearchSpace, search } from '../../src/route/dijkstra.ts';

export { rng };

/** The vertices of node n in graph g. */
export const verts = (g: Graph, n: number): number[] => Array.from({ length: g.firstVertex[n + 1] - g.firstVertex[n] }, (_, i) => g.firstVertex[n] + i);

/** Equal costs, up to rounding of sums taken in another order. */
export const close = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** A nodes × nodes cost matrix (row-major) equals one plain search per origin, cell by cell. */
export function assertMatrixMatchesSearch(g: Graph, w: Float64Array, nodes: number[], cells: Float64Array, label: string, space = new SearchSpace()): void {
  nodes.forEach((o, i) => {
    const r = search(g, w, space, { sources: verts(g, o), targetNodes: nodes });
    nodes.forEach((_, j) => assert.ok(close(cells[i * nodes.length + j], r.targetCost[j]), `${label} cell ${i},${j}: ${cells[i * nodes.length + j]} vs ${r.targetCost[j]}`));
  });
}

export function randomNetwork(seed: number, nodes: number, links: number): Records {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const r = emptyRecords();
  const countries = ['KZ', 'RU', 'CN', 'UZ'].slice(0, 1 + Math.floor(rand() * 3));
  for (let i = 0; i < nodes; i++) {
    const n: NetNode = {
      id: `N${i}`, kind: 'station', country: pick(countries), lon: 60 + rand() * 10, lat: 40 + rand() * 8, unlocode: null,
      name_en: `Node ${i}`, name_ru: null, name_local: null, sourceId: `rand#N${i}`, confidence: 'inferred',
    };
    r.nodes.push(n);
  }
  const kinds: [Mode, 1520 | 1435 | null][] = [['rail', 1520], ['rail', 1520], ['rail', 1435], ['road', null], ['road', null], ['ferry', null]];
  for (let i = 0; i < links; i++) {
    const a = Math.floor(rand() * nodes);
    let b = Math.floor(rand() * nodes);
    if (b === a) b = (a + 1) % nodes;
    const [mode, gaugeMm] = pick(kinds);
    const status: Status = rand() < 0.8 ? 'operating' : pick(['planned', 'construction', 'disused'] as const);
    const l: Link = {
      id: `L${i}`, mode, from: `N${a}`, to: `N${b}`, geometry: [], geometryQuality: 'schematic',
      lengthKm: 20 + Math.round(rand() * 600), country: r.nodes[a].country, name_en: null, name_ru: null, gaugeMm,
      tracks: null, electrified: null, status, openingYear: status === 'operating' ? (rand() < 0.2 ? 2027 + Math.floor(rand() * 5) : null) : 2026 + Math.floor(rand() * 10),
      closingYear: status === 'disused' ? 2020 : rand() < 0.05 ? 2030 : null,
      speedKmh: rand() < 0.5 ? 20 + Math.round(rand() * 100) : null, capacityPerDay: null, capacityTonnesPerYear: null, operator: null,
      frequencyPerWeek: mode === 'ferry' && rand() < 0.7 ? 1 + Math.floor(rand() * 14) : null, sourceId: `rand#L${i}`, confidence: 'inferred',
    };
    r.links.push(l);
    if (r.nodes[a].country !== r.nodes[b].country && rand() < 0.7 && mode !== 'ferry') {
      const c: Crossing = {
        id: `X${i}`, name_en: `Crossing ${i}`, name_ru: null, name_local: null, countryA: r.nodes[a].country, countryB: r.nodes[b].country,
        nodeA: l.from, nodeB: l.to, lon: 0, lat: 0, modes: [mode], gaugeChange: false, gaugeA: null, gaugeB: null,
        dwellHoursAB: rand() < 0.9 ? Math.round(rand() * 48) : null, dwellHoursBA: rand() < 0.9 ? Math.round(rand() * 48) : null,
        dwellSource: null, openingHours: null, capacityPerDay: null, sourceId: `rand#X${i}`, confidence: 'inferred',
      };
      if (!r.crossings.some((x) => (x.nodeA === c.nodeA && x.nodeB === c.nodeB) || (x.nodeA === c.nodeB && x.nodeB === c.nodeA))) r.crossings.push(c);
    }
  }
  return r;
}
