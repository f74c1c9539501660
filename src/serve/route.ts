// HTTP: GET/POST /route and GET /matrix, over the same use cases as `karavan route` and `karavan matrix`.
import type { FastifyInstance } from 'fastify';
import { checkOptions, openNetwork, planOnNetwork, routesGeoJson, ROUTE_LIMITS, type RouteOptions } from '../app/plan-route.ts';
import { MATRIX_LIMITS, matrixOnNetwork } from '../app/route-matrix.ts';
import { KaravanError } from '../core/issues.ts';
import { deadline, PARETO_LIMITS, type Cancel } from '../route/index.ts';
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

/**
 * The request's deadline. Its error is made only when a search is actually stopped: building a
 * KaravanError (message rendering, stack) for every request cost more than a short search.
 */
function routeDeadline(): Cancel {
  const clock = deadline(ROUTE_TIMEOUT_MS, null);
  return { get aborted() { return clock.aborted; }, get reason() { return new KaravanError('ROUTE_TIMEOUT', { limit: ROUTE_TIMEOUT_MS }, 503); } };
}

function routeOptions(q: Query): RouteOptions {
  const from = str(q, 'from'), to = str(q, 'to');
  if (!from) throw new KaravanError('OPTION_REQUIRED', { option: 'from', field: 'from' });
  if (!to) throw new KaravanError('OPTION_REQUIRED', { option: 'to', field: 'to' });
  const pareto = q.pareto === true || q.pareto === 'true' || q.pareto === '1';
  return {
    from, to, via: places(q, 'via'), modes: str(q, 'modes'), profile: str(q, 'profile'), weights: str(q, 'weights'),
    avoidCountries: str(q, 'avoidCountries'), maxTransshipments: str(q, 'maxTransshipments'), year: str(q, 'year'),
    alternatives: str(q, 'alternatives') ?? '3', pareto, closed: str(q, 'closed'), signal: routeDeadline(),
  };
}

export function registerRouteRoutes(app: FastifyInstance, db: Db): void {
  const answer = async (q: Query, lang: 'en' | 'ru') => {
    const o = routeOptions(q);
    const opts = checkOptions(o, 'http');
    const net = await openNetwork(db, { maxAgeMs: NETWORK_CHECK_MS });
    const r = planOnNetwork(net, o, opts, 'http', lang);
    return q.format === 'geojson' ? routesGeoJson(net, r) : r;
  };
  app.get('/route', async (req) => answer(req.query as Query, langOf(req)));
  app.post('/route', async (req) => {
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new KaravanError('BODY_INVALID', { reason: 'expected a JSON object with from and to' });
    return answer({ ...(req.query as Query), ...(body as Query) }, langOf(req));
  });
  app.get('/matrix', async (req) => {
    const q = req.query as Query;
    const o = { ...routeOptions({ ...q, from: 'x', to: 'x' }), from: places(q, 'from'), to: places(q, 'to') };
    const opts = checkOptions(o, 'http');
    return matrixOnNetwork(await openNetwork(db, { maxAgeMs: NETWORK_CHECK_MS }), o, opts, 'http', langOf(req));
  });
  app.get('/route/limits', async () => ({ ...ROUTE_LIMITS, matrixMaxPlaces: MATRIX_LIMITS.maxPlaces, timeoutMs: ROUTE_TIMEOUT_MS, paretoMaxLabels: PARETO_LIMITS.maxLabels, paretoMaxRoutes: PARETO_LIMITS.maxResults }));
}
