// Use case: freight flows on the Karavan network. Stages, in order: open the network (graph built
// once per data version) → read the OD matrix (ingest/demand) → the route planner's generalised
// costs for the profile and overlay (route) → the assignment network with hard capacities
// (assign/karavan) → drop OD pairs the profile cannot connect, each with a warning → equilibrium
// under the capacities with shadow prices (assign/capacity) → flows per link and direction, and
// the capacities ranked by shadow price. Results are kept per (network, demand file, options).
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { KaravanError, makeIssue, renderMessage, type Issue, type Lang } from '../core/issues.ts';
import { readOdCsv } from '../ingest/demand.ts';
import { assignWithCapacities, karavanNetwork, zoneDemand, reachableDemand, DEFAULT_CAPACITY_UNITS, type CapacityUnits } from '../assign/index.ts';
import type { Graph } from '../network/index.ts';
import { loadRecords, type Db } from '../store/index.ts';
import { checkOptions, openNetwork, type OptionStyle } from './plan-route.ts';
import { PROJECT_ROOT } from './open.ts';

export const DEFAULT_DEMAND = 'data/demand/od-matrix.csv';

export interface NetworkAssignOptions {
  /** OD matrix CSV (origin, destination, tonnesPerYear, …), relative to the project root or absolute. */
  demand?: string;
  profile?: string;
  weights?: string;
  modes?: string;
  year?: string | number;
  avoidCountries?: string;
  closed?: string;
  units?: Partial<CapacityUnits>;
  /** Bottlenecks to return (default 20). */
  top?: number;
}

export interface LinkFlow {
  id: string;
  mode: string;
  /** Tonnes per year from → to and back, as the link record orients it. */
  tonnesAB: number;
  tonnesBA: number;
  /** Hard capacity in tonnes per year (the tighter direction's), or null when the data has none. */
  capacityTonnes: number | null;
  /** Highest volume/capacity over the two directions, null without a capacity. */
  volumeCapacity: number | null;
  shadowPrice: number;
}

export interface CapacityRow {
  /** Link id, and the crossing id when the capacity is the crossing's. */
  link: string;
  crossing: string | null;
  mode: string;
  from: string;
  to: string;
  tonnes: number;
  capacityTonnes: number;
  volumeCapacity: number;
  /** Profile cost units per tonne: what the capacity's scarcity adds to each tonne that crosses it. */
  shadowPrice: number;
  binding: boolean;
}

export interface NetworkFlowsResult {
  demandFile: string;
  profile: { id: string; unit: string };
  units: CapacityUnits;
  totalTonnes: number;
  assignedTonnes: number;
  links: LinkFlow[];
  bottlenecks: CapacityRow[];
  converged: boolean;
  overflow: number;
  gap: number;
  outerIterations: number;
  seconds: number;
  issues: Issue[];
}

const cache = new Map<string, NetworkFlowsResult>();

export async function assignNetworkFlows(db: Db, o: NetworkAssignOptions, style: OptionStyle): Promise<NetworkFlowsResult> {
  const opts = checkOptions({ profile: o.profile ?? 'bulk', weights: o.weights, modes: o.modes, year: o.year, avoidCountries: o.avoidCountries, closed: o.closed }, style);
  const file = o.demand ?? DEFAULT_DEMAND;
  const path = isAbsolute(file) ? file : join(PROJECT_ROOT, file);
  let text: string, mtime: number;
  try { text = readFileSync(path, 'utf8'); mtime = statSync(path).mtimeMs; } catch {
    throw new KaravanError('NOT_FOUND', { what: 'file', what_ru: 'файл', field: style === 'cli' ? '--demand' : 'demand', value: file }, 404);
  }
  const units: CapacityUnits = { ...DEFAULT_CAPACITY_UNITS, ...o.units };
  const net = await openNetwork(db);
  // One equilibrium per question; how many bottlenecks are shown is not part of it.
  const key = JSON.stringify([net.key, path, mtime, opts.profile.id, opts.weights, opts.overlay, units]);
  const top = (r: NetworkFlowsResult): NetworkFlowsResult => ({ ...r, bottlenecks: r.bottlenecks.slice(0, o.top ?? 20) });
  const hit = cache.get(key);
  if (hit) return top(hit);
  const g = net.graph;
  const shown = relative(PROJECT_ROOT, path) || path;
  const od = readOdCsv(text, { file: shown, isNode: (id) => g.nodeIndex.has(id) });
  const issues: Issue[] = [...od.issues];
  const firstError = od.issues.find((i) => i.severity === 'error');
  if (firstError) {
    const at = `${firstError.at?.file ?? shown}${firstError.at?.line ? `:${firstError.at.line}` : ''}`;
    throw new KaravanError('ASSIGN_DEMAND_REJECTED', { file: shown, count: od.issues.filter((i) => i.severity === 'error').length, first: `${at}: ${renderMessage(firstError.code, firstError.params, 'en')}` }, 422);
  }
  // zones: every node the matrix names, in order of first appearance
  const zoneOf = new Map<number, number>(), zoneNodes: number[] = [];
  const zone = (id: string): number => {
    const n = g.nodeIndex.get(id)!;
    let z = zoneOf.get(n);
    if (z === undefined) { z = zoneNodes.length; zoneOf.set(n, z); zoneNodes.push(n); }
    return z;
  };
  const pairs = od.records.map((r) => ({ origin: zone(r.origin), destination: zone(r.destination), tonnes: r.tonnesPerYear }));
  const records = await loadRecords(db);
  const linkCap = new Float64Array(g.linkCount).fill(NaN);
  const linkIndex = new Map(g.linkIds.map((id, i) => [id, i]));
  for (const l of records.links) if (l.capacityPerDay !== null) { const i = linkIndex.get(l.id); if (i !== undefined) linkCap[i] = l.capacityPerDay; }
  const { costs, w } = net.router.weights(opts.profile, opts.overlay, opts.weights);
  const crossingCap = applyCapacityProjects(g, costs.projectsApplied, linkIndex, linkCap);
  const kn = karavanNetwork(g, w, costs.closed, zoneNodes, linkCap, units, crossingCap);
  const reach = reachableDemand(kn.net, zoneDemand(pairs, zoneNodes.length));
  for (const [oz, dz, tonnes] of reach.dropped) {
    issues.push(makeIssue('ASSIGN_OD_DROPPED', { file: shown }, { origin: g.nodeIds[zoneNodes[oz]], destination: g.nodeIds[zoneNodes[dz]], value: Math.round(tonnes), profile: opts.profile.id }));
  }
  const r = assignWithCapacities(kn.net, reach.demand, kn.hardCap, { objective: 'ue', gap: 1e-9, tolerance: 1e-6, maxSeconds: 120 });
  issues.push(...r.issues);
  if (!r.value) throw new Error(`assignment on the network failed after the reachability filter: ${JSON.stringify(r.issues)}`);
  const f = r.value;
  const modeName = (l: number) => ['rail', 'road', 'ferry'][g.linkMode[l]] ?? 'rail';
  // per graph link and direction; capacities by the tighter direction
  const ab = new Float64Array(g.linkCount), ba = new Float64Array(g.linkCount), cap = new Float64Array(g.linkCount).fill(Infinity), price = new Float64Array(g.linkCount);
  const rows: CapacityRow[] = [];
  for (let i = 0; i < kn.net.linkCount; i++) {
    const a = kn.arcOf[i];
    if (a < 0) continue;
    const l = g.arcLink[a];
    if (l < 0) continue;
    if (g.arcForward[a]) ab[l] += f.volume[i]; else ba[l] += f.volume[i];
    if (kn.hardCap[i] < cap[l]) cap[l] = kn.hardCap[i];
    if (f.mu[i] > price[l]) price[l] = f.mu[i];
    if (!Number.isFinite(kn.hardCap[i])) continue;
    const ci = g.arcCrossing[a];
    rows.push({
      link: g.linkIds[l], crossing: kn.capSource[i] === 'crossing' && ci >= 0 ? g.crossings[ci].id : null, mode: modeName(l),
      from: g.nodeIds[g.vertexNode[g.arcTail[a]]], to: g.nodeIds[g.vertexNode[g.arcHead[a]]],
      tonnes: f.volume[i], capacityTonnes: kn.hardCap[i], volumeCapacity: f.volume[i] / kn.hardCap[i], shadowPrice: f.mu[i], binding: f.mu[i] > 0,
    });
  }
  rows.sort((p, q) => q.shadowPrice - p.shadowPrice || q.volumeCapacity - p.volumeCapacity || p.link.localeCompare(q.link));
  const links: LinkFlow[] = [];
  for (let l = 0; l < g.linkCount; l++) {
    if (ab[l] <= 0 && ba[l] <= 0 && !Number.isFinite(cap[l])) continue;
    const c = Number.isFinite(cap[l]) ? cap[l] : null;
    links.push({ id: g.linkIds[l], mode: modeName(l), tonnesAB: ab[l], tonnesBA: ba[l], capacityTonnes: c, volumeCapacity: c ? Math.max(ab[l], ba[l]) / c : null, shadowPrice: price[l] });
  }
  const result: NetworkFlowsResult = {
    demandFile: shown, profile: { id: opts.profile.id, unit: opts.profile.unit }, units, totalTonnes: od.totalTonnesPerYear, assignedTonnes: reach.demand.total,
    links, bottlenecks: rows, converged: f.converged, overflow: f.overflow, gap: f.gap, outerIterations: f.outerIterations, seconds: f.seconds, issues,
  };
  if (cache.size > 8) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return top(result);
}

/** An issue as JSON with its text. */
export function issueText(i: Issue, lang: Lang): { code: string; severity: string; message: string } {
  return { code: i.code, severity: i.severity, message: renderMessage(i.code, i.params, lang) };
}

/** Demand files the API may name: the CSV files directly under data/demand (never a path). */
export function demandFileForApi(name: string | undefined): string {
  if (name === undefined) return DEFAULT_DEMAND;
  if (!/^[A-Za-z0-9._-]+\.csv$/.test(name) || name.startsWith('.')) {
    throw new KaravanError('OPTION_INVALID', { option: 'demand', field: 'demand', value: name, allowed: 'a CSV file name under data/demand, e.g. od-matrix.csv' });
  }
  return `data/demand/${name}`;
}

/** Flows as GeoJSON lines for the map: one feature per link that carries flow or has a capacity. */
export async function flowsGeoJson(db: Db, r: NetworkFlowsResult): Promise<unknown> {
  const net = await openNetwork(db);
  const features = [];
  for (const f of r.links) {
    const l = net.links.get(f.id);
    if (!l) continue;
    features.push({
      type: 'Feature', id: f.id, geometry: { type: 'LineString', coordinates: l.geometry },
      properties: { id: f.id, mode: f.mode, from: l.from, to: l.to, tonnes: f.tonnesAB + f.tonnesBA, tonnesAB: f.tonnesAB, tonnesBA: f.tonnesBA, capacityTonnes: f.capacityTonnes, volumeCapacity: f.volumeCapacity, shadowPrice: f.shadowPrice },
    });
  }
  return { type: 'FeatureCollection', features, properties: { demandFile: r.demandFile, profile: r.profile, totalTonnes: r.totalTonnes, assignedTonnes: r.assignedTonnes, converged: r.converged } };
}

/**
 * The capacity changes of the projects the year overlay applied (`set_line … capacityPerDay` arrives
 * as one `set` per section, `set_crossing … capacityPerDay`), in the order the overlay applied them:
 * link capacities are changed in place, crossing capacities returned by crossing index.
 */
function applyCapacityProjects(g: Graph, applied: readonly string[], linkIndex: ReadonlyMap<string, number>, linkCap: Float64Array): Map<number, number> {
  const crossingCap = new Map<number, number>();
  if (applied.length === 0) return crossingCap;
  const crossingIndex = new Map(g.crossings.map((c, i) => [c.id, i]));
  const byId = new Map(g.projects.map((p) => [p.id, p]));
  for (const id of applied) {
    for (const ch of byId.get(id)?.changes ?? []) {
      if (ch.op === 'set' && ch.attr === 'capacityPerDay' && typeof ch.value === 'number') {
        const l = linkIndex.get(ch.link);
        if (l !== undefined) linkCap[l] = ch.value;
      } else if (ch.op === 'set_crossing' && ch.attr === 'capacityPerDay') {
        const c = crossingIndex.get(ch.crossing);
        if (c !== undefined) crossingCap.set(c, ch.value);
      }
    }
  }
  return crossingCap;
}
