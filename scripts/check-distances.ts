// The bundled network against published rail distances between city pairs
// (data/curated/checks/rail-distances.csv): for each pair, the shortest path over operating rail
// links, beside the published figure. test/data-distances.test.ts holds the pairs to ±15 %; run
//   node --import tsx scripts/check-distances.ts [--path]
// to print the table (ours, published, deviation; --path adds the stations each path runs through).
// Build-time checking only: routing has its own graph (src/network, src/route).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Link } from '../src/core/model.ts';
import { parseCsv } from '../src/ingest/curated/csv.ts';
import { buildCurated, loadGazetteer, operatingRail, packageVersion, readCuratedTree, type BuildResult } from '../src/ingest/curated/index.ts';

export const CHECKS_FILE = 'data/curated/checks/rail-distances.csv';
/** Published pairs the network does not match yet, each with the reason (same columns). */
export const OPEN_FILE = 'data/curated/checks/rail-distances-open.csv';
/** A pair passes when |ours − published| ≤ 15 % of published (the brief of issue 5's checks). */
export const TOLERANCE = 0.15;
const COLUMNS = ['from', 'to', 'km', 'source', 'note'] as const;

export interface DistanceCheck {
  from: string;
  to: string;
  publishedKm: number;
  source: string;
  note: string;
  line: number;
}

/** Parses the checks file; every malformed row becomes a compiler-style message, the rest are kept. */
export function readDistanceChecks(text: string, file: string): { checks: DistanceCheck[]; problems: string[] } {
  const { table, issues } = parseCsv(text, file);
  const problems = issues.map((i) => `${file}:${i.at.line ?? '?'}: ${i.code}`);
  if (!table) return { checks: [], problems: [...problems, `${file}: no header line`] };
  const col = new Map(table.header.map((h, i) => [h, i]));
  for (const c of COLUMNS) if (!col.has(c)) problems.push(`${file}:${table.headerLine}: missing column "${c}"`);
  if (problems.length) return { checks: [], problems };
  const checks: DistanceCheck[] = [];
  for (const r of table.records) {
    const cell = (c: (typeof COLUMNS)[number]) => (r.cells[col.get(c)!] ?? '').trim();
    const km = Number(cell('km'));
    if (!/^\d+(\.\d+)?$/.test(cell('km')) || km <= 0) { problems.push(`${file}:${r.line}: field "km": "${cell('km')}" is not a positive number`); continue; }
    if (!cell('from') || !cell('to')) { problems.push(`${file}:${r.line}: fields "from" and "to" are required`); continue; }
    if (!cell('source')) { problems.push(`${file}:${r.line}: field "source" is required`); continue; }
    checks.push({ from: cell('from'), to: cell('to'), publishedKm: km, source: cell('source'), note: cell('note'), line: r.line });
  }
  return { checks, problems };
}

/** Undirected graph in compressed sparse rows over the kept links (both directions). */
export interface KmGraph {
  index: Map<string, number>;
  ids: string[];
  firstEdge: Int32Array;
  edgeHead: Int32Array;
  edgeKm: Float64Array;
}

export function kmGraph(links: readonly Link[], keep: (l: Link) => boolean): KmGraph {
  const kept = links.filter(keep);
  const index = new Map<string, number>();
  const ids: string[] = [];
  const idOf = (id: string) => {
    let i = index.get(id);
    if (i === undefined) { i = ids.length; index.set(id, i); ids.push(id); }
    return i;
  };
  const degree: number[] = [];
  for (const l of kept) {
    const a = idOf(l.from), b = idOf(l.to);
    degree[a] = (degree[a] ?? 0) + 1;
    degree[b] = (degree[b] ?? 0) + 1;
  }
  const firstEdge = new Int32Array(ids.length + 1);
  for (let i = 0; i < ids.length; i++) firstEdge[i + 1] = firstEdge[i] + (degree[i] ?? 0);
  const fill = firstEdge.slice(0, ids.length);
  const edgeHead = new Int32Array(firstEdge[ids.length]);
  const edgeKm = new Float64Array(firstEdge[ids.length]);
  for (const l of kept) {
    const a = index.get(l.from)!, b = index.get(l.to)!;
    edgeHead[fill[a]] = b; edgeKm[fill[a]++] = l.lengthKm;
    edgeHead[fill[b]] = a; edgeKm[fill[b]++] = l.lengthKm;
  }
  return { index, ids, firstEdge, edgeHead, edgeKm };
}

/** Plain Dijkstra with a binary heap; null when `to` cannot be reached. */
export function shortestKm(g: KmGraph, from: string, to: string): { km: number; path: string[] } | null {
  const s = g.index.get(from), t = g.index.get(to);
  if (s === undefined || t === undefined) return null;
  const n = g.ids.length;
  const dist = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const heap: number[] = []; // node ids ordered by dist (lazy deletion: stale entries are skipped)
  const push = (v: number) => {
    heap.push(v);
    for (let i = heap.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (dist[heap[p]] <= dist[heap[i]]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]]; i = p;
    }
  };
  const pop = () => {
    const top = heap[0], last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && dist[heap[l]] < dist[heap[m]]) m = l;
        if (r < heap.length && dist[heap[r]] < dist[heap[m]]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]]; i = m;
      }
    }
    return top;
  };
  dist[s] = 0;
  push(s);
  while (heap.length) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u === t) break;
    for (let e = g.firstEdge[u]; e < g.firstEdge[u + 1]; e++) {
      const v = g.edgeHead[e], d = dist[u] + g.edgeKm[e];
      if (d < dist[v]) { dist[v] = d; prev[v] = u; push(v); }
    }
  }
  if (!done[t]) return null;
  const path: string[] = [];
  for (let v = t; v !== -1; v = prev[v]) path.push(g.ids[v]);
  return { km: dist[t], path: path.reverse() };
}

export interface DistanceResult extends DistanceCheck {
  /** null when no operating rail path joins the two nodes. */
  ourKm: number | null;
  /** (ours − published) / published, or null. */
  deviation: number | null;
  path: string[];
}

/** Every check against the network; unknown nodes and source keys are problems, not results. */
export function compareDistances(result: BuildResult, checks: readonly DistanceCheck[], file = CHECKS_FILE): { rows: DistanceResult[]; problems: string[] } {
  const nodes = new Set(result.records.nodes.map((n) => n.id));
  const keys = new Set(result.sources.map((s) => s.key));
  const g = kmGraph(result.records.links, operatingRail);
  const rows: DistanceResult[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of checks) {
    const bad: string[] = [];
    for (const f of ['from', 'to'] as const) if (!nodes.has(c[f])) bad.push(`${file}:${c.line}: field "${f}": node "${c[f]}" is not in any nodes.csv`);
    if (!keys.has(c.source)) bad.push(`${file}:${c.line}: field "source": "${c.source}" is not a key in any sources.csv`);
    const pair = [c.from, c.to].sort().join(' ');
    if (seen.has(pair)) bad.push(`${file}:${c.line}: the pair ${c.from} – ${c.to} is listed twice`);
    seen.add(pair);
    if (bad.length) { problems.push(...bad); continue; }
    const sp = shortestKm(g, c.from, c.to);
    rows.push({ ...c, ourKm: sp?.km ?? null, deviation: sp ? (sp.km - c.publishedKm) / c.publishedKm : null, path: sp?.path ?? [] });
  }
  return { rows, problems };
}

export const withinTolerance = (r: DistanceResult) => r.deviation !== null && Math.abs(r.deviation) <= TOLERANCE;

export function describe(r: DistanceResult, file = CHECKS_FILE): string {
  const ours = r.ourKm === null ? 'no operating rail path' : `ours ${Math.round(r.ourKm)} km`;
  const dev = r.deviation === null ? '' : ` (${r.deviation >= 0 ? '+' : ''}${(r.deviation * 100).toFixed(1)} %)`;
  return `${r.from} – ${r.to}: ${ours} vs published ${r.publishedKm} km${dev} [${file}:${r.line}, ${r.source}]`;
}

/** Both files against a fresh build of data/curated: the held pairs and the open ones. */
export function loadAndCompare(root: string): { rows: DistanceResult[]; open: DistanceResult[]; problems: string[] } {
  const result = buildCurated({
    files: readCuratedTree(join(root, 'data/curated')),
    gazetteer: loadGazetteer(root),
    version: packageVersion(root),
    displayPrefix: 'data/curated/',
  });
  const read = readDistanceChecks(readFileSync(join(root, CHECKS_FILE), 'utf8'), CHECKS_FILE);
  const readOpen = readDistanceChecks(readFileSync(join(root, OPEN_FILE), 'utf8'), OPEN_FILE);
  const cmp = compareDistances(result, read.checks);
  const cmpOpen = compareDistances(result, readOpen.checks, OPEN_FILE);
  return { rows: cmp.rows, open: cmpOpen.rows, problems: [...read.problems, ...cmp.problems, ...readOpen.problems, ...cmpOpen.problems] };
}

function main(): void {
  const root = new URL('..', import.meta.url).pathname;
  const showPath = process.argv.includes('--path');
  const { rows, open, problems } = loadAndCompare(root);
  const pad = (s: string, w: number) => s.padEnd(w);
  const out = [`${pad('from', 24)}${pad('to', 24)}${'ours km'.padStart(9)}${'published'.padStart(11)}${'dev %'.padStart(8)}  source`];
  for (const r of [...rows, ...open]) {
    if (r === open[0]) out.push('', `open (${OPEN_FILE}: known not to match yet, see the note of each row):`);
    const ours = r.ourKm === null ? '—' : String(Math.round(r.ourKm));
    const dev = r.deviation === null ? '—' : `${r.deviation >= 0 ? '+' : ''}${(r.deviation * 100).toFixed(1)}`;
    out.push(`${pad(r.from, 24)}${pad(r.to, 24)}${ours.padStart(9)}${String(r.publishedKm).padStart(11)}${dev.padStart(8)}${withinTolerance(r) ? '  ' : ' !'}${r.source}`);
    if (showPath) out.push(`    ${r.path.join(' → ')}`);
  }
  const off = rows.filter((r) => !withinTolerance(r));
  const absDev = rows.filter((r) => r.deviation !== null).map((r) => Math.abs(r.deviation!)).sort((a, b) => a - b);
  const median = absDev.length ? absDev[Math.floor(absDev.length / 2)] : 0;
  out.push('', `${rows.length} pairs; ${rows.length - off.length} within ±${TOLERANCE * 100} %, ${off.length} outside (marked !); median |deviation| ${(median * 100).toFixed(1)} %`);
  if (open.length) out.push(`${open.length} open pairs listed separately (not held to the tolerance)`);
  for (const p of problems) out.push(`problem: ${p}`);
  process.stdout.write(`${out.join('\n')}\n`);
  process.exit(off.length || problems.length ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
