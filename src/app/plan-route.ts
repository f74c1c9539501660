// Use case: plan a freight route over the open store.
// Stages, in order: read records (store) → build the graph once per data version (network, cached)
// → load and validate the costing profile (data/profiles) → check options → resolve places
// → search (route) → explain, or a typed Unreachable.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCountryCode } from '../core/countries.ts';
import { KaravanError, renderMessage, type Issue, type Lang } from '../core/issues.ts';
import { MODES, type LonLat, type Mode, type Records } from '../core/model.ts';
import { buildGraph, buildPlaceIndex, type Graph, type PlaceIndex } from '../network/index.ts';
import { ALTERNATIVES, parseProfile, parseWeights, Router, type Overlay, type Profile, type RouteAnswer, type Unreachable } from '../route/index.ts';
import { resolvePlace, SNAP_RADIUS_KM } from '../route/resolve.ts';
import type { Cancel } from '../route/dijkstra.ts';
import { countLayer, loadRecords, type Db } from '../store/index.ts';
import { dataVersion, PROJECT_ROOT } from './open.ts';

export const PROFILES_DIR = join(PROJECT_ROOT, 'data/profiles');
export const ROUTE_LIMITS = { maxAlternatives: ALTERNATIVES.max, maxVia: 8, maxTransshipments: 20, minYear: 1900, maxYear: 2100, snapRadiusKm: SNAP_RADIUS_KM };

export interface Network {
  key: string;
  graph: Graph;
  router: Router;
  places: PlaceIndex;
  links: Map<string, { from: string; to: string; geometry: LonLat[] }>;
  buildIssues: Issue[];
  buildMs: number;
}

// One network per open store, rebuilt when the store's data version or counts change.
const cache = new WeakMap<Db, { key: string; net: Promise<Network>; checkedAt: number }>();

export function networkFromRecords(records: Records, key: string): Network {
  const t0 = performance.now();
  const { graph, issues } = buildGraph(records, { dataHash: key });
  const extra = records.ports.filter((p) => p.node).map((p) => ({ node: p.node!, names: [p.name_en, p.name_ru, p.name_local], unlocode: p.unlocode }));
  return {
    key, graph, router: new Router(graph), places: buildPlaceIndex(graph, extra),
    links: new Map(records.links.map((l) => [l.id, { from: l.from, to: l.to, geometry: l.geometry }])), buildIssues: issues, buildMs: performance.now() - t0,
  };
}

/**
 * The routable network of the store, built once per data version and kept in memory. Knowing
 * whether the cached one is current costs four store queries; a server passes `maxAgeMs` to ask
 * at most that often (a change is then seen up to maxAgeMs late), the CLI and tests ask every time.
 */
export async function openNetwork(db: Db, opts: { maxAgeMs?: number } = {}): Promise<Network> {
  let e = cache.get(db);
  if (!(e && opts.maxAgeMs && performance.now() - e.checkedAt < opts.maxAgeMs)) {
    const key = `${(await dataVersion(db)) ?? 'store'}:${await countLayer(db, 'nodes')}:${await countLayer(db, 'links')}:${await countLayer(db, 'crossings')}`;
    e = cache.get(db);
    if (e?.key !== key) {
      e = { key, net: loadRecords(db).then((r) => networkFromRecords(r, key)), checkedAt: performance.now() };
      cache.set(db, e);
      e.net.catch(() => cache.delete(db));
    } else e.checkedAt = performance.now();
  }
  const net = await e.net;
  if (net.graph.linkCount === 0) throw new KaravanError('ROUTE_NO_NETWORK', {}, 503);
  return net;
}

export function profileIds(dir = PROFILES_DIR): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
}

export function loadProfile(id: string, option = '--profile', dir = PROFILES_DIR): Profile {
  const ids = profileIds(dir);
  if (!ids.includes(id)) throw new KaravanError('ROUTE_PROFILE_UNKNOWN', { option, field: option, value: id, allowed: ids.join(', ') });
  const file = join(dir, `${id}.json`);
  return parseProfile(readFileSync(file, 'utf8'), `data/profiles/${id}.json`);
}

export interface RouteOptions {
  from: string;
  to: string;
  via?: string[];
  modes?: string;
  profile?: string;
  weights?: string;
  avoidCountries?: string;
  maxTransshipments?: string | number;
  year?: string | number;
  alternatives?: string | number;
  pareto?: boolean;
  closed?: string;
  signal?: Cancel;
}

/** How option names are shown in messages: `--avoid-countries` on the CLI, `avoidCountries` over HTTP. */
export type OptionStyle = 'cli' | 'http';
export const optionName = (name: string, style: OptionStyle) => (style === 'cli' ? `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : name);

function intIn(v: string | number | undefined, name: string, style: OptionStyle, min: number, max: number): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new KaravanError('OPTION_INVALID', { option: optionName(name, style), field: name, value: v, allowed: `an integer ${min}..${max}` });
  return n;
}

export interface CheckedOptions {
  profile: Profile;
  weights: Profile['weights'];
  overlay: Overlay;
  maxTransfers?: number;
  alternatives: number;
}

export function checkOptions(o: Omit<RouteOptions, 'from' | 'to'>, style: OptionStyle): CheckedOptions {
  const profile = loadProfile(o.profile ?? 'container', optionName('profile', style));
  const weights = o.weights ? parseWeights(o.weights, profile.weights, optionName('weights', style)) : profile.weights;
  const overlay: Overlay = {};
  if (o.modes) {
    const ms = o.modes.split(',').map((s) => s.trim()).filter(Boolean);
    for (const m of ms) if (!MODES.includes(m as Mode)) throw new KaravanError('OPTION_INVALID', { option: optionName('modes', style), field: 'modes', value: m, allowed: MODES.join(', ') });
    if (ms.length === 0) throw new KaravanError('OPTION_INVALID', { option: optionName('modes', style), field: 'modes', value: o.modes, allowed: MODES.join(', ') });
    overlay.modes = ms as Mode[];
  }
  if (o.avoidCountries) {
    const cs = o.avoidCountries.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    for (const c of cs) if (!isCountryCode(c)) throw new KaravanError('OPTION_INVALID', { option: optionName('avoidCountries', style), field: 'avoidCountries', value: c, allowed: 'ISO 3166-1 alpha-2 codes, e.g. RU,IR' });
    overlay.avoidCountries = cs;
  }
  const year = intIn(o.year, 'year', style, ROUTE_LIMITS.minYear, ROUTE_LIMITS.maxYear);
  if (year !== undefined) overlay.year = year;
  if (o.closed) overlay.closedLinks = o.closed.split(',').map((s) => s.trim()).filter(Boolean);
  const maxTransfers = intIn(o.maxTransshipments, 'maxTransshipments', style, 0, ROUTE_LIMITS.maxTransshipments);
  const alternatives = intIn(o.alternatives, 'alternatives', style, 1, ROUTE_LIMITS.maxAlternatives) ?? 1;
  if (o.pareto && o.via?.length) throw new KaravanError('OPTION_INVALID', { option: optionName('via', style), field: 'via', value: o.via.join(', '), allowed: `no via points with ${optionName('pareto', style)}` });
  if ((o.via?.length ?? 0) > ROUTE_LIMITS.maxVia) throw new KaravanError('LIMIT_EXCEEDED', { field: optionName('via', style), value: o.via!.length, limit: ROUTE_LIMITS.maxVia });
  return { profile, weights, overlay, maxTransfers, alternatives };
}

export interface WarningJson { code: string; message: string; params: Record<string, unknown> }
export interface PlanRouteResult {
  routes: (RouteAnswer & { geometry?: unknown })[];
  warnings: WarningJson[];
  unreachable?: Unreachable & { message: string };
  profile: { id: string; unit: string };
  from: string;
  to: string;
}

export function warningJson(i: Issue, lang: Lang): WarningJson {
  return { code: i.code, message: renderMessage(i.code, i.params, lang), params: i.params };
}

export async function planRoute(db: Db, o: RouteOptions, style: OptionStyle, lang: Lang = 'en'): Promise<PlanRouteResult> {
  const opts = checkOptions(o, style);
  const net = await openNetwork(db);
  return planOnNetwork(net, o, opts, style, lang);
}

export function planOnNetwork(net: Network, o: RouteOptions, opts: CheckedOptions, style: OptionStyle, lang: Lang): PlanRouteResult {
  const g = net.graph;
  const from = resolvePlace(g, net.places, o.from, optionName('from', style));
  const to = resolvePlace(g, net.places, o.to, optionName('to', style));
  const via = (o.via ?? []).map((v) => resolvePlace(g, net.places, v, optionName('via', style)));
  const out = net.router.route({
    from: from.node, to: to.node, via: via.map((v) => v.node), profile: opts.profile, weights: opts.weights, overlay: opts.overlay,
    maxTransfers: opts.maxTransfers, alternatives: opts.alternatives, pareto: o.pareto, signal: o.signal,
  });
  const warnings = [...from.warnings, ...to.warnings, ...via.flatMap((v) => v.warnings), ...out.warnings].map((w) => warningJson(w, lang));
  const base = { profile: { id: opts.profile.id, unit: opts.profile.unit }, from: g.nodeIds[from.node], to: g.nodeIds[to.node] };
  if (out.kind === 'unreachable') {
    return { routes: [], warnings, unreachable: { ...out.unreachable, message: renderMessage(out.unreachable.reason, out.unreachable.params, lang) }, ...base };
  }
  return { routes: out.routes, warnings, ...base };
}

/** The routes as GeoJSON: one LineString feature per leg, along the links' own geometry. */
export function routesGeoJson(net: Network, r: PlanRouteResult): unknown {
  const features = r.routes.flatMap((route, ri) => route.legs.map((leg, li) => {
    const coords: LonLat[] = [];
    let at = leg.from;
    for (const id of leg.links) {
      const link = net.links.get(id);
      if (!link) continue;
      const forward = link.from === at;
      const seg = forward ? link.geometry : [...link.geometry].reverse();
      coords.push(...(coords.length ? seg.slice(1) : seg));
      at = forward ? link.to : link.from;
    }
    const { links, ...props } = leg;
    return { type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { route: ri, leg: li, ...props, links: links.join(',') } };
  }));
  return { type: 'FeatureCollection', features, warnings: r.warnings };
}
