// The API document (OpenAPI 3.1) at /openapi.json and a readable page at /api. Every resource is
// described by hand: OGC API – Features, tiles, map data and the service below, routing, flows and
// alerts in openapi-route.ts, openapi-flows.ts and openapi-alerts.ts. A route registered on the app
// that none of them describes is still picked up from Fastify's route table (with its schema when
// it has one), so the document never silently misses an endpoint; one whose path is a described
// one up to parameter names (/collections/:id for /collections/{collectionId}) is not listed twice.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { baseUrl } from './http.ts';
import { COLLECTIONS } from './features.ts';
import { alertPaths, ALERT_SCHEMAS } from './openapi-alerts.ts';
import { errors, geojson, json, nullable, p, q, ref, type Json } from './openapi-common.ts';
import { flowPaths, FLOW_SCHEMAS } from './openapi-flows.ts';
import { routePaths, ROUTE_SCHEMAS } from './openapi-route.ts';

const fParam = q('f', 'Response format: json, or html (the web app at /, an HTML page elsewhere); without it the Accept header decides', { type: 'string', enum: ['json', 'html'] });
/** The JSON answer and, for ?f=html or a browser's Accept header, an HTML page (src/serve/ogc-html.ts). */
const orHtml = (r: { description: string; content: Record<string, unknown> }) => ({ ...r, content: { ...r.content, 'text/html': { schema: { type: 'string' } } } });

const SCHEMAS: Record<string, Json> = {
  Link: { type: 'object', required: ['href', 'rel'], properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } } },
  Error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: {}, value: {}, limit: {} } },
  LandingPage: { type: 'object', required: ['links'], properties: { title: { type: 'string' }, description: { type: 'string' }, links: { type: 'array', items: ref('Link') } } },
  Conformance: { type: 'object', required: ['conformsTo'], properties: { conformsTo: { type: 'array', items: { type: 'string' } } } },
  Collection: {
    type: 'object', required: ['id', 'links'],
    properties: { id: { type: 'string' }, title: { type: 'string' }, itemType: { type: 'string' }, crs: { type: 'array', items: { type: 'string' } },
      extent: { type: 'object' }, links: { type: 'array', items: ref('Link') } },
  },
  Collections: { type: 'object', required: ['links', 'collections'], properties: { links: { type: 'array', items: ref('Link') }, collections: { type: 'array', items: ref('Collection') } } },
  Geometry: {
    type: ['object', 'null'],
    properties: { type: { enum: ['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] }, coordinates: { type: 'array' } },
  },
  Feature: {
    type: 'object', required: ['type', 'geometry', 'properties'],
    properties: { type: { const: 'Feature' }, id: { type: ['string', 'number'] }, geometry: ref('Geometry'), properties: { type: ['object', 'null'] },
      links: { type: 'array', items: ref('Link') } },
  },
  FeatureCollection: {
    type: 'object', required: ['type', 'features'],
    properties: { type: { const: 'FeatureCollection' }, features: { type: 'array', items: ref('Feature') }, numberMatched: { type: 'integer', minimum: 0 },
      numberReturned: { type: 'integer', minimum: 0 }, timeStamp: { type: 'string' }, links: { type: 'array', items: ref('Link') } },
  },
  TileJSON: {
    type: 'object', required: ['tilejson', 'tiles', 'vector_layers'],
    properties: { tilejson: { type: 'string' }, tiles: { type: 'array', items: { type: 'string' }, minItems: 1 }, minzoom: { type: 'integer' }, maxzoom: { type: 'integer' },
      bounds: { type: 'array', items: { type: 'number' } }, vector_layers: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } },
  },
  Places: {
    type: 'object', required: ['places'],
    properties: { places: { type: 'array', items: { type: 'object', required: ['id', 'layer', 'name_en', 'lon', 'lat'],
      properties: { id: { type: 'string' }, layer: { type: 'string' }, kind: { type: 'string' }, name_en: { type: 'string' }, name_ru: { type: 'string' },
        name_local: { type: 'string' }, country: { type: 'string' }, lon: { type: 'number' }, lat: { type: 'number' } } } } },
  },
  Citation: {
    type: 'object', required: ['field', 'key', 'publisher', 'title'],
    properties: { field: { type: 'string' }, key: { type: 'string' }, publisher: { type: 'string' }, title: { type: 'string' }, year: nullable('integer'),
      url: nullable('string'), licence: nullable('string') },
  },
  SourceInfo: {
    type: 'object', required: ['id', 'source', 'version', 'feature', 'citations'],
    properties: { id: { type: 'string' }, source: { type: 'string' }, version: { type: 'string' }, feature: { type: 'string' }, file: nullable('string'),
      line: nullable('integer'), citations: { type: 'array', items: ref('Citation') }, note: nullable('string'), lookup: nullable('string') },
  },
  // GET /alerts/water-level (src/app/alerts-water.ts WaterLevelReport). Every level, draft and load
  // limit carries the weakest confidence of the figures it rests on and why (docs/early-warning.md).
  Confidence: { enum: ['surveyed', 'published', 'estimated', 'inferred', 'unconfirmed'] },
  WeakLink: { type: 'object', required: ['confidence', 'en', 'ru'], properties: { confidence: ref('Confidence'), en: { type: 'string' }, ru: { type: 'string' } } },
  LoadLimit: {
    type: 'object', required: ['vessel', 'name', 'designDraftM', 'allowedDraftM', 'lostT', 'limitT', 'confidence', 'confidenceWhy'],
    properties: { vessel: { type: 'string' }, name: { type: 'string' }, name_ru: nullable('string'), designDraftM: { type: 'number' }, allowedDraftM: { type: 'number' },
      tPerCm: nullable('number'), tPerCmMethod: { enum: ['published-pair', 'waterplane-estimate', null] }, lostT: nullable('number'), limitT: nullable('number'),
      shareOfDesign: nullable('number'), confidence: ref('Confidence'), confidenceWhy: { type: 'array', items: ref('WeakLink') } },
  },
  WaterLevel: {
    type: 'object', required: ['year', 'thresholdM', 'level', 'series', 'ports', 'vessels', 'issues'],
    properties: {
      year: { type: 'integer' }, thresholdM: { type: 'number' },
      level: { type: 'object', required: ['year', 'levelM', 'kind', 'confidence', 'confidenceWhy'],
        properties: { year: { type: 'integer' }, levelM: { type: 'number' }, kind: { enum: ['observed', 'derived', 'unconfirmed', 'interpolated', 'projected', 'before-series'] },
          bandM: { type: ['array', 'null'], items: { type: 'number' } }, trendMPerYear: { type: 'number' }, scenarios: { type: 'array' },
          confidence: ref('Confidence'), confidenceWhy: { type: 'array', items: ref('WeakLink') } } },
      series: { type: 'array', items: { type: 'object', required: ['year', 'levelM', 'kind', 'confidence', 'source'],
        properties: { year: { type: 'number' }, date: { type: 'string' }, levelM: { type: 'number' }, kind: { enum: ['observed', 'derived'] }, confidence: ref('Confidence'), source: { type: 'string' } } } },
      scenarios2100: { type: 'array' },
      ports: { type: 'array', items: { type: 'object', required: ['id', 'name', 'referenceDraftM', 'remainingDraftM', 'lostM', 'confidence', 'confidenceWhy', 'loadLimits', 'reportedCuts'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, referenceDraftM: nullable('number'), referenceYear: nullable('integer'), referenceSource: nullable('string'),
          remainingDraftM: nullable('number'), lostM: nullable('number'), confidence: ref('Confidence'), confidenceWhy: { type: 'array', items: ref('WeakLink') },
          loadLimits: { type: 'array', items: ref('LoadLimit') }, reportedCuts: { type: 'array' } } } },
      vessels: { type: 'array' },
      issues: { type: 'array', items: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, severity: { type: 'string' }, params: { type: 'object' }, message: { type: 'string' } } } },
    },
  },
  Health: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
  Status: {
    type: 'object', required: ['version', 'counts', 'limits'],
    properties: { version: { type: 'string' }, dataVersion: nullable('string'), store: { type: 'object' }, counts: { type: 'object', additionalProperties: { type: 'integer' } },
      limits: { type: 'object' },
      routing: {
        type: 'object', required: ['workers', 'started', 'ready'], description: 'Route worker threads (KARAVAN_ROUTE_WORKERS): how many, how many were started (replacements included), whether one holds a network yet',
        properties: { workers: { type: 'integer', minimum: 0 }, started: { type: 'integer', minimum: 0 }, ready: { type: 'boolean' } },
      } },
  },
};

const OWN_PATHS: Record<string, Json> = {
  '/': { get: { summary: 'Landing page (OGC API – Features); the web app for browsers', operationId: 'getLandingPage', tags: ['OGC API – Features'], parameters: [fParam],
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: ref('LandingPage') }, 'text/html': { schema: { type: 'string' } } } } } } },
  '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', tags: ['OGC API – Features'], parameters: [fParam], responses: { 200: json(ref('Conformance')) } } },
  '/collections': { get: { summary: 'Feature collections', operationId: 'getCollections', tags: ['OGC API – Features'], parameters: [fParam], responses: { 200: orHtml(json(ref('Collections'))) } } },
  '/collections/{collectionId}': { get: { summary: 'One collection', operationId: 'describeCollection', tags: ['OGC API – Features'],
    parameters: [{ ...p('collectionId', 'Collection id'), schema: { type: 'string', enum: COLLECTIONS.map((c) => c.id) } }, fParam],
    responses: { 200: orHtml(json(ref('Collection'))), ...errors } } },
  '/collections/{collectionId}/items': { get: { summary: 'Features of a collection, paged', operationId: 'getFeatures', tags: ['OGC API – Features'],
    parameters: [{ ...p('collectionId', 'Collection id'), schema: { type: 'string', enum: COLLECTIONS.map((c) => c.id) } },
      q('bbox', 'minLon,minLat,maxLon,maxLat (CRS84)', { type: 'string' }), q('limit', 'Page size (1..10000, default 100)', { type: 'integer', minimum: 1, maximum: 10000, default: 100 }),
      q('offset', 'Features to skip (the next link carries it)', { type: 'integer', minimum: 0, default: 0 }), q('country', 'ISO 3166-1 alpha-2 filter', { type: 'string' }), fParam],
    responses: { 200: orHtml(geojson(ref('FeatureCollection'))), ...errors } } },
  '/collections/{collectionId}/items/{featureId}': { get: { summary: 'One feature', operationId: 'getFeature', tags: ['OGC API – Features'],
    parameters: [p('collectionId', 'Collection id'), p('featureId', 'Feature id'), fParam], responses: { 200: orHtml(geojson(ref('Feature'))), ...errors } } },
  '/sources/{sourceId}': { get: { summary: 'What a feature\'s sourceId stands for: the curated row and the publications it cites', operationId: 'getSource', tags: ['OGC API – Features'],
    parameters: [p('sourceId', 'A feature\'s sourceId (source@version#feature), URL-encoded')], responses: { 200: json(ref('SourceInfo')), ...errors } } },
  '/tiles.json': { get: { summary: 'TileJSON of the network vector tiles', operationId: 'getTileJson', tags: ['Tiles'], responses: { 200: json(ref('TileJSON')) } } },
  '/tiles/{layer}.json': { get: { summary: 'TileJSON of one tile set (network, basemap, map = both, or one map layer)', operationId: 'getLayerTileJson', tags: ['Tiles'],
    parameters: [p('layer', 'network, basemap, map (basemap + network), rail, road, ferry, nodes, ports, crossings, corridors, projects')], responses: { 200: json(ref('TileJSON')), ...errors } } },
  '/tiles/{layer}/{z}/{x}/{y}.pbf': { get: { summary: 'Mapbox Vector Tile (MVT 2.1)', operationId: 'getTile', tags: ['Tiles'],
    parameters: [p('layer', 'Tile set'), p('z', 'Zoom'), p('x', 'Column'), p('y', 'Row')],
    responses: { 200: { description: 'Tile', content: { 'application/vnd.mapbox-vector-tile': { schema: { type: 'string', contentMediaType: 'application/vnd.mapbox-vector-tile' } } } }, 304: { description: 'Not modified (ETag)' }, ...errors } } },
  '/places.json': { get: { summary: 'Search index: named places, stations, ports, crossings, corridors, projects (en, ru, local)', operationId: 'getPlaceIndex', tags: ['Map'], responses: { 200: json(ref('Places')) } } },
  '/network.geojson': { get: { summary: 'A whole layer as GeoJSON', operationId: 'getNetworkLayer', tags: ['Map'],
    parameters: [q('layer', 'nodes, links, crossings, ports, corridors, projects', { type: 'string' }), q('mode', 'rail, road, ferry (links)', { type: 'string' })],
    responses: { 200: geojson({ type: 'object', required: ['type', 'features'], properties: { type: { const: 'FeatureCollection' }, features: { type: 'array' } } }), ...errors } } },
  '/alerts/water-level': { get: { summary: 'The Caspian Sea level in a year, each Caspian port\'s remaining draft and the load limits of the bundled vessel classes, each with its confidence', operationId: 'getWaterLevel', tags: ['Alerts'],
    parameters: [q('year', 'Year (1900..2100; default this year)', { type: 'integer', minimum: 1900, maximum: 2100 }), q('threshold', 'Warn below this remaining draft, m (0..30, default 4.5)', { type: 'number', minimum: 0, maximum: 30 })],
    responses: { 200: json(ref('WaterLevel')), ...errors } } },
  '/health': { get: { summary: 'Liveness', operationId: 'getHealth', tags: ['Service'], responses: { 200: json(ref('Health')) } } },
  '/status': { get: { summary: 'Data version, counts and limits', operationId: 'getStatus', tags: ['Service'], responses: { 200: json(ref('Status')) } } },
  '/openapi.json': { get: { summary: 'This document', operationId: 'getOpenApi', tags: ['Service'], responses: { 200: { description: 'OK', content: { 'application/vnd.oai.openapi+json;version=3.1': { schema: { type: 'object' } } } } } } },
  '/api': { get: { summary: 'The API documentation page (HTML)', operationId: 'getApiDocs', tags: ['Service'], responses: { 200: { description: 'OK', content: { 'text/html': { schema: { type: 'string' } } } } } } },
};

/** Routes that are implementation details (static files of the web app), not API. */
const HIDDEN = [/^\/app\//, /^\/vendor\//, /^\/basemap\//, /^\*$/];

/** A path with its parameter names left out: two spellings of one path compare equal. */
const shape = (path: string) => path.replace(/\{[^}]*\}/g, '{}');

/** An operation from Fastify's route table, its path parameters named as in `path` (the document's spelling). */
function fromFastify(route: RouteOptions, path: string): Json {
  const schema = (route.schema ?? {}) as { querystring?: Json; body?: Json; response?: Record<string, Json>; summary?: string; description?: string };
  const params: Json[] = [];
  const qs = schema.querystring as { properties?: Record<string, Json>; required?: string[] } | undefined;
  for (const [name, s] of Object.entries(qs?.properties ?? {})) params.push({ name, in: 'query', required: qs?.required?.includes(name) ?? false, schema: s });
  for (const m of path.matchAll(/\{(\w+)\}/g)) params.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  const responses: Json = {};
  for (const [code, s] of Object.entries(schema.response ?? {})) responses[code] = json(s);
  if (!responses['200']) responses['200'] = { description: 'OK (JSON)' };
  responses['400'] = errors[400];
  return {
    summary: schema.summary ?? `${String(route.method)} ${route.url}`,
    ...(schema.description ? { description: schema.description } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
    responses,
  };
}

export function registerOpenApi(app: FastifyInstance, version: string): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (r) => { routes.push(r); });

  const document = (base: string): Json => {
    const paths: Record<string, Json> = { ...structuredClone(OWN_PATHS), ...routePaths(), ...flowPaths(), ...alertPaths() };
    const described = new Map(Object.keys(paths).map((k) => [shape(k), k]));
    for (const r of routes) {
      const url = r.url.replace(/:(\w+)/g, '{$1}');
      if (HIDDEN.some((h) => h.test(url))) continue;
      const key = described.get(shape(url)) ?? url;
      for (const method of [r.method].flat().map((m) => String(m).toLowerCase())) {
        if (method === 'head' || method === 'options') continue;
        const item = (paths[key] ??= {}) as Json;
        if (!item[method]) item[method] = fromFastify(r, key);
      }
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Karavan API', version, description: 'The transport and logistics map of the CIS: OGC API – Features, vector tiles, routing, freight flows, alerts. Errors are JSON {code, message, field, value, limit} in the language of Accept-Language (en, ru).', license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
      servers: [{ url: base }],
      paths,
      components: { schemas: { ...SCHEMAS, ...ROUTE_SCHEMAS, ...FLOW_SCHEMAS, ...ALERT_SCHEMAS } },
    };
  };

  app.get('/openapi.json', { config: { compress: true } }, async (req, reply) => {
    reply.type('application/vnd.oai.openapi+json;version=3.1');
    return document(baseUrl(req));
  });

  app.get('/api', { config: { compress: true } }, async (req, reply) => {
    const doc = document(baseUrl(req)) as { paths: Record<string, Record<string, { summary?: string; parameters?: { name: string; in: string; description?: string }[] }>> };
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
    const rows = Object.entries(doc.paths).sort(([a], [b]) => a.localeCompare(b)).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) =>
      `<tr><td><code>${m.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary ?? '')}${(op.parameters ?? []).length ? `<br><small>${(op.parameters ?? []).map((x) => `<code>${esc(x.name)}</code> (${x.in})${x.description ? ': ' + esc(x.description) : ''}`).join('; ')}</small>` : ''}</td></tr>`));
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Karavan API</title><meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem}td{padding:.35rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}code{font-size:.92em}</style></head>
<body><h1>Karavan API</h1><p>OpenAPI 3.1 document: <a href="/openapi.json">/openapi.json</a>. OGC API – Features landing page: <a href="/?f=json">/?f=json</a>. Web map: <a href="/">/</a>.</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></body></html>`;
  });
}
