// Rerouting around active alerts, over the route stage's public overlay (closedLinks): the graph
// is not rebuilt. Stages: active alerts → their effect (risk/effect.ts) → the links touched by
// closure alerts (PostGIS) → the route with and without those closures → which alert moved the
// route and by how much. A delay at a border crossing is applied too (extraDwellHours: the
// crossing's own dwell times the alert's time factor minus one); delays along links and risk
// surcharges are reported, not applied: the route overlay has no per-link factor yet.
import type { Lang } from '../core/issues.ts';
import { round } from '../core/geo.ts';
import { effectOf } from '../risk/index.ts';
import { alertExposureRows, listAlerts, readLayer, type Db } from '../store/index.ts';
import { checkOptions, openNetwork, planOnNetwork, type OptionStyle, type PlanRouteResult, type RouteOptions } from './plan-route.ts';

export interface AlertOverlay {
  closedLinks: string[];
  /** Link id → the closure alerts that close it. */
  closedBy: Record<string, string[]>;
  /** Crossing id → extra hours of border wait from delay alerts. */
  extraDwellHours: Record<string, number>;
  /** Crossing id → the delay alerts behind its extra wait. */
  delayedBy: Record<string, string[]>;
  /** Active alerts whose effect is a delay or a watch: touched links, not applied to routing. */
  notApplied: { alertId: string; effect: string; links: number }[];
  alerts: Record<string, { event: string | null; severity: string | null; certainty: string | null }>;
  ms: number;
}

/** The overlay of every alert active at `at`: closures from the links their areas touch. */
export async function alertOverlay(db: Db, at: string = new Date().toISOString()): Promise<AlertOverlay> {
  const t0 = performance.now();
  const active = await listAlerts(db, { at, limit: 10000 });
  const withEffect = active.map((a) => ({ a, effect: effectOf(a) })).filter((x) => x.effect.kind !== 'none');
  const hits = await alertExposureRows(db, withEffect.map((x) => x.a.id));
  const closing = new Set(withEffect.filter((x) => x.effect.kind === 'closure').map((x) => x.a.id));
  const closedBy: Record<string, string[]> = {};
  const counts = new Map<string, number>();
  const factor = new Map(withEffect.map((x) => [x.a.id, x.effect]));
  const crossingFactor = new Map<string, number>();
  const delayedBy: Record<string, string[]> = {};
  for (const c of hits.crossings) {
    const e = factor.get(c.alertId)!;
    if (e.kind !== 'delay') continue;
    crossingFactor.set(c.id, Math.max(crossingFactor.get(c.id) ?? 1, e.timeFactor));
    (delayedBy[c.id] ??= []).push(c.alertId);
  }
  const extraDwellHours: Record<string, number> = {};
  for (const c of crossingFactor.size ? await readLayer(db, 'crossings', { ids: [...crossingFactor.keys()] }) : []) {
    const dwell = Math.max(c.dwellHoursAB ?? 0, c.dwellHoursBA ?? 0);
    if (dwell > 0) extraDwellHours[c.id] = round(dwell * (crossingFactor.get(c.id)! - 1), 2);
  }
  for (const l of hits.links) {
    if (closing.has(l.alertId)) (closedBy[l.id] ??= []).push(l.alertId);
    else counts.set(l.alertId, (counts.get(l.alertId) ?? 0) + 1);
  }
  return {
    closedLinks: Object.keys(closedBy).sort(),
    closedBy,
    extraDwellHours,
    delayedBy,
    notApplied: withEffect.filter((x) => !closing.has(x.a.id) && counts.has(x.a.id)).map((x) => ({ alertId: x.a.id, effect: x.effect.kind, links: counts.get(x.a.id)! })),
    alerts: Object.fromEntries(withEffect.map((x) => [x.a.id, { event: x.a.event, severity: x.a.severity, certainty: x.a.certainty }])),
    ms: round(performance.now() - t0, 1),
  };
}

export interface RerouteResult {
  baseline: PlanRouteResult;
  withAlerts: PlanRouteResult;
  /** Alerts that close a link of the baseline route, or delay one of its border crossings. */
  changedBy: { alertId: string; event: string | null; links: string[]; crossings: string[] }[];
  /** With alerts minus without, for the best route of each (null when either has none). */
  delta: { km: number; hours: number; usd: number; co2Kg: number } | null;
  overlay: AlertOverlay;
}

export async function rerouteAroundAlerts(db: Db, o: RouteOptions, style: OptionStyle, lang: Lang = 'en', at?: string): Promise<RerouteResult> {
  const opts = checkOptions(o, style);
  const overlay = await alertOverlay(db, at);
  const net = await openNetwork(db);
  const baseline = planOnNetwork(net, o, opts, style, lang);
  const closed = [...(opts.overlay.closedLinks ?? []), ...overlay.closedLinks];
  const dwell = { ...opts.overlay.extraDwellHours };
  for (const [id, h] of Object.entries(overlay.extraDwellHours)) dwell[id] = (dwell[id] ?? 0) + h;
  const withAlerts = planOnNetwork(net, o, { ...opts, overlay: { ...opts.overlay, closedLinks: closed, extraDwellHours: dwell } }, style, lang);
  const onRoute = new Set(baseline.routes[0]?.legs.flatMap((l) => l.links) ?? []);
  const byAlert = new Map<string, { links: string[]; crossings: string[] }>();
  const entry = (id: string) => byAlert.get(id) ?? byAlert.set(id, { links: [], crossings: [] }).get(id)!;
  for (const link of overlay.closedLinks) {
    if (onRoute.has(link)) for (const id of overlay.closedBy[link]) entry(id).links.push(link);
  }
  const crossed = new Set(baseline.routes[0]?.borderCrossings.map((b) => b.crossing).filter((c): c is string => c !== null) ?? []);
  for (const [c, ids] of Object.entries(overlay.delayedBy)) {
    if (crossed.has(c) && overlay.extraDwellHours[c] !== undefined) for (const id of ids) entry(id).crossings.push(c);
  }
  const a = baseline.routes[0]?.totals, b = withAlerts.routes[0]?.totals;
  return {
    baseline, withAlerts, overlay,
    changedBy: [...byAlert].map(([alertId, x]) => ({ alertId, event: overlay.alerts[alertId]?.event ?? null, ...x })),
    delta: a && b ? { km: round(b.km - a.km, 2), hours: round(b.hours - a.hours, 2), usd: round(b.usd - a.usd, 2), co2Kg: round(b.co2Kg - a.co2Kg, 2) } : null,
  };
}
