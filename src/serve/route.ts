// HTTP: GET/POST /route and GET /matrix, over the same use cases as `karavan route` and `karavan matrix`.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { checkOptions, openNetwork, planOnNetwork, requestDeadline, routesGeoJson, ROUTE_LIMITS, type RouteOptions } from '../app/plan-route.ts';
import { MATRIX_LIMITS, matrixOnNetwork } from '../app/route-matrix.ts';
import { RoutePool, routeWorkerCount } from '../app/route-pool.ts';
import { KaravanError } from '../core/issues.ts';
import { PARETO_LIMITS } from '../route/index.ts';
import type { Db } from '../store/index.ts';
import { langOf } from './errors.ts';

/** A search that runs longer than this is aborted (the server keeps serving others). */
export const ROUTE_TIMEOUT_MS = 10_000;
/** How often the server asks the store whether its routing network is still current (as tiles do). */
export const NETWORK_CHECK_MS = 5_000;

type Query = Record<string, unknown>;

function str(q: Query, key: string): string | undefined {
  const v = q[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (Array.isArray(v)) return v.map(String).join(',');
  if (typeof v === 'object') throw new KaravanError('OPTION_INVALID', { option: key, field: key, value: JSON.stringify(v), allowed: 'a string' });
  return String(v);
}

function places(q: Query, key: string): string[] {
  const v = q[key];
  if (v === undefined || v === '') return [];
  const list = Array.isArray(v) ? v.map(String) : String(v).split(';');
  return list.map((s) => s.trim()).filter(Boolean);
}

function routeOptions(q: Query): RouteOptions {
  const from = str(q, 'from'), to = str(q, 'to');
  if (!from) throw new KaravanError('OPTION_REQUIRED', { option: 'from', field: 'from' });
  if (!to) throw new KaravanError('OPTION_REQUIRED', { option: 'to', field: 'to' });
  const p = q.pareto;
  if (!(p === undefined || p === '' || p === true || p === false || p === 'true' || p === 'false' || p === '1' || p === '0')) {
    throw new KaravanError('OPTION_INVALID', { option: 'pareto', field: 'pareto', value: typeof p === 'string' ? p : JSON.stringify(p), allowed: 'true, false, 1, 0' });
  }
  const pareto = p === true || p === 'true' || p === '1';
  return {
    from, to, via: places(q, 'via'), modes: str(q, 'modes'), profile: str(q, 'profile'), weights: str(q, 'weights'),
    avoidCountries: str(q, 'avoidCountries'), maxTransshipments: str(q, 'maxTransshipments'), year: str(q, 'year'),
    alternatives: str(q, 'alternatives') ?? '3', pareto, closed: str(q, 'closed'),
  };
}

/** What /status says of the route workers. */
export interface RoutingStatus { workers: number; started: number; ready: boolean }

export function registerRouteRoutes(app: FastifyInstance, db: Db): () => Promise<RoutingStatus> {
  // Routes are planned on worker threads where there is a core to spare (route-pool.ts), else here.
  const workers = routeWorkerCount();
  const pool = workers > 0 ? new RoutePool(workers) : null;
  if (pool) app.addHook('onClose', async () => pool.close());
  const answer = async (q: Query, lang: 'en' | 'ru', reply: FastifyReply) => {
    const o = routeOptions(q);
    // Checked before the network is opened, so a bad option is a 400 whatever the store's state
    // (a worker checks again: it needs the Profile object itself, and the check is microseconds).
    const opts = checkOptions(o, 'http');
    const net = await openNetwork(db, { maxAgeMs: NETWORK_CHECK_MS });
    const geojson = q.format === 'geojson';
    reply.type(geojson ? 'application/geo+json; charset=utf-8' : 'application/json; charset=utf-8');
    if (pool?.ready(net)) return reply.send(await pool.plan(net, { options: o, lang, geojson, timeoutMs: ROUTE_TIMEOUT_MS }));
    // No worker holds this network yet (a start, a new data version): answered here while they load it.
    if (pool) pool.warm(net).catch(() => undefined);
    const r = planOnNetwork(net, { ...o, signal: requestDeadline(ROUTE_TIMEOUT_MS) }, opts, 'http', lang);
    return geojson ? routesGeoJson(net, r) : r;
  };
  app.get('/route', async (req, reply) => answer(req.query as Query, langOf(req), reply));
  app.post('/route', async (req, reply) => {
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new KaravanError('BODY_INVALID', { reason: 'expected a JSON object with from and to' });
    return answer({ ...(req.query as Query), ...(body as Query) }, langOf(req), reply);
  });
  app.get('/matrix', async (req) => {
    const q = req.query as Query;
    // Options of a single route only: refused rather than ignored.
    for (const k of ['via', 'pareto', 'alternatives', 'format']) {
      if (q[k] !== undefined) throw new KaravanError('OPTION_INVALID', { option: k, field: k, value: String(q[k]), allowed: 'from, to, modes, profile, weights, avoidCountries, year, maxTransshipments, closed, lang (a matrix has one best route per pair)' });
    }
    const o = { ...routeOptions({ ...q, from: 'x', to: 'x' }), signal: requestDeadline(ROUTE_TIMEOUT_MS), from: places(q, 'from'), to: places(q, 'to') };
    const opts = checkOptions(o, 'http');
    return matrixOnNetwork(await openNetwork(db, { maxAgeMs: NETWORK_CHECK_MS }), o, opts, 'http', langOf(req));
  });
  // Read without loading a network: /status must stay cheap, whatever the network's size.
  const status = async (): Promise<RoutingStatus> => (pool ? { workers: pool.size, started: pool.started, ready: pool.holdsNetwork() } : { workers: 0, started: 0, ready: false });
  app.get('/route/limits', async () => ({ ...ROUTE_LIMITS, matrixMaxPlaces: MATRIX_LIMITS.maxPlaces, timeoutMs: ROUTE_TIMEOUT_MS, paretoMaxLabels: PARETO_LIMITS.maxLabels, paretoMaxRoutes: PARETO_LIMITS.maxResults }));
  return status;
}
