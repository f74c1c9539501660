// Use case: plan a freight route over the open store.
// Stages, in order: read the compiled network's snapshot, or read records (store) and build the
// graph once per data version (network.ts; cached in memory here and saved as a snapshot)
// → load and validate the costing profile (data/profiles) → check options → resolve places
// → search (route) → explain, or a typed Unreachable.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isCountryCode } from '../core/countries.ts';
import { KaravanError, makeIssue, renderMessage, type Issue, type Lang } from '../core/issues.ts';
import { MODES, type LonLat, type Mode } from '../core/model.ts';
import { ALTERNATIVES, parseProfile, parseWeights, type Overlay, type Profile, type RouteAnswer, type Unreachable } from '../route/index.ts';
import { resolvePlace, SNAP_RADIUS_KM, type Resolved } from '../route/resolve.ts';
import { deadline, type Cancel } from '../route/dijkstra.ts';
import { countLayer, loadRecords, type Db } from '../store/index.ts';
import { compilerVersion, decodeNetwork, networkFromRecords, snapshotDir, snapshotFile, writeSnapshot, type Network } from './network.ts';
import { dataVersion, PROJECT_ROOT } from './open.ts';

export const PROFILES_DIR = join(PROJECT_ROOT, 'data/profiles');
export const ROUTE_LIMITS = { maxAlternatives: ALTERNATIVES.max, maxVia: 8, maxTransshipments: 20, minYear: 1900, maxYear: 2100, snapRadiusKm: SNAP_RADIUS_KM };

// One network per open store, rebuilt when the store's data version or counts change.
const cache = new WeakMap<Db, { key: string; net: Promise<Network>; checkedAt: number }>();

/**
 * The network for a data version: read from its snapshot when there is one, else built from the
 * store's records and saved for the next start. A snapshot that cannot be used (another format,
 * other data, a damaged file) is refused with its coded message, written to stderr once, and
 * replaced: never fatal. Without a data version (records written around the import path) the
 * counts alone cannot tell two stores apart, so no snapshot is read or written.
 */
async function loadNetwork(db: Db, key: string, versioned: boolean): Promise<Network> {
  const dir = versioned ? snapshotDir(db) : null;
  const file = dir ? snapshotFile(dir, key) : null;
  let refused: Issue | undefined;
  if (file && existsSync(file)) {
    try {
      const net = decodeNetwork(readFileSync(file), file, key);
      net.snapshot = { file, loaded: true, written: false };
      return net;
    } catch (e) {
      if (!(e instanceof KaravanError && e.code.startsWith('ROUTE_SNAPSHOT_'))) throw e;
      refused = makeIssue(e.code, { file }, e.params);
      process.stderr.write(`karavan: ${e.message} (rebuilding it from the store)\n`);
    }
  }
  const net = networkFromRecords(await loadRecords(db), key);
  if (file && dir) {
    // A graph large enough for a hierarchy gets the default metric's contracted now, so the saved
    // snapshot carries it and later starts answer their first route without contracting.
    // Without a default profile there is no default metric: the snapshot holds the graph only.
    const def = profileIds().includes('container') ? checkOptions({}, 'cli') : null;
    if (def) {
      net.router.hierarchyFor(def.profile, def.overlay, def.weights);
      // The customizable hierarchy too (overlays re-weight it): built once, kept in the snapshot.
      net.router.prepareOverlays(def.profile, def.overlay, def.weights);
    }
    net.snapshot = { file, loaded: false, written: writeSnapshot(net, dir, file), refused };
  }
  return net;
}


/**
 * The routable network of the store, built once per data version and kept in memory (and on disk,
 * see loadNetwork). Knowing whether the cached one is current costs four store queries; a server
 * passes `maxAgeMs` to ask at most that often (a change is then seen up to maxAgeMs late), the CLI
 * and tests ask every time.
 */
export async function openNetwork(db: Db, opts: { maxAgeMs?: number } = {}): Promise<Network> {
  let e = cache.get(db);
  if (!(e && opts.maxAgeMs && performance.now() - e.checkedAt < opts.maxAgeMs)) {
    const version = await dataVersion(db);
    const key = `${version ?? 'store'}:${await countLayer(db, 'nodes')}:${await countLayer(db, 'links')}:${await countLayer(db, 'crossings')}:code-${compilerVersion()}`;
    e = cache.get(db);
    if (e?.key !== key) {
      e = { key, net: loadNetwork(db, key, version !== null), checkedAt: performance.now() };
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

/**
 * How often a long-running process looks at the profile files again. Reading and validating a
 * profile on every request was a tenth of a route's CPU; an edited profile is seen this much later.
 */
export const PROFILE_CHECK_MS = 1_000;
const profileCache = new Map<string, { checkedAt: number; ids: string[]; parsed: Map<string, { stamp: string; profile: Profile }> }>();
const fileStamp = (file: string) => { const st = statSync(file, { throwIfNoEntry: false }); return st ? `${st.mtimeMs}:${st.size}` : ''; };

/**
 * A profile, validated; the same object is handed out while its file is unchanged (callers never
 * modify it), which also lets the router key its metric caches on it cheaply.
 */
export function loadProfile(id: string, option = '--profile', dir = PROFILES_DIR): Profile {
  let e = profileCache.get(dir);
  const now = performance.now();
  if (!e || now - e.checkedAt >= PROFILE_CHECK_MS) {
    const parsed = e?.parsed ?? new Map();
    for (const [k, v] of parsed) if (fileStamp(join(dir, `${k}.json`)) !== v.stamp) parsed.delete(k);
    e = { checkedAt: now, ids: profileIds(dir), parsed };
    profileCache.set(dir, e);
  }
  if (!e.ids.includes(id)) throw new KaravanError('ROUTE_PROFILE_UNKNOWN', { option, field: option, value: id, allowed: e.ids.join(', ') });
  let p = e.parsed.get(id);
  if (!p) {
    const file = join(dir, `${id}.json`);
    const stamp = fileStamp(file);
    p = { stamp, profile: parseProfile(readFileSync(file, 'utf8'), `data/profiles/${id}.json`) };
    e.parsed.set(id, p);
  }
  return p.profile;
}

/**
 * A request's deadline. Its error is made only when a search is actually stopped: building a
 * KaravanError (message rendering, stack) for every request cost more than a short search.
 */
export function requestDeadline(ms: number): Cancel {
  const clock = deadline(ms, null);
  return { get aborted() { return clock.aborted; }, get reason() { return new KaravanError('ROUTE_TIMEOUT', { limit: ms }, 503); } };
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

/**
 * Places already resolved on a network (which is one data version): a name's fuzzy match scans
 * every name, and a server hears the same few hundred places again and again. Only successes are
 * kept; a bounded map, emptied when full.
 */
const resolvedPlaces = new WeakMap<Network, Map<string, Resolved>>();
const RESOLVED_MAX = 4096;
export function resolveOnNetwork(net: Network, text: string, option: string): Resolved {
  let m = resolvedPlaces.get(net);
  if (!m) { m = new Map(); resolvedPlaces.set(net, m); }
  const key = `${option}\u0000${text}`;
  let r = m.get(key);
  if (!r) {
    r = resolvePlace(net.graph, net.places, text, option);
    if (m.size >= RESOLVED_MAX) m.clear();
    m.set(key, r);
  }
  return r;
}

export function planOnNetwork(net: Network, o: RouteOptions, opts: CheckedOptions, style: OptionStyle, lang: Lang): PlanRouteResult {
  const g = net.graph;
  const from = resolveOnNetwork(net, o.from, optionName('from', style));
  const to = resolveOnNetwork(net, o.to, optionName('to', style));
  const via = (o.via ?? []).map((v) => resolveOnNetwork(net, v, optionName('via', style)));
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
      const forward = link.from === at, pts = link.geometry;
      // A link's first point is the previous one's last: joined once. Walked in place, no copies.
      const skip = coords.length ? 1 : 0;
      if (forward) for (let i = skip; i < pts.length; i++) coords.push(pts[i]);
      else for (let i = pts.length - 1 - skip; i >= 0; i--) coords.push(pts[i]);
      at = forward ? link.to : link.from;
    }
    const { links, ...props } = leg;
    return { type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { route: ri, leg: li, ...props, links: links.join(',') } };
  }));
  return { type: 'FeatureCollection', features, warnings: r.warnings, ...(r.unreachable ? { unreachable: r.unreachable } : {}) };
}
