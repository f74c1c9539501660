// The API document's part for routing: GET/POST /route, GET /matrix, GET /route/limits
// (src/serve/route.ts over src/app/plan-route.ts and route-matrix.ts). The answers are the use
// cases' own JSON (PlanRouteResult with src/route/explain.ts RouteAnswer, MatrixResult); these
// schemas live in the document only: attached to the Fastify routes they would switch Fastify to
// its own serializer and change the answers.
import { profileIds, ROUTE_LIMITS } from '../app/plan-route.ts';
import { MATRIX_LIMITS } from '../app/route-matrix.ts';
import { CLASSES, MODE_CODES } from '../network/index.ts';
import { PARETO_LIMITS } from '../route/index.ts';
import { arrayOf, bodyRefused, bool, errors, int, json, langParam, nullable, num, obj, q, ref, str, unavailable, type Json } from './openapi-common.ts';

const TAGS = ['Routing'];
const mode = { type: 'string', enum: [...MODE_CODES] };
const vehicleClass = { type: 'string', enum: [...CLASSES], description: 'Vehicle class: rail by gauge, road or ferry' };
const totals = { km: num, hours: num, usd: num, co2Kg: num, risk: num };
const leg = {
  mode, gaugeMm: { ...nullable('integer'), description: 'Track gauge of a rail leg; null for road and ferry' },
  from: str, to: str, fromName: str, toName: str, country: { ...str, description: 'ISO 3166-1 alpha-2 code of the links of the leg' },
  ...totals,
  borderHours: { ...num, description: 'Border wait included in hours' }, handlingHours: { ...num, description: 'Transfer and gauge-change time included in hours' },
};
const transfer = { node: str, name: str, from: vehicleClass, to: vehicleClass, hours: num, usd: num, leg: { ...int, minimum: 0, description: 'Index of the leg it starts (or ends, at the last node)' } };
const warning = obj({ code: str, message: str, params: { type: 'object' } });

export const ROUTE_SCHEMAS: Record<string, Json> = {
  Totals: { ...obj(totals), description: 'Sums of the legs (as printed: from the rounded legs)' },
  Leg: obj({ ...leg, links: arrayOf(str) }),
  BorderCrossing: obj({
    crossing: { ...nullable('string'), description: 'Crossing id; null where a link crosses a border with no crossing record' },
    name: nullable('string'), fromCountry: str, toCountry: str, fromNode: str, toNode: str, mode,
    dwellHours: num, dwellSource: { ...nullable('string'), description: 'Where the wait comes from: the crossing\'s source, a customs union or the profile default' },
    usd: num, leg: { ...int, minimum: 0 },
  }),
  Transfer: obj(transfer),
  GaugeChange: obj({ ...transfer, fromGaugeMm: int, toGaugeMm: int }),
  RouteAnswer: obj({
    totals: ref('Totals'), legs: arrayOf(ref('Leg')), borderCrossings: arrayOf(ref('BorderCrossing')), gaugeChanges: arrayOf(ref('GaugeChange')),
    transshipments: arrayOf(ref('Transfer')), sources: { ...arrayOf(str), description: 'Every source the figures rest on: features\' sourceIds and profile lines' },
    nodes: { ...arrayOf(str), minItems: 1, description: 'Node ids along the route, first to last' }, objective: { ...num, description: 'The weighted objective the search minimised' },
  }),
  RouteWarning: { ...warning, description: 'An adjustment said out loud: a place read as another, a snapped point, fewer alternatives than asked, a default border wait …' },
  Unreachable: obj({
    from: str, to: str, reason: { type: 'string', pattern: '^ROUTE_UNREACHABLE_', description: 'The registered code of the constraint that, relaxed alone, would let a route through (docs/errors.md)' },
    params: { type: 'object' }, message: str,
  }),
  RouteResult: {
    ...obj({
      routes: { ...arrayOf(ref('RouteAnswer')), description: 'Best first; empty exactly when unreachable is given' },
      warnings: arrayOf(ref('RouteWarning')), unreachable: ref('Unreachable'),
      profile: obj({ id: str, unit: str }), from: { ...str, description: 'Origin node id' }, to: { ...str, description: 'Destination node id' },
    }, ['unreachable']),
    if: { required: ['unreachable'] }, then: { properties: { routes: { maxItems: 0 } } }, else: { properties: { routes: { minItems: 1 } } },
  },
  RouteGeoJson: {
    ...obj({
      type: { const: 'FeatureCollection' },
      features: arrayOf(obj({
        type: { const: 'Feature' },
        geometry: obj({ type: { const: 'LineString' }, coordinates: arrayOf({ type: 'array', items: num, minItems: 2, maxItems: 2 }) }),
        properties: obj({ route: { ...int, minimum: 0 }, leg: { ...int, minimum: 0 }, ...leg, links: { ...str, description: 'The leg\'s link ids, comma-separated' } }),
      })),
      warnings: arrayOf(ref('RouteWarning')), unreachable: ref('Unreachable'),
    }, ['unreachable']),
    description: 'format=geojson: one LineString per leg of every route, along the links\' own geometry. An unreachable pair is an empty collection with `unreachable` (the reason) beside it.',
  },
  MatrixPlace: obj({ input: { ...str, description: 'The place as asked' }, node: str, name: str }),
  MatrixCell: obj({ km: num, hours: num, usd: num, co2Kg: num, risk: num, objective: num }),
  Matrix: obj({
    origins: arrayOf(ref('MatrixPlace')), destinations: arrayOf(ref('MatrixPlace')),
    cells: { type: 'array', items: arrayOf({ oneOf: [ref('MatrixCell'), { type: 'null' }] }), description: 'cells[i][j]: origin i → destination j; null when unreachable under the options' },
    warnings: arrayOf(ref('RouteWarning')), profile: obj({ id: str, unit: str }),
  }),
  RouteLimits: obj({
    maxAlternatives: int, maxVia: int, maxTransshipments: int, minYear: int, maxYear: int, snapRadiusKm: num,
    matrixMaxPlaces: int, timeoutMs: int, paretoMaxLabels: int, paretoMaxRoutes: int,
  }),
};

const L = ROUTE_LIMITS;
const place = 'a place name (English or Russian, small misspellings allowed), a node id, a UN/LOCODE, or "lon,lat" (snapped to the nearest node within ' + `${L.snapRadiusKm} km, with a warning)`;
const intOrText = (min: number, max: number, extra: Json = {}) => ({ type: ['integer', 'string'], minimum: min, maximum: max, ...extra });
const listOrText = { type: ['string', 'array'], items: str };

/** The route options: [name, description, query schema, body schema]. */
function routeOptions(): [string, string, Json, Json][] {
  const profiles = profileIds();
  const profile = { type: 'string', ...(profiles.length ? { enum: profiles } : {}), default: 'container' };
  return [
    ['from', `Origin: ${place}`, str, str],
    ['to', `Destination: ${place}`, str, str],
    ['via', `Places to pass in order (at most ${L.maxVia}; not with pareto): separated by ";" in a query (or the parameter repeated), an array in a body`, str, { type: ['array', 'string'], items: str, maxItems: L.maxVia }],
    ['modes', `Modes allowed, comma-separated: ${MODE_CODES.join(', ')} (default all)`, str, listOrText],
    ['profile', 'Costing profile (data/profiles): money, time, CO2 and risk per mode, border waits, transfers', profile, profile],
    ['weights', 'Weights of the objective over the profile\'s: "usd=1,hours=0.5,co2Kg=0,risk=0" (each ≥ 0, one above 0 at least)', str, str],
    ['avoidCountries', 'ISO 3166-1 alpha-2 codes to avoid, comma-separated', str, listOrText],
    ['maxTransshipments', `Most transshipments and gauge changes (0..${L.maxTransshipments})`, { ...int, minimum: 0, maximum: L.maxTransshipments }, intOrText(0, L.maxTransshipments)],
    ['year', `The network as of that year (${L.minYear}..${L.maxYear}): projects finished by then are applied, links not yet open are left out`, { ...int, minimum: L.minYear, maximum: L.maxYear }, intOrText(L.minYear, L.maxYear)],
    ['alternatives', `How many distinct routes (1..${L.maxAlternatives}); fewer come back, with a warning, when no more differ enough`, { ...int, minimum: 1, maximum: L.maxAlternatives, default: 3 }, intOrText(1, L.maxAlternatives, { default: 3 })],
    ['pareto', `Every route no other beats on all four criteria (at most ${PARETO_LIMITS.maxResults}) instead of the weighted best; "true" or "1" in a query`, bool, bool],
    ['closed', 'Link ids to treat as closed, comma-separated', str, listOrText],
    ['format', 'geojson: the routes as GeoJSON lines (one feature per leg) instead of the JSON answer', { type: 'string', enum: ['geojson'] }, { type: 'string', enum: ['geojson'] }],
  ];
}

const routeAnswer = {
  description: 'The routes, best first, with warnings; or `unreachable` with the reason. With format=geojson the lines instead (RouteGeoJson, as application/geo+json).',
  content: { 'application/json': { schema: ref('RouteResult') }, 'application/geo+json': { schema: ref('RouteGeoJson') } },
};
const routeResponses = { 200: routeAnswer, 400: errors[400], 503: unavailable };
const routeDescription = 'Plans a freight route over the network: weighted best and up to `alternatives` distinct alternatives, or the Pareto set. '
  + 'Each route explains itself: legs by mode, gauge and country, border crossings with their waits and sources, gauge changes, transshipments, '
  + 'and money, time, CO2 and risk. A pair with no route answers 200 with `unreachable` (which constraint blocks it), never an error.';

export function routePaths(): Record<string, Json> {
  const opts = routeOptions();
  const body: Json = { type: 'object', required: ['from', 'to'], properties: Object.fromEntries(opts.map(([name, description, , s]) => [name, { ...s, description }])) };
  return {
    '/route': {
      get: {
        summary: 'Plan a route (options in the query)', operationId: 'getRoute', tags: TAGS, description: routeDescription,
        parameters: [...opts.map(([name, description, s]) => q(name, description, s, name === 'from' || name === 'to')), langParam],
        responses: routeResponses,
      },
      post: {
        summary: 'Plan a route (options in a JSON body)', operationId: 'postRoute', tags: TAGS,
        description: `${routeDescription} Options may also be given in the query; the body's win. A body that is not a JSON object is refused (BODY_INVALID).`,
        parameters: [q('format', 'geojson: the routes as GeoJSON lines', { type: 'string', enum: ['geojson'] }), langParam],
        requestBody: { required: true, content: { 'application/json': { schema: body } } },
        responses: { ...routeResponses, ...bodyRefused },
      },
    },
    '/matrix': {
      get: {
        summary: 'Origin–destination matrix: money, time, CO2, risk and objective per pair', operationId: 'getMatrix', tags: TAGS,
        parameters: [
          q('from', `Origins separated by ";" (or the parameter repeated), at most ${MATRIX_LIMITS.maxPlaces}: each ${place}`, str, true),
          q('to', `Destinations, as from (at most ${MATRIX_LIMITS.maxPlaces})`, str, true),
          ...opts.filter(([name]) => ['modes', 'profile', 'weights', 'avoidCountries', 'year', 'maxTransshipments', 'closed'].includes(name)).map(([name, description, s]) => q(name, description, s)),
          langParam,
        ],
        responses: { 200: json(ref('Matrix')), 400: errors[400], 503: unavailable },
      },
    },
    '/route/limits': {
      get: { summary: 'The limits route and matrix requests are held to', operationId: 'getRouteLimits', tags: TAGS, responses: { 200: json(ref('RouteLimits')) } },
    },
  };
}
