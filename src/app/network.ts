// The compiled network of a store: the graph (src/network) with what the app needs beside it
// (link geometry, port names for place search, build issues) and its Router; built from records,
// or read from a snapshot file that a later start reads instead of the store's records.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KaravanError, type Issue } from '../core/issues.ts';
import type { LonLat, Records } from '../core/model.ts';
import { buildGraph, buildPlaceIndex, type Graph, type PlaceIndex } from '../network/index.ts';
import { decodeSnapshotWith, encodeSnapshot, type SnapshotArray } from '../network/snapshot.ts';
import { Router, type Cch, type Hierarchy, type RouterOptions } from '../route/index.ts';
import type { Db } from '../store/index.ts';
import { PROJECT_ROOT } from './open.ts';

export interface Network {
  key: string;
  graph: Graph;
  router: Router;
  places: PlaceIndex;
  links: Map<string, { from: string; to: string; geometry: LonLat[] }>;
  /** Names from other layers (ports) that place search also knows. */
  placeExtras: PlaceExtra[];
  buildIssues: Issue[];
  buildMs: number;
  /** Where the compiled network came from on this start, and a snapshot refused on the way. */
  snapshot?: { file: string; loaded: boolean; written: boolean; refused?: Issue };
}


export type PlaceExtra = { node: string; names: (string | null)[]; unlocode: string | null };
type LinkEnds = { from: string; to: string; geometry: LonLat[] };

function assemble(graph: Graph, key: string, extra: PlaceExtra[], links: Map<string, LinkEnds>, buildIssues: Issue[], t0: number, ro: RouterOptions): Network {
  return { key, graph, router: new Router(graph, ro), places: buildPlaceIndex(graph, extra), links, placeExtras: extra, buildIssues, buildMs: performance.now() - t0 };
}

const placeExtras = (records: Records): PlaceExtra[] =>
  records.ports.filter((p) => p.node).map((p) => ({ node: p.node!, names: [p.name_en, p.name_ru, p.name_local], unlocode: p.unlocode }));

export function networkFromRecords(records: Records, key: string, ro: RouterOptions = {}): Network {
  const t0 = performance.now();
  const { graph, issues } = buildGraph(records, { dataHash: key });
  return assemble(graph, key, placeExtras(records), new Map(records.links.map((l) => [l.id, { from: l.from, to: l.to, geometry: l.geometry }])), issues, t0, ro);
}

/** Hierarchy fields kept in a snapshot (every typed array of it; the counts go in the JSON). */
const CH_ARRAYS = ['rank', 'upFirst', 'upHead', 'upWeight', 'upEdge', 'downFirst', 'downTail', 'downWeight', 'downEdge', 'edgeTail', 'edgeHead', 'child1', 'child2'] as const;
/** The customizable hierarchy's arrays (route/cch.ts): its order takes most of its build (16 s at 10⁶ vertices). */
const CCH_ARRAYS = ['rank', 'order', 'upFirst', 'upHead', 'lowFirst', 'lowTail', 'lowArc', 'parent', 'arcOf', 'origFirst', 'origArc'] as const;

/**
 * The compiled network as snapshot bytes: the graph, plus what the app needs beside it so that a
 * later start reads no records at all: link geometry (flat coordinates), port names for place
 * search, and the build issues.
 */
export function encodeNetwork(net: Network): Uint8Array {
  const ids = [...net.links.keys()];
  const start = new Int32Array(ids.length + 1);
  let n = 0;
  ids.forEach((id, i) => { start[i] = n; n += net.links.get(id)!.geometry.length; });
  start[ids.length] = n;
  const coords = new Float64Array(2 * n);
  let at = 0;
  for (const id of ids) for (const [lon, lat] of net.links.get(id)!.geometry) { coords[at++] = lon; coords[at++] = lat; }
  const ends = ids.map((id) => [net.links.get(id)!.from, net.links.get(id)!.to]);
  const arrays: Record<string, SnapshotArray> = { linkGeometryStart: start, linkGeometry: coords };
  const hierarchies = [...net.router.hierarchies()].map(([metric, h], i) => {
    for (const f of CH_ARRAYS) arrays[`ch${i}.${f}`] = h[f];
    return { metric, vertexCount: h.vertexCount, baseArcs: h.baseArcs, shortcuts: h.shortcuts, buildMs: h.buildMs };
  });
  const c = net.router.customizable();
  if (c) for (const f of CCH_ARRAYS) arrays[`cch.${f}`] = c[f];
  const cch = c ? { vertexCount: c.vertexCount, arcs: c.arcs, orderMs: c.orderMs, buildMs: c.buildMs } : null;
  return encodeSnapshot(net.graph, { arrays, json: { linkIds: ids, linkEnds: ends, placeExtras: net.placeExtras, buildIssues: net.buildIssues, hierarchies, cch } });
}

type HierarchyHead = { metric: string; vertexCount: number; baseArcs: number; shortcuts: number; buildMs: number };
type CchHead = { vertexCount: number; arcs: number; orderMs: number; buildMs: number };

/** A network from snapshot bytes; a file of another format or other data is refused (KaravanError). */
export function decodeNetwork(bytes: Uint8Array, file: string, key: string, ro: RouterOptions = {}): Network {
  const t0 = performance.now();
  const { graph, attachments } = decodeSnapshotWith(bytes, file, key);
  const j = attachments.json as { linkIds: string[]; linkEnds: [string, string][]; placeExtras: PlaceExtra[]; buildIssues: Issue[]; hierarchies?: HierarchyHead[]; cch?: CchHead | null } | null;
  const start = attachments.arrays.linkGeometryStart, coords = attachments.arrays.linkGeometry;
  if (!j || !Array.isArray(j.linkIds) || !start || !coords || start.length !== j.linkIds.length + 1) {
    throw new KaravanError('ROUTE_SNAPSHOT_INVALID', { file, reason: 'the link geometry attachment is missing or does not match its link ids' });
  }
  const links = new Map<string, LinkEnds>();
  j.linkIds.forEach((id, i) => {
    const geometry: LonLat[] = [];
    for (let c = start[i]; c < start[i + 1]; c++) geometry.push([coords[2 * c], coords[2 * c + 1]]);
    links.set(id, { from: j.linkEnds[i][0], to: j.linkEnds[i][1], geometry });
  });
  const hierarchies = new Map<string, Hierarchy>();
  (j.hierarchies ?? []).forEach((head, i) => {
    const h: Record<string, unknown> = { ...head };
    for (const f of CH_ARRAYS) h[f] = attachments.arrays[`ch${i}.${f}`];
    if (CH_ARRAYS.some((f) => !h[f])) throw new KaravanError('ROUTE_SNAPSHOT_INVALID', { file, reason: `hierarchy ${i} is missing arrays` });
    const { metric: _m, ...rest } = h;
    hierarchies.set(head.metric, rest as unknown as Hierarchy);
  });
  let cch: Cch | undefined;
  if (j.cch) {
    const c: Record<string, unknown> = { ...j.cch };
    for (const f of CCH_ARRAYS) c[f] = attachments.arrays[`cch.${f}`];
    if (CCH_ARRAYS.some((f) => !c[f])) throw new KaravanError('ROUTE_SNAPSHOT_INVALID', { file, reason: 'the customizable hierarchy is missing arrays' });
    cch = c as unknown as Cch;
  }
  return assemble(graph, key, j.placeExtras, links, j.buildIssues, t0, { ...ro, hierarchies, cch });
}

/**
 * Where compiled networks are kept: KARAVAN_SNAPSHOT_DIR, else inside the embedded store's own
 * directory, so a snapshot lives and dies with the store it was compiled from. None for an
 * in-memory store, nor for a server store unless KARAVAN_SNAPSHOT_DIR says where (the data version
 * of a server database does not say which database it is). KARAVAN_SNAPSHOT_DIR=off turns them off.
 */
export function snapshotDir(db: Db): string | null {
  const env = process.env.KARAVAN_SNAPSHOT_DIR;
  if (env === 'off' || env === '0') return null;
  if (env) return resolve(env);
  if (db.backend !== 'pglite' || db.location.startsWith('memory://')) return null;
  return join(db.location, 'karavan-snapshots');
}

/**
 * A fingerprint of the code that compiles and costs a network (src/network, src/route): part of a
 * snapshot's key, so a snapshot compiled by other code (an upgrade, a fix to the graph build or to
 * the costing a saved hierarchy was contracted on) is refused and rebuilt rather than trusted.
 */
let compiler: string | undefined;
export function compilerVersion(): string {
  if (compiler === undefined) {
    const h = createHash('sha256');
    try {
      for (const dir of ['src/network', 'src/route']) {
        const abs = join(PROJECT_ROOT, dir);
        for (const f of readdirSync(abs).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts')).sort()) h.update(`${dir}/${f}\n`).update(readFileSync(join(abs, f)));
      }
      // This file too (it lays out what a snapshot attaches to the graph), and the use case that
      // decides which hierarchies a compiled network carries (plan-route.ts, loadNetwork).
      for (const f of ['src/app/network.ts', 'src/app/plan-route.ts']) h.update(`${f}\n`).update(readFileSync(join(PROJECT_ROOT, f)));
      compiler = h.digest('hex').slice(0, 12);
    } catch {
      // Sources not shipped (a bundled build): no fingerprint to trust, so this process's key matches no saved file.
      compiler = `unverified-${process.pid}-${Date.now()}`;
    }
  }
  return compiler;
}

const SNAPSHOT_PREFIX = 'network-';
export const snapshotFile = (dir: string, key: string) => join(dir, `${SNAPSHOT_PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, 16)}.bin`);

/** Writes atomically (a reader never sees half a file) and removes the store's older snapshots. */
export function writeSnapshot(net: Network, dir: string, file: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, encodeNetwork(net));
    renameSync(tmp, file);
    // Older snapshots are removed only from the store's own folder: a KARAVAN_SNAPSHOT_DIR may be shared by several stores.
    if (!process.env.KARAVAN_SNAPSHOT_DIR) {
      for (const f of readdirSync(dir)) if (f.startsWith(SNAPSHOT_PREFIX) && join(dir, f) !== file) rmSync(join(dir, f), { force: true });
    }
    return true;
  } catch (e) {
    // A read-only data directory only costs the next start its build time.
    process.stderr.write(`karavan: could not save the network snapshot ${file}: ${(e as Error).message}\n`);
    return false;
  }
}
