// Vector tiles cut in JavaScript (geojson-vt → @maplibre/vt-pbf): the same code path whether the
// store is PGlite (whose PostGIS lacks ST_AsMVT) or a PostgreSQL server. geojson-vt simplifies per
// zoom (Douglas–Peucker with `tolerance` in tile pixels), which is the generalisation at low zooms.
// Tiles are built from a snapshot of the store, retaken when its data changes; the ETag carries the
// snapshot's fingerprint, so a client never keeps a tile of older data.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import geojsonvt from 'geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { KaravanError } from '../core/issues.ts';
import { dataVersion, PROJECT_ROOT } from '../app/open.ts';
import { countLayer, loadRecords, type Db } from '../store/index.ts';
import { readBasemap } from './basemap.ts';
import { MAP_LAYERS, mapCollections, placeEntries, type MapCollection, type PlaceEntry } from './map-data.ts';
import { acceptsGzip, baseUrl, MIN_GZIP_BYTES } from './http.ts';

export const TILE_MAX_ZOOM = 14;
const EXTENT = 4096;

type Index = InstanceType<typeof geojsonvt>;

/**
 * Generalisation by selection: below these zooms a feature is left out of the tiles, because the
 * web style draws it only from there (src/web/map-style.ts: `nodes-stations` minzoom 4.5, the
 * `places` rank step). At z3 the nodes layer alone was 1,266 of the network tiles' features (and
 * the places layer 1,502 of the basemap's) the first view parsed and then filtered away.
 */
const STATION_KINDS = new Set(['station', 'junction', 'border', 'city']);
const MIN_ZOOM: Record<string, (p: Record<string, unknown>) => number> = {
  nodes: (p) => (STATION_KINDS.has(String(p.kind)) ? 4 : 0),
  places: (p) => { const rank = Number(p.rank); return rank <= 2 ? 0 : rank <= 4 ? 4 : rank <= 6 ? 5 : 6; },
};

/**
 * Encoded answers (raw and gzipped) up to a byte budget, least recently used out first: tiles per
 * snapshot, so a warm tile is a map lookup, and OGC items pages per data version (features.ts).
 */
const TILE_CACHE_BYTES = 64 * 2 ** 20;
export interface CachedTile { raw: Buffer; gzip: Buffer | null }
export class TileCache {
  private readonly tiles = new Map<string, CachedTile>();
  private bytes = 0;
  constructor(private readonly maxBytes = TILE_CACHE_BYTES) {}
  get(key: string): CachedTile | undefined {
    const t = this.tiles.get(key);
    if (t) { this.tiles.delete(key); this.tiles.set(key, t); } // most recently used last
    return t;
  }
  set(key: string, t: CachedTile): void {
    this.tiles.set(key, t);
    this.bytes += t.raw.length + (t.gzip?.length ?? 0);
    for (const [k, old] of this.tiles) {
      if (this.bytes <= this.maxBytes) break;
      this.tiles.delete(k);
      this.bytes -= old.raw.length + (old.gzip?.length ?? 0);
    }
  }
}

export interface TileSet {
  name: string;
  layers: readonly string[];
  indexes: Map<string, Index>;
  /** Highest zoom with data worth a request (the client overzooms past it). */
  maxzoom: number;
  etag: string;
  description: string;
  cache: TileCache;
}

export interface MapSnapshot {
  sets: Map<string, TileSet>;
  places: PlaceEntry[];
  fingerprint: string;
}

/**
 * geojson-vt's `tolerance` is in tile units (4096 to a tile the map draws 512 px wide): the
 * network keeps 3 (its default, ≈0.4 px), the basemap's Natural Earth outlines 8 (1 px), which
 * at the first view's z3 halves the vertices of borders, lakes and land the worker tessellates and
 * SwiftShader fills, and drops rings smaller than a pixel (docs/benchmarks.md, Web and HTTP).
 */
const TOLERANCE = { network: 3, basemap: 8 } as const;

function makeSet(name: string, cols: Record<string, MapCollection>, maxzoom: number, description: string, tolerance: number = TOLERANCE.network): TileSet {
  const indexes = new Map<string, Index>();
  const h = createHash('sha256');
  for (const [layer, fc] of Object.entries(cols)) {
    indexes.set(layer, new geojsonvt(fc as never, { maxZoom: maxzoom, indexMaxZoom: 5, tolerance, extent: EXTENT, buffer: 64 }));
    h.update(layer).update(JSON.stringify(fc));
  }
  return { name, layers: Object.keys(cols), indexes, maxzoom, etag: h.digest('hex').slice(0, 20), description, cache: new TileCache() };
}

/** How often a tile request may ask the store whether its data changed (four cheap queries). */
const DATA_CHECK_MS = 5000;

/**
 * Builds the tile sets, `network` (every map layer), each layer alone, `basemap`, and `map` (the
 * basemap and the network together, which the web app uses), and rebuilds
 * them when the store's data version or layer counts change (the same key the router uses), checked
 * at most every DATA_CHECK_MS. An edit that changes neither is seen after a restart.
 */
export function snapshotLoader(db: Db): () => Promise<MapSnapshot> {
  let pending: Promise<MapSnapshot> | null = null;
  let key = '';
  let checkedAt = 0;
  const dataKey = async () => `${(await dataVersion(db)) ?? 'store'}:${await countLayer(db, 'nodes')}:${await countLayer(db, 'links')}:${await countLayer(db, 'crossings')}:${await countLayer(db, 'projects')}`;
  const build = async (): Promise<MapSnapshot> => {
    const records = await loadRecords(db);
    const cols = mapCollections(records);
    const sets = new Map<string, TileSet>();
    const network = makeSet('network', cols, TILE_MAX_ZOOM, 'Karavan network: rail, road, ferry, nodes, ports, crossings, corridors, projects');
    sets.set('network', network);
    for (const l of MAP_LAYERS) {
      sets.set(l, { ...network, name: l, layers: [l], indexes: new Map([[l, network.indexes.get(l)!]]), description: `Karavan network layer ${l}`, cache: new TileCache() });
    }
    // the basemap is cut as deep as the network so that `map` can carry both; `basemap` alone stops at z10
    const basemap = makeSet('basemap', readBasemap(PROJECT_ROOT), TILE_MAX_ZOOM, 'Natural Earth basemap: land, lakes, borders, country and city labels', TOLERANCE.basemap);
    sets.set('basemap', { ...basemap, maxzoom: 10 });
    // what the web app draws, in one tile per address: half the requests, worker parses and repaints
    // of two sources before the first `idle` (docs/benchmarks.md, Web and HTTP)
    sets.set('map', { name: 'map', layers: [...basemap.layers, ...network.layers], indexes: new Map([...basemap.indexes, ...network.indexes]),
      maxzoom: TILE_MAX_ZOOM, etag: `${basemap.etag.slice(0, 10)}${network.etag.slice(0, 10)}`, description: 'The web map: the basemap and the network in one tile', cache: new TileCache() });
    return { sets, places: placeEntries(records, cols), fingerprint: network.etag };
  };
  return async () => {
    if (pending && Date.now() - checkedAt < DATA_CHECK_MS) return pending;
    checkedAt = Date.now();
    const k = await dataKey();
    if (!pending || k !== key) {
      key = k;
      const p = build();
      pending = p;
      p.catch(() => { if (pending === p) pending = null; });
    }
    return pending;
  };
}

function encodeTile(set: TileSet, z: number, x: number, y: number): Buffer {
  const layers: Record<string, unknown> = {};
  for (const [name, index] of set.indexes) {
    const tile = z <= set.maxzoom ? index.getTile(z, x, y) : null;
    if (!tile || !tile.features.length) continue;
    const rule = MIN_ZOOM[name];
    // geojson-vt caches its tiles: filter a copy, never the cached feature list
    const features = rule ? tile.features.filter((f) => rule(f.tags ?? {}) <= z) : tile.features;
    if (features.length) layers[name] = features === tile.features ? tile : { ...tile, features };
  }
  return Buffer.from(fromGeojsonVt(layers as never, { version: 2, extent: EXTENT }));
}

function tileSetOf(snap: MapSnapshot, name: string): TileSet {
  const set = snap.sets.get(name);
  if (!set) throw new KaravanError('NOT_FOUND', { what: 'tile set', what_ru: 'набор тайлов', field: 'layer', value: name, allowed: [...snap.sets.keys()].join(', ') }, 404);
  return set;
}

function tileJson(set: TileSet, base: string) {
  return {
    tilejson: '3.0.0',
    name: `karavan-${set.name}`,
    description: set.description,
    version: set.etag,
    attribution: set.name === 'basemap' ? 'Natural Earth' : set.name === 'map' ? 'Natural Earth; Karavan contributors, sources per feature (sourceId)' : 'Karavan contributors; sources per feature (sourceId)',
    scheme: 'xyz',
    tiles: [`${base}/tiles/${set.name}/{z}/{x}/{y}.pbf`],
    minzoom: 0,
    maxzoom: set.maxzoom,
    bounds: [20, 25, 180, 75],
    center: [65, 47, 3],
    vector_layers: set.layers.map((id) => ({ id, fields: {} as Record<string, string> })),
  };
}

/** Cheap revalidation: a tile's bytes depend only on the snapshot and its address. */
function notModified(req: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag);
  reply.header('cache-control', 'public, max-age=300');
  if (req.headers['if-none-match'] === etag) {
    reply.code(304).send();
    return true;
  }
  return false;
}

export function registerTileRoutes(app: FastifyInstance, snapshot: () => Promise<MapSnapshot>): void {
  app.get('/tiles.json', async (req) => tileJson(tileSetOf(await snapshot(), 'network'), baseUrl(req)));
  app.get<{ Params: { layer: string } }>('/tiles/:layer.json', async (req) => tileJson(tileSetOf(await snapshot(), req.params.layer), baseUrl(req)));

  // compressed here, once per cached tile, not by the onSend hook (see http.ts) on every request
  app.get<{ Params: { layer: string; z: string; x: string; y: string } }>('/tiles/:layer/:z/:x/:y.pbf', async (req, reply) => {
    const set = tileSetOf(await snapshot(), req.params.layer);
    const [z, x, y] = [req.params.z, req.params.x, req.params.y].map(Number);
    const n = 2 ** z;
    if (![z, x, y].every(Number.isInteger) || z < 0 || z > 24 || x < 0 || y < 0 || x >= n || y >= n) {
      throw new KaravanError('OPTION_INVALID', { option: 'z/x/y', field: 'z/x/y', value: `${req.params.z}/${req.params.x}/${req.params.y}`, allowed: 'integers with 0 ≤ z ≤ 24 and 0 ≤ x, y < 2^z' });
    }
    if (notModified(req, reply, `"${set.etag}-${z}-${x}-${y}"`)) return reply;
    const key = `${z}/${x}/${y}`;
    let tile = set.cache.get(key);
    if (!tile) {
      const raw = encodeTile(set, z, x, y);
      tile = { raw, gzip: raw.length >= MIN_GZIP_BYTES ? gzipSync(raw, { level: 6 }) : null };
      set.cache.set(key, tile);
    }
    reply.type('application/vnd.mapbox-vector-tile');
    if (tile.gzip && acceptsGzip(req)) {
      reply.header('content-encoding', 'gzip');
      reply.header('vary', 'accept-encoding');
      return tile.gzip;
    }
    return tile.raw;
  });

  // The fuzzy search's index (the browser runs minisearch over it): names in every language.
  app.get('/places.json', { config: { compress: true } }, async (req, reply) => {
    const snap = await snapshot();
    if (notModified(req, reply, `"${snap.fingerprint}-places"`)) return reply;
    return { places: snap.places };
  });
}
