// Overlays and costing: graph + profile + overlay → what each arc costs, as five flat columns
// (km, hours, usd, co2Kg, risk) and a closed flag. One pass over the arcs, no rebuild: a year, an
// avoided country, a mode filter or a closure costs milliseconds even on a large graph.
import type { Mode } from '../core/model.ts';
import {
  ARC_GAUGE_CHANGE, ARC_LINK, ARC_LINK_GAUGE, ARC_TRANSSHIPMENT, MODE_CODES, NO_YEAR, STATUS_CODES, type Graph,
} from '../network/graph.ts';
import type { Profile, Weights } from './profile.ts';

export interface Overlay {
  /** The network as of this year (projects opened by then are in, lines closed by then are out). Unset: today's operating network. */
  year?: number | null;
  /** Allowed modes (default all). */
  modes?: readonly Mode[];
  avoidCountries?: readonly string[];
  /** Link ids closed by hand or by an alert. */
  closedLinks?: readonly string[];
  /** Extra border wait per crossing id, hours (alerts, queues). */
  extraDwellHours?: Readonly<Record<string, number>>;
  /**
   * Multiplier of the border wait per crossing id (a delay alert: 2 = twice the usual wait). It
   * scales the wait in force each way (the crossing's own dwell in that direction, or the profile's
   * default where it has none), before extraDwellHours is added. Finite and > 0.
   */
  dwellFactor?: Readonly<Record<string, number>>;
  /**
   * Travel-time multiplier per link id (a delay alert: 1.25 = a quarter slower). It scales the
   * link's own time (running, and the ferry's wait for a sailing), not border dwell or gauge
   * changes, which have their own fields. Finite and > 0.
   */
  linkTimeFactor?: Readonly<Record<string, number>>;
  /** Risk added each time a link id is travelled (an alert's disruption probability). Finite and ≥ 0. */
  linkRiskAdd?: Readonly<Record<string, number>>;
}

export interface ArcCosts {
  closed: Uint8Array;
  km: Float64Array;
  hours: Float64Array;
  usd: Float64Array;
  co2Kg: Float64Array;
  risk: Float64Array;
  /** Border wait included in `hours` (for the explanation). */
  dwellHours: Float64Array;
  /** 1 where the border wait is the profile default (no crossing record, or no dwell that way). */
  dwellDefault: Uint8Array;
  /** Projects whose changes the year overlay applied. */
  projectsApplied: string[];
}

const OPERATING = STATUS_CODES.indexOf('operating');
const DISUSED = STATUS_CODES.indexOf('disused');
const FERRY = MODE_CODES.indexOf('ferry');

/** Which links are open, at what speed, and the crossings' dwell overrides, for an overlay. */
function linkStates(g: Graph, ov: Overlay) {
  const open = new Uint8Array(g.linkCount);
  const speed = Float32Array.from(g.linkSpeedKmh);
  const dwellOverride = new Map<string, { ab?: number; ba?: number }>();
  const year = ov.year ?? null;
  for (let l = 0; l < g.linkCount; l++) {
    const st = g.linkStatus[l], op = g.linkOpeningYear[l], cl = g.linkClosingYear[l];
    const closedBy = cl !== NO_YEAR && (year === null ? false : cl <= year);
    if (year === null) open[l] = st === OPERATING && !closedBy ? 1 : 0;
    else if (st === OPERATING) open[l] = (op === NO_YEAR || op <= year) && !closedBy ? 1 : 0;
    else if (st === DISUSED) open[l] = cl !== NO_YEAR && cl > year && op !== NO_YEAR && op <= year ? 1 : 0;
    else open[l] = op !== NO_YEAR && op <= year && !closedBy ? 1 : 0;
  }
  const applied: string[] = [];
  if (year !== null) {
    const linkIdx = new Map<string, number>();
    g.linkIds.forEach((id, i) => linkIdx.set(id, i));
    for (const p of g.projects) {
      if (p.yearEnd === null || p.yearEnd > year || p.status === 'proposed') continue;
      applied.push(p.id);
      for (const ch of p.changes) {
        if (ch.op === 'add_link') {
          const l = linkIdx.get(ch.link);
          if (l !== undefined && g.linkStatus[l] !== DISUSED) open[l] = 1;
        } else if (ch.op === 'set') {
          const l = linkIdx.get(ch.link);
          if (l === undefined) continue;
          if (ch.attr === 'speedKmh' && typeof ch.value === 'number') speed[l] = ch.value;
          if (ch.attr === 'status') open[l] = ch.value === 'operating' ? 1 : 0;
        } else if (ch.op === 'set_crossing' && ch.attr !== 'capacityPerDay') {
          const d = dwellOverride.get(ch.crossing) ?? {};
          if (ch.attr === 'dwellHoursAB') d.ab = ch.value; else d.ba = ch.value;
          dwellOverride.set(ch.crossing, d);
        }
      }
    }
  }
  if (ov.closedLinks?.length) {
    const closed = new Set(ov.closedLinks);
    for (let l = 0; l < g.linkCount; l++) if (closed.has(g.linkIds[l])) open[l] = 0;
  }
  const timeFactor = perLink(g, ov.linkTimeFactor, 1, (v) => v > 0, 'linkTimeFactor');
  const riskAdd = perLink(g, ov.linkRiskAdd, 0, (v) => v >= 0, 'linkRiskAdd');
  if (ov.modes) {
    const allowed = new Set(ov.modes.map((m) => MODE_CODES.indexOf(m)));
    for (let l = 0; l < g.linkCount; l++) if (!allowed.has(g.linkMode[l])) open[l] = 0;
  }
  return { open, speed, dwellOverride, applied, timeFactor, riskAdd };
}

/**
 * A per-link id record as a dense column (unknown ids are ignored, like closedLinks). A Map, not
 * the record itself, is looked up so that an id such as "constructor" cannot hit the prototype.
 */
function perLink(g: Graph, rec: Readonly<Record<string, number>> | undefined, fill: number, ok: (v: number) => boolean, field: string): Float64Array | null {
  const entries = rec ? Object.entries(rec) : [];
  if (entries.length === 0) return null;
  for (const [id, v] of entries) if (!Number.isFinite(v) || !ok(v)) throw new Error(`overlay ${field}["${id}"]: ${v} is out of range`);
  const m = new Map(entries);
  const out = new Float64Array(g.linkCount).fill(fill);
  for (let l = 0; l < g.linkCount; l++) {
    const v = m.get(g.linkIds[l]);
    if (v !== undefined) out[l] = v;
  }
  return out;
}

export function arcCosts(g: Graph, profile: Profile, ov: Overlay = {}): ArcCosts {
  const { open, speed, dwellOverride, applied, timeFactor, riskAdd } = linkStates(g, ov);
  // a Map, not the record, so that an id such as "constructor" cannot hit the prototype
  const dwellFactor = new Map(Object.entries(ov.dwellFactor ?? {}));
  for (const [id, v] of dwellFactor) if (!Number.isFinite(v) || v <= 0) throw new Error(`overlay dwellFactor["${id}"]: ${v} is out of range`);
  const avoid = new Uint8Array(g.countries.length);
  for (const c of ov.avoidCountries ?? []) {
    const i = g.countries.indexOf(c);
    if (i >= 0) avoid[i] = 1;
  }
  const n = g.arcCount;
  const out: ArcCosts = {
    closed: new Uint8Array(n), km: new Float64Array(n), hours: new Float64Array(n), usd: new Float64Array(n),
    co2Kg: new Float64Array(n), risk: new Float64Array(n), dwellHours: new Float64Array(n), dwellDefault: new Uint8Array(n), projectsApplied: applied,
  };
  const { sameUnion, unionDwell } = customsUnions(g, profile);
  const modeCosts = MODE_CODES.map((m) => profile.modes[m]);
  const tpu = profile.tonnesPerUnit;
  for (let a = 0; a < n; a++) {
    const kind = g.arcKind[a];
    if (kind === ARC_GAUGE_CHANGE || kind === ARC_TRANSSHIPMENT) {
      const t = kind === ARC_GAUGE_CHANGE ? profile.gaugeChange : profile.transshipment;
      out.hours[a] = t.hours; out.usd[a] = t.usd; out.risk[a] = t.risk;
      if (avoid[g.nodeCountry[g.vertexNode[g.arcTail[a]]]]) out.closed[a] = 1;
      continue;
    }
    if (kind !== ARC_LINK && kind !== ARC_LINK_GAUGE) throw new Error(`arc ${a}: unknown kind ${kind}`);
    const l = g.arcLink[a];
    const tailNode = g.vertexNode[g.arcTail[a]], headNode = g.vertexNode[g.arcHead[a]];
    if (!open[l] || avoid[g.linkCountry[l]] || avoid[g.nodeCountry[tailNode]] || avoid[g.nodeCountry[headNode]]) out.closed[a] = 1;
    const mc = modeCosts[g.linkMode[l]];
    const km = g.linkLengthKm[l];
    const v = Number.isNaN(speed[l]) ? mc.speedKmh : Math.min(mc.speedKmh, speed[l]);
    let hours = km / v;
    let usd = km * mc.tariffUsdPerKm + mc.fixedUsdPerLeg;
    let risk = (km / 1000) * mc.riskPer1000Km;
    if (g.linkMode[l] === FERRY) {
      const f = g.linkFrequencyPerWeek[l];
      // Arriving at random, a shipment waits half the headway on average.
      hours += f > 0 ? 168 / f / 2 : profile.ferryDefaultWaitHours;
    }
    if (timeFactor) hours *= timeFactor[l];
    if (riskAdd) risk += riskAdd[l];
    if (g.arcBorder[a]) {
      const ci = g.arcCrossing[a];
      // Inside a customs union a crossing with no dwell of its own is a technical stop, not the default (docs/routing.md).
      const union = unionDwell !== undefined && sameUnion[g.nodeCountry[tailNode] * g.countries.length + g.nodeCountry[headNode]] === 1;
      let dwell = union ? unionDwell! : profile.border.defaultDwellHours;
      if (ci >= 0) {
        const c = g.crossings[ci];
        const ab = g.countries[g.nodeCountry[tailNode]] === c.countryA;
        const o = dwellOverride.get(c.id);
        const d = ab ? (o?.ab ?? c.dwellHoursAB) : (o?.ba ?? c.dwellHoursBA);
        if (d !== null && d !== undefined) dwell = d; else if (!union) out.dwellDefault[a] = 1;
        dwell *= dwellFactor.get(c.id) ?? 1;
        dwell += ov.extraDwellHours?.[c.id] ?? 0;
      } else if (!union) out.dwellDefault[a] = 1;
      out.dwellHours[a] = dwell;
      hours += dwell;
      usd += profile.border.usd;
      risk += profile.border.risk;
    }
    if (kind === ARC_LINK_GAUGE) {
      hours += profile.gaugeChange.hours; usd += profile.gaugeChange.usd; risk += profile.gaugeChange.risk;
    }
    out.km[a] = km; out.hours[a] = hours; out.usd[a] = usd; out.risk[a] = risk;
    out.co2Kg[a] = km * tpu * mc.co2KgPerTonneKm;
  }
  return out;
}

/** Country pairs (tail × head index) in one customs union of the profile, and that rule's dwell. */
function customsUnions(g: Graph, profile: Profile): { sameUnion: Uint8Array; unionDwell: number | undefined } {
  const C = g.countries.length;
  const sameUnion = new Uint8Array(C * C);
  for (const u of profile.customsUnions ?? []) {
    const idx = u.members.map((m) => g.countries.indexOf(m)).filter((i) => i >= 0);
    for (const i of idx) for (const j of idx) if (i !== j) sameUnion[i * C + j] = 1;
  }
  return { sameUnion, unionDwell: profile.border.customsUnionDwellHours };
}

/** The weighted objective per arc; closed arcs cost Infinity. */
/** Always a new array: search helpers cache bounds by the weight array's identity (landmarksFor), so weights are never refilled in place. */
export function weightedCosts(c: ArcCosts, w: Weights): Float64Array {
  const n = c.km.length;
  const out = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    out[a] = c.closed[a] ? Infinity : w.usd * c.usd[a] + w.hours * c.hours[a] + w.co2Kg * c.co2Kg[a] + w.risk * c.risk[a];
  }
  return out;
}
