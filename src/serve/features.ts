// OGC API – Features, Part 1 (Core, GeoJSON): landing page, conformance, collections, items.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { dataVersion } from '../app/open.ts';
import { recordToFeature } from '../core/features.ts';
import { KaravanError } from '../core/issues.ts';
import type { Layer } from '../core/model.ts';
import { acceptsGzip, baseUrl, MIN_GZIP_BYTES, wantsHtml } from './http.ts';
import { collectionHtml, collectionsHtml, featureHtml, itemsHtml, type ItemsJson } from './ogc-html.ts';
import { TileCache, type CachedTile } from './tiles.ts';
import { countLayer, readLayer, type Db, type RecordFilter } from '../store/index.ts';

interface CollectionDef {
  id: string;
  layer: Layer;
  mode?: string;
  title: { en: string; ru: string };
}

export const COLLECTIONS: CollectionDef[] = [
  { id: 'rail', layer: 'links', mode: 'rail', title: { en: 'Railway links', ru: 'Железнодорожные участки' } },
  { id: 'road', layer: 'links', mode: 'road', title: { en: 'Road links', ru: 'Автодорожные участки' } },
  { id: 'ferry', layer: 'links', mode: 'ferry', title: { en: 'Ferry and Ro-Ro lines', ru: 'Паромные и ро-ро линии' } },
  { id: 'nodes', layer: 'nodes', title: { en: 'Stations, junctions, ports, terminals', ru: 'Станции, узлы, порты, терминалы' } },
  { id: 'crossings', layer: 'crossings', title: { en: 'Border crossing points', ru: 'Пункты пропуска через границу' } },
  { id: 'ports', layer: 'ports', title: { en: 'Sea and river ports', ru: 'Морские и речные порты' } },
  { id: 'corridors', layer: 'corridors', title: { en: 'Transport corridors', ru: 'Транспортные коридоры' } },
  { id: 'projects', layer: 'projects', title: { en: 'Infrastructure projects (national plans)', ru: 'Инфраструктурные проекты (национальные планы)' } },
];

// oas30 is not claimed: the API document is OpenAPI 3.1, for which Part 1 defines no class.
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];

const MAX_LIMIT = 10000;
const DEFAULT_LIMIT = 100;
const CIS_EXTENT = [20, 25, 180, 75];


export function parseBbox(v: unknown): [number, number, number, number] | undefined {
  if (v === undefined || v === '') return undefined;
  const parts = String(v).split(',').map((s) => Number(s.trim()));
  const ok = (parts.length === 4 || parts.length === 6) && parts.every(Number.isFinite);
  const b = parts.length === 6 ? [parts[0], parts[1], parts[3], parts[4]] : parts;
  if (!ok || b[0] > b[2] || b[1] > b[3] || b[1] < -90 || b[3] > 90) throw new KaravanError('BBOX_INVALID', { field: 'bbox', value: String(v) });
  return b as [number, number, number, number];
}

function parseLimit(v: unknown): number {
  if (v === undefined || v === '') return DEFAULT_LIMIT;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new KaravanError('OPTION_INVALID', { option: 'limit', field: 'limit', value: v, allowed: `an integer 1..${MAX_LIMIT}` });
  return Math.min(n, MAX_LIMIT);
}

function parseOffset(v: unknown): number {
  if (v === undefined || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new KaravanError('OPTION_INVALID', { option: 'offset', field: 'offset', value: v, allowed: 'an integer ≥ 0' });
  return n;
}

function collectionOf(id: string): CollectionDef {
  const c = COLLECTIONS.find((x) => x.id === id);
  if (!c) throw new KaravanError('NOT_FOUND', { what: 'collection', what_ru: 'коллекция', field: 'collectionId', value: id }, 404);
  return c;
}

function collectionJson(c: CollectionDef, base: string, lang: 'en' | 'ru') {
  return {
    id: c.id,
    title: c.title[lang],
    itemType: 'feature',
    crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
    extent: { spatial: { bbox: [CIS_EXTENT], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' } },
    links: [
      { href: `${base}/collections/${c.id}`, rel: 'self', type: 'application/json', title: c.title[lang] },
      { href: `${base}/collections/${c.id}?f=html`, rel: 'alternate', type: 'text/html', title: c.title[lang] },
      { href: `${base}/collections/${c.id}/items?f=json`, rel: 'items', type: 'application/geo+json', title: c.title[lang] },
      { href: `${base}/collections/${c.id}/items?f=html`, rel: 'items', type: 'text/html', title: c.title[lang] },
    ],
  };
}

/** The OGC landing document: QGIS refuses a source whose landing page has no `service-desc`. */
export function landingPage(req: FastifyRequest, lang: 'en' | 'ru') {
  const base = baseUrl(req);
  return {
    title: 'Karavan',
    description: lang === 'ru' ? 'Транспортно-логистическая карта СНГ и евразийских коридоров' : 'The transport and logistics map of the CIS and its Eurasian corridors',
    links: [
      { href: `${base}/?f=json`, rel: 'self', type: 'application/json', title: 'This document' },
      { href: `${base}/?f=html`, rel: 'alternate', type: 'text/html', title: 'The web map' },
      { href: `${base}/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.1', title: 'The API definition (OpenAPI 3.1)' },
      { href: `${base}/api`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
      { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
      { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
      { href: `${base}/collections?f=html`, rel: 'data', type: 'text/html', title: 'Collections (HTML)' },
      { href: `${base}/tiles.json`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector', type: 'application/json', title: 'Vector tiles (TileJSON)' },
    ],
  };
}

/** Items pages kept per data version: a page of 1,000 features is one store read and ≈0.5 MB of JSON. */
const PAGE_CACHE_BYTES = 32 * 2 ** 20;

/**
 * The store's data version as read after the caller asked: callers that arrive while a read is
 * running share the next one (a read already running may predate an import that finished since),
 * so n concurrent requests cost two reads (PGlite answers one query at a time), not n.
 */
function dataVersionReader(db: Db): () => Promise<string | null> {
  let running: Promise<string | null> | null = null;
  let next: Promise<string | null> | null = null;
  const start = (): Promise<string | null> => {
    const p = dataVersion(db).finally(() => { if (running === p) running = null; });
    running = p;
    return p;
  };
  return () => {
    if (!running) return start();
    next ??= running.catch(() => null).then(() => { next = null; return start(); });
    return next;
  };
}

export function registerFeatureRoutes(app: FastifyInstance, db: Db, langOf: (r: FastifyRequest) => 'en' | 'ru'): void {
  app.get('/conformance', async () => ({ conformsTo: CONFORMANCE }));

  app.get('/collections', { config: { compress: true } }, async (req, reply) => {
    const base = baseUrl(req);
    const lang = langOf(req);
    const collections = COLLECTIONS.map((c) => collectionJson(c, base, lang));
    reply.header('vary', 'accept');
    if (wantsHtml(req)) return reply.type('text/html; charset=utf-8').send(collectionsHtml(lang, base, collections));
    return {
      links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json', title: 'Collections' },
        { href: `${base}/collections?f=html`, rel: 'alternate', type: 'text/html', title: 'Collections (HTML)' }],
      collections,
    };
  });

  app.get<{ Params: { id: string } }>('/collections/:id', { config: { compress: true } }, async (req, reply) => {
    const c = collectionJson(collectionOf(req.params.id), baseUrl(req), langOf(req));
    reply.header('vary', 'accept');
    if (wantsHtml(req)) return reply.type('text/html; charset=utf-8').send(collectionHtml(langOf(req), baseUrl(req), c));
    return c;
  });

  // The page as an object: what the JSON answer serializes and the HTML view renders.
  const itemsPage = async (req: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string> }>) => {
    const c = collectionOf(req.params.id);
    const q = req.query;
    const bbox = parseBbox(q.bbox);
    const limit = parseLimit(q.limit);
    const offset = parseOffset(q.offset);
    const country = q.country || undefined;
    // one record past the page tells whether a next page exists without a second count
    const filter: RecordFilter = { mode: c.mode, bbox, limit: limit + 1, offset, country };
    const rows = await readLayer(db, c.layer, filter);
    const more = rows.length > limit;
    const recs = more ? rows.slice(0, limit) : rows;
    // the store's count knows mode and bbox but not country: leave numberMatched out rather than be wrong
    const matched = country ? undefined : await countLayer(db, c.layer, { mode: c.mode, bbox });
    const base = `${baseUrl(req)}/collections/${c.id}/items`;
    const keep = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (k !== 'offset' && k !== 'limit' && k !== 'f' && typeof v === 'string') keep.set(k, v);
    const page = (off: number) => { const p = new URLSearchParams(keep); p.set('limit', String(limit)); p.set('offset', String(off)); return `${base}?${p}`; };
    const links = [{ href: page(offset), rel: 'self', type: 'application/geo+json', title: 'This page' },
      { href: `${page(offset)}&f=html`, rel: 'alternate', type: 'text/html', title: 'This page (HTML)' }];
    if (more) links.push({ href: page(offset + limit), rel: 'next', type: 'application/geo+json', title: 'Next page' });
    if (offset > 0) links.push({ href: page(Math.max(0, offset - limit)), rel: 'prev', type: 'application/geo+json', title: 'Previous page' });
    links.push({ href: `${baseUrl(req)}/collections/${c.id}`, rel: 'collection', type: 'application/json', title: c.title[langOf(req)] });
    return { c, offset, body: {
      type: 'FeatureCollection' as const,
      features: (recs as unknown as never[]).map((r) => recordToFeature(c.layer, r)) as ItemsJson['features'],
      ...(matched === undefined ? {} : { numberMatched: matched }),
      numberReturned: recs.length,
      // no timeStamp (optional in Part 1): a page of unchanged data stays byte-identical, so its ETag holds
      links,
    } };
  };

  const pages = new TileCache(PAGE_CACHE_BYTES);
  const currentDataVersion = dataVersionReader(db);
  const building = new Map<string, Promise<CachedTile & { etag: string }>>();
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/collections/:id/items', { config: { compress: true } }, async (req, reply) => {
    reply.header('vary', 'accept');
    if (wantsHtml(req)) {
      const { c, offset, body } = await itemsPage(req);
      const self = body.links[0].href;
      return reply.type('text/html; charset=utf-8').send(itemsHtml(langOf(req), baseUrl(req), { id: c.id, title: c.title[langOf(req)] }, body, offset, self));
    }
    // Served from the cache while the data version holds: every write to the network is an import,
    // which changes it (src/app/open.ts dataVersion). The key holds what shapes the bytes.
    const q = Object.entries(req.query).filter(([k]) => k !== 'f').sort(([a], [b]) => (a < b ? -1 : 1));
    const key = [await currentDataVersion(), baseUrl(req), langOf(req), req.params.id, JSON.stringify(q)].join('\n');
    let hit: (CachedTile & { etag?: string }) | undefined = pages.get(key);
    if (!hit) {
      let p = building.get(key);
      if (!p) {
        p = itemsPage(req).then(({ body }) => {
          const raw = Buffer.from(JSON.stringify(body));
          const cached = { raw, gzip: raw.length >= MIN_GZIP_BYTES ? gzipSync(raw, { level: 6 }) : null, etag: `W/"${createHash('sha1').update(raw).digest('base64url').slice(0, 22)}"` };
          pages.set(key, cached);
          return cached;
        }).finally(() => building.delete(key));
        building.set(key, p);
      }
      hit = await p;
    }
    const etag = (hit as { etag: string }).etag;
    reply.header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    reply.type('application/geo+json');
    if (hit.gzip && acceptsGzip(req)) {
      reply.header('content-encoding', 'gzip');
      reply.header('vary', 'accept, accept-encoding');
      return reply.send(hit.gzip);
    }
    return reply.send(hit.raw);
  });

  app.get<{ Params: { id: string; fid: string } }>('/collections/:id/items/:fid', { config: { compress: true } }, async (req, reply) => {
    const c = collectionOf(req.params.id);
    const recs = await readLayer(db, c.layer, { ids: [req.params.fid], mode: c.mode });
    if (recs.length === 0) throw new KaravanError('NOT_FOUND', { what: 'feature', what_ru: 'объект', field: 'featureId', value: req.params.fid }, 404);
    const base = baseUrl(req);
    const self = `${base}/collections/${c.id}/items/${encodeURIComponent(req.params.fid)}`;
    const f = recordToFeature(c.layer, recs[0] as never) as ItemsJson['features'][number];
    reply.header('vary', 'accept');
    if (wantsHtml(req)) return reply.type('text/html; charset=utf-8').send(featureHtml(langOf(req), base, { id: c.id, title: c.title[langOf(req)] }, f, `${self}?f=json`));
    reply.type('application/geo+json');
    const sourceId = typeof f.properties?.sourceId === 'string' ? f.properties.sourceId : null;
    return { ...f, links: [
      { href: self, rel: 'self', type: 'application/geo+json' },
      { href: `${self}?f=html`, rel: 'alternate', type: 'text/html' },
      { href: `${base}/collections/${c.id}`, rel: 'collection', type: 'application/json' },
      // what the sourceId stands for: the curated row and the publications it cites (sources.ts)
      ...(sourceId ? [{ href: `${base}/sources/${encodeURIComponent(sourceId)}`, rel: 'describedby', type: 'application/json', title: 'Source and citations' }] : []),
    ] };
  });
}
