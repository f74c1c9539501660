// Rerouting around active alerts, over the route stage's public overlay: the graph is not rebuilt.
// Stages: alerts in effect (onset passed, not expired) → their effect (risk/effect.ts: closure,
// delay, watch; areas resolved from geocodes capped at a watch) → the links and crossings their
// areas touch (PostGIS, drawn and geocode areas apart) → one overlay: closedLinks, linkTimeFactor and
// linkRiskAdd per touched link, dwellFactor per delayed crossing (the route stage applies it to the
// wait in force each way, the profile default included) → the route with and without it → which
// alert changed the route and by how much (each alert left out in turn).
// The overlay is cached per store: valid until the next write to alerts (ingest, update, cancel)
// or the network, and only for the span of time in which no alert comes into effect or expires.
import type { Lang } from '../core/issues.ts';
import { round } from '../core/geo.ts';
import { HIERARCHY_FROM_VERTICES, memoOverlay, type Overlay } from '../route/index.ts';
import { cappedAtWatch, effectOf, overlayOfEffects, type AlertEffect, type EffectHit, type EffectKind, type EffectLinkHit } from '../risk/index.ts';
import { activeWindow, alertChangeMark, alertExposureRows, listAlerts, type Db } from '../store/index.ts';
import { checkOptions, openNetwork, planOnNetwork, type OptionStyle, type PlanRouteResult, type RouteOptions } from './plan-route.ts';

export interface AlertOverlay {
  closedLinks: string[];
  /** Link id → the closure alerts that close it. */
  closedBy: Record<string, string[]>;
  /**
   * Crossing id → multiplier of its border wait from delay alerts, each way: the wait in force that
   * way (the crossing's own dwell, or the profile's default where it has none) × factor.
   */
  dwellFactor: Record<string, number>;
  /**
   * Always empty since border delays are a factor per direction (dwellFactor: the hours depend on
   * the direction and on the profile's default wait); kept so that clients reading it do not break.
   */
  extraDwellHours: Record<string, number>;
  /** Crossing id → the delay alerts behind its longer wait. */
  delayedBy: Record<string, string[]>;
  /** Link id → travel-time multiplier from delay alerts (the part of the link inside the area is slowed). */
  linkTimeFactor: Record<string, number>;
  /** Link id → risk added per traversal, from delay and watch alerts. */
  linkRiskAdd: Record<string, number>;
  /** Open link id → the delay and watch alerts touching it. */
  touchedBy: Record<string, string[]>;
  /**
   * Always empty since delays along links and risk are applied to routing; kept so that clients
   * reading it do not break (docs/api.md).
   */
  notApplied: { alertId: string; effect: string; links: number }[];
  /** Alerts in effect; `effect` is what it does to routes (capped at a watch when mapped only through geocodes). */
  alerts: Record<string, { event: string | null; severity: string | null; certainty: string | null; effect: EffectKind }>;
  /** When an alert next comes into effect (onset) or expires (ISO), after which this overlay no longer holds; null: none due. */
  validUntil: string | null;
  /** Served from the per-store cache (no alert or exposure rows read). */
  cached: boolean;
  ms: number;
}

/** What the overlay was made from, kept to recompute it without one alert. */
interface Parts {
  overlay: Omit<AlertOverlay, 'cached' | 'ms'>;
  effects: Map<string, AlertEffect>;
  linkHits: EffectLinkHit[];
  crossingHits: EffectHit[];
}

async function computeParts(db: Db, at: string, untilMs: number | null): Promise<Parts> {
  const inEffect = await listAlerts(db, { at, inEffect: true, limit: 10000 });
  const withEffect = inEffect.map((a) => ({ a, effect: effectOf(a) })).filter((x) => x.effect.kind !== 'none');
  const effects = new Map(withEffect.map((x) => [x.a.id, x.effect]));
  const hits = await alertExposureRows(db, withEffect.map((x) => x.a.id), { bySource: true });
  const linkHits = hits.links.map((l) => ({ alertId: l.alertId, id: l.id, fraction: l.fraction, lengthKm: l.lengthKm, fromGeocode: l.fromGeocode }));
  const crossingHits = hits.crossings.map((c) => ({ alertId: c.alertId, id: c.id, fromGeocode: c.fromGeocode }));
  const e = overlayOfEffects(effects, linkHits, crossingHits);
  return {
    effects, linkHits, crossingHits,
    overlay: {
      closedLinks: Object.keys(e.closedBy).sort(), closedBy: e.closedBy, dwellFactor: e.crossingFactor, extraDwellHours: {}, delayedBy: e.delayedBy,
      linkTimeFactor: e.linkTimeFactor, linkRiskAdd: e.linkRiskAdd, touchedBy: e.touchedBy, notApplied: [],
      alerts: Object.fromEntries(withEffect.map((x) => [x.a.id, { event: x.a.event, severity: x.a.severity, certainty: x.a.certainty, effect: (x.a.geocodeOnly ? cappedAtWatch(x.effect) : x.effect).kind }])),
      validUntil: untilMs === null ? null : new Date(untilMs).toISOString(),
    },
  };
}

interface Window { fromMs: number | null; untilMs: number | null; parts: Promise<Parts> }
// Per open store: the change mark the entries were computed under, and up to WINDOWS spans of time.
const cache = new WeakMap<Db, { mark: string; windows: Window[] }>();
const WINDOWS = 4;

async function overlayParts(db: Db, at: string): Promise<{ parts: Parts; cached: boolean }> {
  const atMs = Date.parse(at);
  const mark = await alertChangeMark(db);
  let c = cache.get(db);
  if (c?.mark !== mark) cache.set(db, (c = { mark, windows: [] }));
  const hit = Number.isFinite(atMs) ? c.windows.find((w) => (w.fromMs === null || atMs >= w.fromMs) && (w.untilMs === null || atMs < w.untilMs)) : undefined;
  if (hit) return { parts: await hit.parts, cached: true };
  const win = await activeWindow(db, at);
  const w: Window = { ...win, parts: computeParts(db, at, win.untilMs) };
  if (Number.isFinite(atMs)) {
    c.windows = [w, ...c.windows].slice(0, WINDOWS);
    const entry = c;
    w.parts.catch(() => { entry.windows = entry.windows.filter((x) => x !== w); });
  }
  return { parts: await w.parts, cached: false };
}

/** The overlay of every alert active at `at`: closures, slower and riskier links, border delays. */
export async function alertOverlay(db: Db, at: string = new Date().toISOString()): Promise<AlertOverlay> {
  const t0 = performance.now();
  const { parts, cached } = await overlayParts(db, at);
  return { ...parts.overlay, cached, ms: round(performance.now() - t0, 1) };
}

/** A route overlay (the user's own closures, year, modes …) with an alert overlay on top. */
export function withAlertOverlay(base: Overlay, ov: Pick<AlertOverlay, 'closedLinks' | 'dwellFactor' | 'linkTimeFactor' | 'linkRiskAdd'>): Overlay {
  const dwell = { ...base.dwellFactor };
  for (const [id, f] of Object.entries(ov.dwellFactor)) dwell[id] = (dwell[id] ?? 1) * f;
  const factor = { ...base.linkTimeFactor };
  for (const [id, f] of Object.entries(ov.linkTimeFactor)) factor[id] = (factor[id] ?? 1) * f;
  const risk = { ...base.linkRiskAdd };
  for (const [id, r] of Object.entries(ov.linkRiskAdd)) risk[id] = (risk[id] ?? 0) + r;
  return { ...base, closedLinks: [...(base.closedLinks ?? []), ...ov.closedLinks], dwellFactor: dwell, linkTimeFactor: factor, linkRiskAdd: risk };
}

export interface AlertDelta { hours: number; usd: number; co2Kg: number; risk: number }

export interface RerouteResult {
  baseline: PlanRouteResult;
  withAlerts: PlanRouteResult;
  /**
   * Alerts on either route: `links` are baseline links it closes, `crossings` border crossings of
   * either route it delays, `touchedLinks` links of either route it slows or makes riskier. `delta`:
   * the best route with every alert minus the best route with every alert but this one (what
   * lifting it alone would give back); null when either has no route, or past MAX_ATTRIBUTED alerts
   * (MAX_ATTRIBUTED_LARGE on a graph routed through hierarchies, where each left-out alert is a new
   * metric: a partial update of the customizable hierarchy).
   */
  changedBy: { alertId: string; event: string | null; effect: EffectKind | null; links: string[]; crossings: string[]; touchedLinks: string[]; delta: AlertDelta | null }[];
  /** With alerts minus without, for the best route of each (null when either has none). */
  delta: ({ km: number } & AlertDelta) | null;
  /**
   * Delayed crossing id → the extra border wait on the route that passes it, in the direction it is
   * passed (the baseline's, else the route with alerts'), hours.
   */
  crossingExtraHours: Record<string, number>;
  overlay: AlertOverlay;
}

/** Each alert left out in turn is one more search: bounded so that a route under many alerts stays fast. */
export const MAX_ATTRIBUTED = 12;
/**
 * On a graph routed through hierarchies each left-out alert is also a new metric: a partial
 * update of the customizable hierarchy (about a second at 10⁶ vertices, route/cch.ts), so fewer.
 */
export const MAX_ATTRIBUTED_LARGE = 3;

const diff = (b: { hours: number; usd: number; co2Kg: number; risk: number }, a: typeof b): AlertDelta =>
  ({ hours: round(b.hours - a.hours, 2), usd: round(b.usd - a.usd, 2), co2Kg: round(b.co2Kg - a.co2Kg, 2), risk: round(b.risk - a.risk, 4) });

export async function rerouteAroundAlerts(db: Db, o: RouteOptions, style: OptionStyle, lang: Lang = 'en', at?: string): Promise<RerouteResult> {
  const t0 = performance.now();
  const opts = checkOptions(o, style);
  const { parts, cached } = await overlayParts(db, at ?? new Date().toISOString());
  const overlay: AlertOverlay = { ...parts.overlay, cached, ms: round(performance.now() - t0, 1) };
  const net = await openNetwork(db);
  const baseline = planOnNetwork(net, o, opts, style, lang);
  // One combined overlay object per alert-cache generation and user overlay: the Router keys it by identity.
  const withAlerts = planOnNetwork(net, o, { ...opts, overlay: memoOverlay(parts.overlay, opts.overlay, () => withAlertOverlay(opts.overlay, parts.overlay)) }, style, lang);
  const linksOf = (r: PlanRouteResult) => r.routes[0]?.legs.flatMap((l) => l.links) ?? [];
  const crossingsOf = (r: PlanRouteResult) => r.routes[0]?.borderCrossings.map((b) => b.crossing).filter((c): c is string => c !== null) ?? [];
  const byAlert = new Map<string, { links: Set<string>; crossings: Set<string>; touchedLinks: Set<string> }>();
  const entry = (id: string) => byAlert.get(id) ?? byAlert.set(id, { links: new Set(), crossings: new Set(), touchedLinks: new Set() }).get(id)!;
  for (const link of linksOf(baseline)) for (const id of overlay.closedBy[link] ?? []) entry(id).links.add(link);
  for (const r of [baseline, withAlerts]) {
    for (const link of linksOf(r)) for (const id of overlay.touchedBy[link] ?? []) entry(id).touchedLinks.add(link);
    for (const c of crossingsOf(r)) if (overlay.dwellFactor[c] !== undefined) for (const id of overlay.delayedBy[c] ?? []) entry(id).crossings.add(c);
  }
  // the wait each way is dwell × factor (+ the caller's own extra hours): baseline dwell × (f − 1),
  // or with-alerts dwell × (1 − 1/f)
  const crossingExtraHours: Record<string, number> = {};
  for (const [r, withFactor] of [[baseline, false], [withAlerts, true]] as const) {
    for (const bc of r.routes[0]?.borderCrossings ?? []) {
      const f = bc.crossing === null ? undefined : overlay.dwellFactor[bc.crossing];
      if (f === undefined || crossingExtraHours[bc.crossing!] !== undefined) continue;
      const own = bc.dwellHours - (opts.overlay.extraDwellHours?.[bc.crossing!] ?? 0);
      crossingExtraHours[bc.crossing!] = round(withFactor ? own * (1 - 1 / f) : own * (f - 1), 2);
    }
  }
  const a = baseline.routes[0]?.totals, b = withAlerts.routes[0]?.totals;
  const single = { ...o, pareto: false, alternatives: 1 };
  const attribute = net.graph.vertexCount < HIERARCHY_FROM_VERTICES ? MAX_ATTRIBUTED : MAX_ATTRIBUTED_LARGE;
  const changedBy = [...byAlert].map(([alertId, x], i) => {
    let delta: AlertDelta | null = null;
    if (b && i < attribute) {
      const e = overlayOfEffects(parts.effects, parts.linkHits, parts.crossingHits, new Set([alertId]));
      const without = { closedLinks: Object.keys(e.closedBy), dwellFactor: e.crossingFactor, linkTimeFactor: e.linkTimeFactor, linkRiskAdd: e.linkRiskAdd };
      const r = planOnNetwork(net, single, { ...opts, alternatives: 1, overlay: withAlertOverlay(opts.overlay, without) }, style, lang).routes[0]?.totals;
      if (r) delta = diff(b, r);
    }
    return {
      alertId, event: overlay.alerts[alertId]?.event ?? null, effect: overlay.alerts[alertId]?.effect ?? null,
      links: [...x.links], crossings: [...x.crossings], touchedLinks: [...x.touchedLinks], delta,
    };
  });
  return {
    baseline, withAlerts, overlay, changedBy, crossingExtraHours,
    delta: a && b ? { km: round(b.km - a.km, 2), ...diff(b, a) } : null,
  };
}
