// The API document's part for freight flows: GET /flows and GET /bottlenecks (src/serve/flows.ts
// over src/app/assign-network.ts NetworkFlowsResult). In the document only, as openapi-route.ts.
import { DEFAULT_DEMAND } from '../app/assign-network.ts';
import { profileIds } from '../app/plan-route.ts';
import { MODE_CODES } from '../network/index.ts';
import { arrayOf, bool, errorAnswer, errors, int, json, langParam, nullable, num, obj, q, ref, str, unavailable, type Json } from './openapi-common.ts';

const TAGS = ['Flows'];
const mode = { type: 'string', enum: [...MODE_CODES] };
const profile = obj({ id: str, unit: str });
const units = obj({ tonnesPerTrain: num, tonnesPerTruck: num, tonnesPerSailing: num });
const issue = obj({ code: str, severity: { type: 'string', enum: ['error', 'warning'] }, message: str });

export const FLOW_SCHEMAS: Record<string, Json> = {
  LinkFlow: obj({
    id: str, mode, tonnesAB: { ...num, description: 'Tonnes per year from → to, as the link record orients it' }, tonnesBA: num,
    capacityTonnes: { ...nullable('number'), description: 'Hard capacity, tonnes per year (the tighter direction); null when the data has none' },
    volumeCapacity: nullable('number'), shadowPrice: { ...num, description: 'Profile cost units per tonne the capacity\'s scarcity adds' },
  }),
  Flows: obj({
    demandFile: str, profile, units, totalTonnes: num, assignedTonnes: { ...num, description: 'Demand between pairs the profile can connect' },
    links: { ...arrayOf(ref('LinkFlow')), description: 'Every link that carries flow or has a capacity' },
    converged: bool, overflow: num, gap: num, outerIterations: int, seconds: num, issues: arrayOf(issue),
  }),
  FlowsGeoJson: obj({
    type: { const: 'FeatureCollection' },
    features: arrayOf(obj({
      type: { const: 'Feature' }, id: str,
      geometry: obj({ type: { const: 'LineString' }, coordinates: arrayOf({ type: 'array', items: num, minItems: 2, maxItems: 2 }) }),
      properties: obj({ id: str, mode, from: str, to: str, tonnes: num, tonnesAB: num, tonnesBA: num, capacityTonnes: nullable('number'), volumeCapacity: nullable('number'), shadowPrice: num }),
    })),
    properties: obj({ demandFile: str, profile, totalTonnes: num, assignedTonnes: num, converged: bool }),
  }),
  CapacityRow: obj({
    link: str, crossing: { ...nullable('string'), description: 'The crossing whose capacity this is, else null (the link\'s)' }, mode,
    from: str, to: str, tonnes: num, capacityTonnes: num, volumeCapacity: { ...nullable('number'), description: 'null for a capacity of 0 with no flow' }, shadowPrice: num, binding: { ...bool, description: 'The shadow price is above 0' },
  }),
  Bottlenecks: obj({ demandFile: str, profile, units, converged: bool, overflow: num, bottlenecks: arrayOf(ref('CapacityRow')), issues: arrayOf(issue) }),
};

function options(withFormat: boolean) {
  const profiles = profileIds();
  return [
    q('demand', `OD matrix: a CSV file name under data/demand (default ${DEFAULT_DEMAND.split('/').pop()})`, { type: 'string', pattern: '^[A-Za-z0-9_-][A-Za-z0-9._-]*\\.csv$' }),
    q('profile', 'Costing profile', { type: 'string', ...(profiles.length ? { enum: profiles } : {}), default: 'bulk' }),
    q('year', 'The network as of that year (1900..2100)', { ...int, minimum: 1900, maximum: 2100 }),
    q('modes', `Modes allowed, comma-separated: ${MODE_CODES.join(', ')}`, str),
    q('top', 'Bottlenecks to return (1..1000)', { ...int, minimum: 1, maximum: 1000, default: 20 }),
    ...(withFormat ? [q('format', 'geojson: the flows as GeoJSON lines for the map', { type: 'string', enum: ['geojson'] })] : []),
    langParam,
  ];
}

const failures = {
  400: errors[400], 404: errorAnswer('The demand file does not exist (NOT_FOUND)'),
  422: errorAnswer('The demand file does not validate (ASSIGN_DEMAND_REJECTED, naming the first issue)'), 503: unavailable,
};
const description = 'The freight OD matrix assigned on the network under its hard capacities (user equilibrium with shadow prices); computed once per network version, demand file and options.';

export function flowPaths(): Record<string, Json> {
  return {
    '/flows': {
      get: {
        summary: 'Freight flows per link and direction', operationId: 'getFlows', tags: TAGS, description, parameters: options(true),
        responses: { 200: json({ oneOf: [ref('Flows'), ref('FlowsGeoJson')] }, 'The flows (format=geojson: FlowsGeoJson, as application/json)'), ...failures },
      },
    },
    '/bottlenecks': {
      get: {
        summary: 'Capacities ranked by shadow price', operationId: 'getBottlenecks', tags: TAGS, description, parameters: options(false),
        responses: { 200: json(ref('Bottlenecks')), ...failures },
      },
    },
  };
}
