// Places → nodes: names in English, Russian or the local language (with small misspellings), UN/LOCODE,
// node ids, and lon,lat snapped to the nearest routable node through a uniform grid index.
import { haversineKm } from '../core/geo.ts';
import type { Graph } from './graph.ts';

export interface PlaceIndex {
  /** Normalised name → nodes carrying it. */
  byName: Map<string, number[]>;
  byLocode: Map<string, number[]>;
  names: string[];
  grid: SnapGrid;
}

export interface SnapGrid {
  cellDeg: number;
  cells: Map<number, number[]>;
}

/** Lower case, no diacritics, ё → е, punctuation and dashes as spaces, squeezed. */
export function normalizeName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim().replace(/\s+/g, ' ');
}

function cellKey(x: number, y: number): number {
  return (x + 4096) * 8192 + (y + 4096);
}

export function buildPlaceIndex(g: Graph, extra: { node: string; names: (string | null)[]; unlocode: string | null }[] = []): PlaceIndex {
  const byName = new Map<string, number[]>(), byLocode = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, n: number) => {
    const l = m.get(k);
    if (!l) m.set(k, [n]); else if (!l.includes(n)) l.push(n);
  };
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.firstVertex[n + 1] === g.firstVertex[n]) continue; // no links: not routable
    for (const nm of [g.nodeNameEn[n], g.nodeNameRu[n], g.nodeNameLocal[n]]) if (nm) add(byName, normalizeName(nm), n);
    if (g.nodeUnlocode[n]) add(byLocode, g.nodeUnlocode[n]!.toUpperCase(), n);
  }
  for (const e of extra) {
    const n = g.nodeIndex.get(e.node);
    if (n === undefined || g.firstVertex[n + 1] === g.firstVertex[n]) continue;
    for (const nm of e.names) if (nm) add(byName, normalizeName(nm), n);
    if (e.unlocode) add(byLocode, e.unlocode.toUpperCase(), n);
  }
  const cellDeg = 0.5;
  const cells = new Map<number, number[]>();
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.firstVertex[n + 1] === g.firstVertex[n]) continue;
    const k = cellKey(Math.floor(g.nodeLon[n] / cellDeg), Math.floor(g.nodeLat[n] / cellDeg));
    const l = cells.get(k);
    if (l) l.push(n); else cells.set(k, [n]);
  }
  return { byName, byLocode, names: [...byName.keys()], grid: { cellDeg, cells } };
}

/** Nearest routable node within radiusKm, searching grid rings outwards. */
export function snap(g: Graph, idx: PlaceIndex, lon: number, lat: number, radiusKm: number): { node: number; km: number } | null {
  const { cellDeg, cells } = idx.grid;
  const cx = Math.floor(lon / cellDeg), cy = Math.floor(lat / cellDeg);
  // A degree of longitude shrinks with latitude: enough rings to cover the radius at this latitude.
  const kmPerCellX = 111.32 * cellDeg * Math.max(0.05, Math.cos((Math.min(Math.abs(lat) + cellDeg, 89) * Math.PI) / 180));
  const maxRing = Math.ceil(radiusKm / kmPerCellX) + 1;
  let best = -1, bestKm = Infinity;
  for (let r = 0; r <= maxRing; r++) {
    for (let x = cx - r; x <= cx + r; x++) {
      for (let y = cy - r; y <= cy + r; y++) {
        if (Math.max(Math.abs(x - cx), Math.abs(y - cy)) !== r) continue;
        for (const n of cells.get(cellKey(x, y)) ?? []) {
          const km = haversineKm([lon, lat], [g.nodeLon[n], g.nodeLat[n]]);
          if (km < bestKm) { bestKm = km; best = n; }
        }
      }
    }
    // Everything in ring r+1 is at least r × cell size away.
    if (best >= 0 && bestKm <= r * Math.min(kmPerCellX, 111.32 * cellDeg)) break;
  }
  return best >= 0 && bestKm <= radiusKm ? { node: best, km: bestKm } : null;
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), capped. */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const m = a.length, n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0), prev = Array.from({ length: n + 1 }, (_, j) => j), cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

export type NameMatch = { kind: 'exact' | 'prefix' | 'fuzzy'; nodes: number[]; names: string[] };

/** Best tier of matches for a name: exact, then word-prefix ("almaty" → "almaty 1"), then fuzzy. */
export function matchName(idx: PlaceIndex, text: string): NameMatch | null {
  const q = normalizeName(text);
  if (!q) return null;
  const exact = idx.byName.get(q);
  if (exact) return { kind: 'exact', nodes: [...exact], names: [q] };
  const collect = (names: string[]) => {
    const nodes = new Set<number>();
    for (const nm of names) for (const n of idx.byName.get(nm)!) nodes.add(n);
    return [...nodes];
  };
  const prefix = idx.names.filter((nm) => nm.startsWith(q + ' '));
  if (prefix.length) return { kind: 'prefix', nodes: collect(prefix), names: prefix };
  const cap = q.length <= 4 ? 1 : q.length <= 8 ? 2 : 3;
  let bestD = cap + 1;
  let best: string[] = [];
  for (const nm of idx.names) {
    const d = editDistance(q, nm, cap);
    if (d < bestD) { bestD = d; best = [nm]; } else if (d === bestD && d <= cap) best.push(nm);
  }
  if (best.length) return { kind: 'fuzzy', nodes: collect(best), names: best };
  return null;
}
