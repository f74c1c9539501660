// The HTTP API against a real server and store: OGC API – Features Part 1 (landing page by content
// negotiation, conformance, collections, items with bbox and paging, single features, JSON
// errors), the request sequence QGIS makes, and vector tiles. Properties of whatever network is
// loaded are checked, never its counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/browser.ts';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

interface Link { href: string; rel: string; type?: string }
interface Feature { type: string; id: string; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }
interface Page { type: string; features: Feature[]; numberMatched?: number; numberReturned: number; links: Link[] }

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(path.startsWith('http') ? path : s.url + path, { headers: { accept: 'application/json', ...headers } });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString(); // fetch has already undone any content-encoding
  let json: unknown = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, text, json: json as never, buf };
}

const coordsOf = (g: Feature['geometry']): number[][] =>
  !g ? [] : g.type === 'Point' ? [g.coordinates as number[]] : g.type === 'LineString' ? (g.coordinates as number[][]) : (g.coordinates as number[][][]).flat();

test('landing page: the web app for a browser, JSON with service-desc for clients', async () => {
  const html = await get('/', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
  assert.equal(html.status, 200);
  assert.match(html.type, /text\/html/);
  for (const accept of ['application/json', '*/*']) {
    const r = await get('/', { accept });
    assert.equal(r.status, 200);
    const rels = (r.json as { links: Link[] }).links.map((l) => l.rel);
    for (const rel of ['self', 'service-desc', 'service-doc', 'conformance', 'data']) assert.ok(rels.includes(rel), `landing page (Accept ${accept}) lacks rel=${rel}`);
  }
  const forced = await get('/?f=json', { accept: 'text/html' });
  assert.match(forced.type, /json/);
  const desc = (forced.json as { links: Link[] }).links.find((l) => l.rel === 'service-desc')!;
  const doc = await get(desc.href);
  assert.equal(doc.status, 200);
  assert.equal((doc.json as { openapi: string }).openapi, '3.1.0');
  const docs = await get((forced.json as { links: Link[] }).links.find((l) => l.rel === 'service-doc')!.href, { accept: 'text/html' });
  assert.match(docs.text, /\/collections\/\{collectionId\}\/items/);
});

test('conformance declares Core and GeoJSON', async () => {
  const r = await get('/conformance');
  const c = (r.json as { conformsTo: string[] }).conformsTo;
  assert.ok(c.includes('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core'));
  assert.ok(c.includes('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson'));
});

test('every collection is described, and its items link leads to GeoJSON features', async () => {
  const r = await get('/collections');
  const cols = (r.json as { collections: { id: string; links: Link[]; extent: unknown }[] }).collections;
  assert.ok(cols.length >= 6);
  for (const c of cols) {
    const one = await get(`/collections/${c.id}`);
    assert.equal(one.status, 200, c.id);
    assert.equal((one.json as { id: string }).id, c.id);
    const items = c.links.find((l) => l.rel === 'items');
    assert.ok(items, `${c.id}: no items link`);
    const page = await get(items.href);
    assert.equal(page.status, 200);
    assert.match(page.type, /application\/geo\+json/);
    assert.equal((page.json as Page).type, 'FeatureCollection');
  }
});

test('paging through next links returns every feature exactly once, numberMatched agrees', async () => {
  for (const id of ['rail', 'nodes', 'crossings']) {
    const seen = new Set<string>();
    let url: string | undefined = `/collections/${id}/items?limit=7`;
    let matched: number | undefined;
    let pages = 0;
    while (url) {
      const p = (await get(url)).json as Page;
      matched ??= p.numberMatched;
      assert.ok(p.numberReturned <= 7 && p.numberReturned === p.features.length);
      for (const f of p.features) { assert.ok(!seen.has(f.id), `${id}: ${f.id} on two pages`); seen.add(f.id); }
      url = p.links.find((l) => l.rel === 'next')?.href;
      assert.ok(++pages < 10000);
    }
    assert.equal(seen.size, matched, `${id}: numberMatched ${matched}, paged ${seen.size}`);
    assert.ok(seen.size > 0, `${id} is empty`);
  }
});

test('bbox keeps only features that touch it', async () => {
  const all = ((await get('/collections/nodes/items?limit=10000')).json as Page).features;
  const [lon, lat] = all[0].geometry!.coordinates as number[];
  const bbox = [lon - 2, lat - 2, lon + 2, lat + 2];
  const r = (await get(`/collections/nodes/items?bbox=${bbox.join(',')}&limit=10000`)).json as Page;
  const inside = (c: number[]) => c[0] >= bbox[0] && c[0] <= bbox[2] && c[1] >= bbox[1] && c[1] <= bbox[3];
  assert.ok(r.features.some((f) => f.id === all[0].id));
  for (const f of r.features) assert.ok(coordsOf(f.geometry).every(inside), `${f.id} outside ${bbox}`);
  assert.equal(r.features.length, all.filter((f) => coordsOf(f.geometry).every(inside)).length);
  const lines = (await get(`/collections/rail/items?bbox=${bbox.join(',')}&limit=10000`)).json as Page;
  for (const f of lines.features) {
    const cs = coordsOf(f.geometry);
    const [x0, y0, x1, y1] = [Math.min(...cs.map((c) => c[0])), Math.min(...cs.map((c) => c[1])), Math.max(...cs.map((c) => c[0])), Math.max(...cs.map((c) => c[1]))];
    assert.ok(x0 <= bbox[2] && x1 >= bbox[0] && y0 <= bbox[3] && y1 >= bbox[1], `${f.id}'s extent misses the bbox`);
  }
});

test('feature pages carry an ETag and answer If-None-Match with 304', async () => {
  const first = await fetch(`${s.url}/collections/rail/items?limit=50`);
  const etag = first.headers.get('etag');
  assert.ok(etag, 'no ETag');
  await first.arrayBuffer();
  const again = await fetch(`${s.url}/collections/rail/items?limit=50`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const other = await fetch(`${s.url}/collections/rail/items?limit=51`, { headers: { 'if-none-match': etag } });
  assert.equal(other.status, 200);
});

test('a single feature is the same record the list returns, with links', async () => {
  const first = ((await get('/collections/crossings/items?limit=1')).json as Page).features[0];
  const one = await get(`/collections/crossings/items/${encodeURIComponent(first.id)}`);
  assert.equal(one.status, 200);
  const f = one.json as Feature & { links: Link[] };
  assert.deepEqual({ id: f.id, properties: f.properties, geometry: f.geometry }, { id: first.id, properties: first.properties, geometry: first.geometry });
  assert.ok(f.links.some((l) => l.rel === 'collection'));
  assert.ok(typeof f.properties.sourceId === 'string' && typeof f.properties.confidence === 'string');
});

test('errors are JSON with a code, in the Accept-Language language', async () => {
  const cases: [string, number, string, string | null][] = [
    ['/collections/no-such-thing', 404, 'NOT_FOUND', 'collectionId'],
    ['/collections/no-such-thing/items', 404, 'NOT_FOUND', 'collectionId'],
    ['/collections/rail/items/no-such-feature', 404, 'NOT_FOUND', 'featureId'],
    ['/collections/rail/items?bbox=10,20,30', 400, 'BBOX_INVALID', 'bbox'],
    ['/collections/rail/items?bbox=50,20,10,30', 400, 'BBOX_INVALID', 'bbox'],
    ['/collections/rail/items?bbox=a,b,c,d', 400, 'BBOX_INVALID', 'bbox'],
    ['/collections/rail/items?limit=0', 400, 'OPTION_INVALID', 'limit'],
    ['/collections/rail/items?limit=ten', 400, 'OPTION_INVALID', 'limit'],
    ['/collections/rail/items?offset=-1', 400, 'OPTION_INVALID', 'offset'],
    ['/tiles/network/3/99/1.pbf', 400, 'OPTION_INVALID', 'z/x/y'],
    ['/tiles/nope/1/0/0.pbf', 404, 'NOT_FOUND', 'layer'],
    ['/no/such/path', 404, 'NOT_FOUND', null],
  ];
  for (const [path, status, code, field] of cases) {
    const en = await get(path);
    assert.equal(en.status, status, path);
    assert.match(en.type, /json/, path);
    const b = en.json as { code: string; message: string; field: string | null };
    assert.equal(b.code, code, path);
    assert.equal(b.field, field, path);
    assert.ok(b.message.length > 10, path);
    const ru = (await get(path, { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' })).json as { message: string };
    assert.match(ru.message, /[А-Яа-я]/, `${path}: not Russian: ${ru.message}`);
  }
});

test('replays the requests QGIS 3.22 makes to add an OAPIF layer', async () => {
  // QGIS: landing page → service-desc (the layer is invalid without it) → conformance →
  // collection → a first small page → bbox pages following `next` until the end
  const land = (await get('/')).json as { links: Link[] };
  const api = await get(land.links.find((l) => l.rel === 'service-desc')!.href, { accept: 'application/vnd.oai.openapi+json;version=3.0, application/openapi+json;version=3.0, application/json' });
  assert.equal(api.status, 200);
  assert.ok((api.json as { paths: Record<string, unknown> }).paths['/collections/{collectionId}/items']);
  const conf = (await get(land.links.find((l) => l.rel === 'conformance')!.href)).json as { conformsTo: string[] };
  assert.ok(conf.conformsTo.some((c) => c.endsWith('/conf/core')));
  const cols = (await get(land.links.find((l) => l.rel === 'data')!.href)).json as { collections: { id: string }[] };
  for (const { id } of cols.collections.filter((c) => ['rail', 'crossings'].includes(c.id))) {
    const col = (await get(`/collections/${id}`)).json as { extent: { spatial: { bbox: number[][] } }; links: Link[] };
    assert.equal(col.extent.spatial.bbox[0].length, 4);
    const sample = await get(`/collections/${id}/items?limit=10`, { accept: 'application/geo+json, application/json' });
    assert.equal(sample.status, 200);
    let url: string | undefined = `${s.url}/collections/${id}/items?limit=1000&bbox=${col.extent.spatial.bbox[0].join(',')}`;
    let n = 0;
    while (url) {
      const p = (await get(url, { accept: 'application/geo+json, application/json' })).json as Page;
      n += p.features.length;
      for (const f of p.features) assert.ok(f.geometry && f.id, `${id}: a feature without id or geometry`);
      url = p.links.find((l) => l.rel === 'next')?.href;
    }
    assert.ok(n > 0, `${id}: nothing inside its own extent`);
  }
});

/** Layer names and feature counts of an MVT, read straight from the protobuf (fields per the MVT 2.1 spec). */
function mvtLayers(buf: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const varint = () => { let v = 0, shift = 0, b; do { b = buf[i++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80); return v; };
  while (i < buf.length) {
    const key = varint();
    assert.equal(key & 7, 2, 'tile fields are length-delimited layers');
    const len = varint(), end = i + len;
    let name = '', features = 0;
    while (i < end) {
      const k = varint(), wire = k & 7, field = k >> 3;
      if (wire === 2) { const l = varint(); if (field === 1) name = Buffer.from(buf.subarray(i, i + l)).toString(); if (field === 2) features++; i += l; }
      else if (wire === 0) varint();
      else throw new Error(`unexpected wire type ${wire}`);
    }
    out.set(name, features);
  }
  return out;
}

test('vector tiles: TileJSON, named layers, generalised low zooms, ETag and gzip', async () => {
  const tj = (await get('/tiles.json')).json as { tiles: string[]; vector_layers: { id: string }[]; maxzoom: number };
  assert.match(tj.tiles[0], /\{z\}\/\{x\}\/\{y\}\.pbf$/);
  const url = (z: number, x: number, y: number) => tj.tiles[0].replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
  // z2 tile (2,1) covers lon 0..90, lat 0..66.5: the heart of the network
  const t2 = await get(url(2, 2, 1));
  assert.equal(t2.status, 200);
  assert.equal(t2.type, 'application/vnd.mapbox-vector-tile');
  const layers = mvtLayers(t2.buf);
  for (const l of ['rail', 'nodes', 'crossings']) assert.ok((layers.get(l) ?? 0) > 0, `z2 tile has no ${l}: ${[...layers.keys()]}`);
  for (const l of layers.keys()) assert.ok(tj.vector_layers.some((v) => v.id === l), `layer ${l} not in TileJSON`);
  const etag = t2.headers.get('etag')!;
  assert.ok(etag);
  assert.equal((await fetch(url(2, 2, 1), { headers: { 'if-none-match': etag } })).status, 304);
  const gz = await fetch(url(2, 2, 1), { headers: { 'accept-encoding': 'gzip' } });
  if (t2.buf.length >= 1024) assert.equal(gz.headers.get('content-encoding'), 'gzip');
  const basemap = mvtLayers((await get('/tiles/basemap/2/2/1.pbf')).buf);
  for (const l of ['land', 'borders', 'countries']) assert.ok((basemap.get(l) ?? 0) > 0, `basemap z2 tile lacks ${l}`);
  const empty = await get('/tiles/network/14/0/0.pbf');
  assert.equal(empty.status, 200);
  assert.equal(empty.buf.length, 0);
});

test('tiles: stations left out below z4 (the style draws them from z4.5), cached tiles byte-identical', async () => {
  // z0 covers the world (no tile-edge buffer question): its nodes are exactly the non-station kinds
  const nodes = (await get('/collections/nodes/items?limit=10000')).json as Page;
  const stationKinds = new Set(['station', 'junction', 'border', 'city']);
  const isStation = (f: Feature) => stationKinds.has(String(f.properties.kind));
  const kept = nodes.features.filter((f) => !isStation(f)).length;
  assert.ok(nodes.features.length > kept, 'the network has stations to leave out');
  assert.equal(mvtLayers((await get('/tiles/nodes/0/0/0.pbf')).buf).get('nodes') ?? 0, kept);
  // from z4 stations are in: the z6 tile of a station holds more nodes than every non-station node
  // near that tile (its bbox grown by a tenth, more than the tile buffer) could account for
  const station = nodes.features.find(isStation)!;
  const [lon, lat] = station.geometry!.coordinates as number[];
  const z = 6, n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const lonOf = (tx: number) => (tx / n) * 360 - 180;
  const latOf = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  const pad = 0.1 * (360 / n);
  const near = nodes.features.filter((f) => {
    const [fx, fy] = f.geometry!.coordinates as number[];
    return !isStation(f) && fx >= lonOf(x) - pad && fx <= lonOf(x + 1) + pad && fy >= latOf(y + 1) - pad && fy <= latOf(y) + pad;
  }).length;
  assert.ok((mvtLayers((await get(`/tiles/nodes/${z}/${x}/${y}.pbf`)).buf).get('nodes') ?? 0) > near, `station ${station.id} missing from its z6 tile`);
  // the cache keeps raw and gzipped bytes of one encoding: both decode to the same tile
  const gz = await fetch(`${s.url}/tiles/network/3/5/2.pbf`, { headers: { 'accept-encoding': 'gzip' } });
  const raw = await fetch(`${s.url}/tiles/network/3/5/2.pbf`, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(raw.headers.get('content-encoding'), null, 'gzip sent to a client that does not accept it');
  assert.deepEqual(Buffer.from(await gz.arrayBuffer()), Buffer.from(await raw.arrayBuffer()), 'gzip and identity answers differ');
});

test('tiles and the search index follow an import made while the server runs', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { featureCollectionText } = await import('../src/core/features.ts');
  const { importDataset } = await import('../src/app/import-dataset.ts');
  const before = (await get('/places.json')).json as { places: { id: string }[] };
  assert.ok(!before.places.some((p) => p.id === 'T-LATE-NODE'));
  const file = join(mkdtempSync(join(tmpdir(), 'karavan-late-')), 'nodes.geojson');
  writeFileSync(file, featureCollectionText('nodes', [{ id: 'T-LATE-NODE', kind: 'station', name_en: 'Late Node', name_ru: 'Поздний узел', name_local: null,
    country: 'KZ', lon: 70, lat: 45, unlocode: null, sourceId: 'test@1#late', confidence: 'estimated' }]));
  const r = await importDataset(s.db, [file], { note: 'test: import while serving' });
  assert.ok(r.ok);
  await new Promise((res) => setTimeout(res, 5200)); // DATA_CHECK_MS in src/serve/tiles.ts
  const after = (await get('/places.json')).json as { places: { id: string }[] };
  assert.ok(after.places.some((p) => p.id === 'T-LATE-NODE'), 'the new node is not in the search index');
});
