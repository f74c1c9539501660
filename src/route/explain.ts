// A path (arc list) → an answer that explains itself: legs, border crossings, gauge changes,
// transshipments, the four criteria and the sources behind them. Totals are the sums of the legs:
// a border wait is part of the leg that crosses it, a transfer is charged to the leg it starts.
import {
  ARC_GAUGE_CHANGE, ARC_LINK, ARC_LINK_GAUGE, CLASSES, CLASS_GAUGE_MM, MODE_CODES, type Graph,
} from '../network/graph.ts';
import type { ArcCosts } from './costing.ts';
import type { Profile } from './profile.ts';

export interface Totals { km: number; hours: number; usd: number; co2Kg: number; risk: number }

export interface Leg extends Totals {
  mode: string;
  gaugeMm: number | null;
  from: string;
  to: string;
  fromName: string;
  toName: string;
  country: string;
  /** Border wait and transfer time included in `hours`. */
  borderHours: number;
  handlingHours: number;
  links: string[];
}

export interface BorderCrossing {
  crossing: string | null;
  name: string | null;
  fromCountry: string;
  toCountry: string;
  fromNode: string;
  toNode: string;
  mode: string;
  dwellHours: number;
  dwellSource: string | null;
  usd: number;
  leg: number;
}

export interface Transfer { node: string; name: string; from: string; to: string; hours: number; usd: number; leg: number }
export interface GaugeChange extends Transfer { fromGaugeMm: number; toGaugeMm: number }

export interface RouteAnswer {
  totals: Totals;
  legs: Leg[];
  borderCrossings: BorderCrossing[];
  gaugeChanges: GaugeChange[];
  transshipments: Transfer[];
  sources: string[];
  /** Node ids along the route, first to last. */
  nodes: string[];
  /** The weighted objective the search minimised. */
  objective: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function explainPath(g: Graph, c: ArcCosts, arcs: readonly number[], profile: Profile, objective: number, startNode: number): RouteAnswer {
  const legs: Leg[] = [];
  const borderCrossings: BorderCrossing[] = [];
  const gaugeChanges: GaugeChange[] = [];
  const transshipments: Transfer[] = [];
  // Link sources by rank (one integer sort), the few others as strings; merged in sort order.
  const sources = new Set<string>();
  const ranks = sourceRanks(g), seenGen = ranks.next(), lines = profileLines(profile);
  let linkSources = 0;
  const nodes: string[] = [g.nodeIds[startNode]];
  let pending = { hours: 0, usd: 0, risk: 0 };
  const nodeName = (n: number) => g.nodeNameEn[n];
  for (const a of arcs) {
    const tn = g.vertexNode[g.arcTail[a]], hn = g.vertexNode[g.arcHead[a]];
    if (g.arcKind[a] !== ARC_LINK && g.arcKind[a] !== ARC_LINK_GAUGE) {
      const fromCls = g.vertexClass[g.arcTail[a]], toCls = g.vertexClass[g.arcHead[a]];
      const t = { node: g.nodeIds[tn], name: nodeName(tn), from: CLASSES[fromCls], to: CLASSES[toCls], hours: c.hours[a], usd: c.usd[a], leg: legs.length };
      if (g.arcKind[a] === ARC_GAUGE_CHANGE) {
        gaugeChanges.push({ ...t, fromGaugeMm: CLASS_GAUGE_MM[fromCls], toGaugeMm: CLASS_GAUGE_MM[toCls] });
        sources.add(lines.gaugeChange);
      } else {
        transshipments.push(t);
        sources.add(lines.transshipment);
      }
      pending = { hours: pending.hours + c.hours[a], usd: pending.usd + c.usd[a], risk: pending.risk + c.risk[a] };
      continue;
    }
    const l = g.arcLink[a];
    const mode = MODE_CODES[g.linkMode[l]];
    const gauge = mode === 'rail' ? g.linkGaugeMm[l] : null;
    const country = g.countries[g.linkCountry[l]];
    let leg = legs[legs.length - 1];
    const startsNew = !leg || pending.hours > 0 || pending.usd > 0 || leg.mode !== mode || leg.gaugeMm !== gauge || leg.country !== country;
    if (startsNew) {
      leg = {
        mode, gaugeMm: gauge, from: g.nodeIds[tn], to: g.nodeIds[hn], fromName: nodeName(tn), toName: nodeName(hn), country,
        km: 0, hours: pending.hours, usd: pending.usd, co2Kg: 0, risk: pending.risk, borderHours: 0, handlingHours: pending.hours, links: [],
      };
      legs.push(leg);
      pending = { hours: 0, usd: 0, risk: 0 };
    }
    leg.to = g.nodeIds[hn]; leg.toName = nodeName(hn);
    leg.km += c.km[a]; leg.hours += c.hours[a]; leg.usd += c.usd[a]; leg.co2Kg += c.co2Kg[a]; leg.risk += c.risk[a];
    leg.links.push(g.linkIds[l]);
    if (g.arcKind[a] === ARC_LINK_GAUGE) {
      const fromCls = g.vertexClass[g.arcTail[a]], toCls = g.vertexClass[g.arcHead[a]];
      gaugeChanges.push({
        node: g.nodeIds[tn], name: `${nodeName(tn)} – ${nodeName(hn)}`, from: CLASSES[fromCls], to: CLASSES[toCls],
        hours: profile.gaugeChange.hours, usd: profile.gaugeChange.usd, leg: legs.length - 1, fromGaugeMm: CLASS_GAUGE_MM[fromCls], toGaugeMm: CLASS_GAUGE_MM[toCls],
      });
      leg.handlingHours += profile.gaugeChange.hours;
      sources.add(lines.gaugeChange);
    }
    const rank = ranks.rankOfLink[l];
    if (ranks.seen[rank] !== seenGen) { ranks.seen[rank] = seenGen; ranks.found[linkSources++] = rank; }
    if (g.arcBorder[a]) {
      const ci = g.arcCrossing[a];
      const cr = ci >= 0 ? g.crossings[ci] : null;
      leg.borderHours += c.dwellHours[a];
      const union = !c.dwellDefault[a] && (!cr || (g.countries[g.nodeCountry[tn]] === cr.countryA ? cr.dwellHoursAB : cr.dwellHoursBA) == null)
        ? customsUnionOf(profile, g.countries[g.nodeCountry[tn]], g.countries[g.nodeCountry[hn]]) : undefined;
      if (union) sources.add(lines.union);
      borderCrossings.push({
        crossing: cr?.id ?? null, name: cr?.name_en ?? null,
        fromCountry: g.countries[g.nodeCountry[tn]], toCountry: g.countries[g.nodeCountry[hn]],
        fromNode: g.nodeIds[tn], toNode: g.nodeIds[hn], mode,
        dwellHours: r2(c.dwellHours[a]), dwellSource: union ? lines.unionDwell(union) : cr ? (cr.dwellSource ?? cr.sourceId) : lines.defaultDwell,
        usd: profile.border.usd, leg: legs.length - 1,
      });
      if (cr) sources.add(cr.dwellSource ? `${cr.sourceId} (dwell: ${cr.dwellSource})` : cr.sourceId);
    }
    nodes.push(g.nodeIds[hn]);
  }
  if (pending.hours > 0 || pending.usd > 0) {
    const last = legs[legs.length - 1];
    if (last) { last.hours += pending.hours; last.usd += pending.usd; last.risk += pending.risk; last.handlingHours += pending.hours; }
  }
  const modesUsed = new Set(legs.map((l) => l.mode));
  for (const m of modesUsed) for (const s of modeSources(profile, m)) sources.add(s);
  for (const leg of legs) {
    leg.km = r2(leg.km); leg.hours = r2(leg.hours); leg.usd = r2(leg.usd); leg.co2Kg = r2(leg.co2Kg); leg.risk = Math.round(leg.risk * 1e4) / 1e4;
    leg.borderHours = r2(leg.borderHours); leg.handlingHours = r2(leg.handlingHours);
  }
  // Totals from the rounded legs, so they add up exactly as printed.
  const totals: Totals = { km: 0, hours: 0, usd: 0, co2Kg: 0, risk: 0 };
  for (const leg of legs) { totals.km += leg.km; totals.hours += leg.hours; totals.usd += leg.usd; totals.co2Kg += leg.co2Kg; totals.risk += leg.risk; }
  totals.km = r2(totals.km); totals.hours = r2(totals.hours); totals.usd = r2(totals.usd); totals.co2Kg = r2(totals.co2Kg); totals.risk = Math.round(totals.risk * 1e4) / 1e4;
  for (const t of [...gaugeChanges, ...transshipments]) { t.hours = r2(t.hours); t.usd = r2(t.usd); }
  return { totals, legs, borderCrossings, gaugeChanges, transshipments, sources: mergeSources(ranks, ranks.found.subarray(0, linkSources), sources), nodes, objective };
}

/**
 * Per graph: each link's source id as its rank among the graph's distinct source ids in sort order,
 * so that a route's sources (one per link, ~60 long strings with one long common prefix) are
 * deduplicated with a stamp and sorted as integers instead of hashed and compared as strings.
 */
class SourceRanks {
  readonly rankOfLink: Int32Array;
  readonly sorted: string[];
  readonly seen: Uint32Array;
  /** The ranks one route found, in the order found (scratch: explainPath is not re-entered). */
  readonly found: Int32Array;
  gen = 0;
  constructor(g: Graph) {
    this.sorted = [...new Set(g.linkSourceIds)].sort();
    const rank = new Map(this.sorted.map((s, i) => [s, i]));
    this.rankOfLink = Int32Array.from(g.linkSourceIds, (s) => rank.get(s)!);
    this.seen = new Uint32Array(this.sorted.length);
    this.found = new Int32Array(this.sorted.length);
  }
  next(): number {
    if (++this.gen === 0xffffffff) { this.seen.fill(0); this.gen = 1; }
    return this.gen;
  }
}
const sourceRankCache = new WeakMap<Graph, SourceRanks>();
function sourceRanks(g: Graph): SourceRanks {
  let r = sourceRankCache.get(g);
  if (!r) { r = new SourceRanks(g); sourceRankCache.set(g, r); }
  return r;
}

/** The sorted union of link sources (ranks) and other sources (strings): what [...set].sort() of all gives. */
function mergeSources(ranks: SourceRanks, linkSources: Int32Array, others: Set<string>): string[] {
  const a = linkSources.sort(), b = others.size > 1 ? [...others].sort() : [...others];
  const out: string[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? ranks.sorted[a[i]] : undefined;
    const y = j < b.length ? b[j] : undefined;
    // Both present and equal: one entry, as a set has it.
    const s = y === undefined || (x !== undefined && x <= y) ? x! : y;
    if (s === x) i++;
    if (s === y) j++;
    out.push(s);
  }
  return out;
}

/**
 * The source lines of a mode's four figures, built once per profile (its sources object) and mode:
 * building and hashing a dozen long strings per route cost a fifth of the explanation. Profiles
 * are not changed once loaded (loadProfile reads an edited file into a new object).
 */
const modeSourceCache = new WeakMap<object, Map<string, string[]>>();
function modeSources(profile: Profile, mode: string): string[] {
  let byMode = modeSourceCache.get(profile.sources);
  if (!byMode) { byMode = new Map(); modeSourceCache.set(profile.sources, byMode); }
  const key = `${profile.id}\u0000${mode}`;
  let out = byMode.get(key);
  if (!out) {
    out = [];
    for (const f of ['tariffUsdPerKm', 'speedKmh', 'co2KgPerTonneKm', 'riskPer1000Km']) {
      const s = profile.sources[`modes.${mode}.${f}`];
      if (s) out.push(`profile ${profile.id}: modes.${mode}.${f}: ${s}`);
    }
    byMode.set(key, out);
  }
  return out;
}

/**
 * A profile's own source lines, built once per profile (its sources object): a template string
 * per border or transfer was a few per cent of a route's answer.
 */
interface ProfileLines { gaugeChange: string; transshipment: string; union: string; defaultDwell: string; unionDwell: (union: string) => string }
const profileLineCache = new WeakMap<object, Map<string, ProfileLines>>();
function profileLines(profile: Profile): ProfileLines {
  let byId = profileLineCache.get(profile.sources);
  if (!byId) { byId = new Map(); profileLineCache.set(profile.sources, byId); }
  let out = byId.get(profile.id);
  if (!out) {
    const id = profile.id, unions = new Map<string, string>();
    out = {
      gaugeChange: `profile ${id}: gaugeChange: ${profile.sources.gaugeChange}`,
      transshipment: `profile ${id}: transshipment: ${profile.sources.transshipment}`,
      union: `profile ${id}: border.customsUnionDwellHours: ${profile.sources['border.customsUnionDwellHours'] ?? ''}`,
      defaultDwell: `profile ${id}: border.defaultDwellHours`,
      unionDwell: (u) => { let s = unions.get(u); if (!s) { s = `profile ${id}: border.customsUnionDwellHours (${u})`; unions.set(u, s); } return s; },
    };
    byId.set(profile.id, out);
  }
  return out;
}

/** Sums the raw (unrounded) criteria of a path: what tests compare with a reference. */
export function pathTotals(c: ArcCosts, arcs: readonly number[]): Totals {
  const t: Totals = { km: 0, hours: 0, usd: 0, co2Kg: 0, risk: 0 };
  for (const a of arcs) { t.km += c.km[a]; t.hours += c.hours[a]; t.usd += c.usd[a]; t.co2Kg += c.co2Kg[a]; t.risk += c.risk[a]; }
  return t;
}

/** The customs union (id) of the profile both countries belong to, if any: a border without customs clearance. */
export function customsUnionOf(profile: Profile, a: string, b: string): string | undefined {
  return profile.customsUnions?.find((u) => u.members.includes(a) && u.members.includes(b))?.id;
}
