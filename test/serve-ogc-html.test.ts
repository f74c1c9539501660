// The OGC API's HTML views (collections, a collection, a page of items, one feature) by content
// negotiation, the citations behind a sourceId (GET /sources/{id}), and the items-page cache: it
// answers concurrent requests with the same bytes and follows an import made while serving.
// Expected values come from the JSON answers and data/curated, never from counts written here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDataset } from '../src/app/import-dataset.ts';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { featureCollectionText } from '../src/core/features.ts';
import { startTestServer, type TestServer } from './helpers/browser.ts';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
async function get(path: string, accept = 'application/json') {
  const res = await fetch(s.url + path, { headers: { accept } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', etag: res.headers.get('etag'), text: await res.text() };
}
const json = async <T>(path: string) => JSON.parse((await get(path)).text) as T;
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

interface Feature { id: string; properties: Record<string, unknown> }
interface Page { features: Feature[]; numberMatched?: number; numberReturned: number; links: { rel: string; href: string; type?: string }[] }

test('a browser gets the collection list as HTML, a client JSON; each links to the other', async () => {
  const html = await get('/collections', BROWSER_ACCEPT);
  assert.equal(html.status, 200);
  assert.match(html.type, /^text\/html/);
  const list = await json<{ collections: { id: string; title: string }[]; links: { rel: string; type: string; href: string }[] }>('/collections');
  for (const c of list.collections) {
    assert.ok(html.text.includes(c.title), `collection ${c.id} is not listed`);
    assert.ok(hrefs(html.text).some((h) => h.endsWith(`/collections/${c.id}/items?f=html`)), `no items link for ${c.id}`);
  }
  assert.ok(hrefs(html.text).some((h) => h.endsWith('/collections?f=json')), 'the HTML page does not link its JSON');
  assert.ok(list.links.some((l) => l.rel === 'alternate' && l.type === 'text/html'), 'the JSON does not link its HTML');
  // ?f= overrides the Accept header both ways
  assert.match((await get('/collections?f=json', BROWSER_ACCEPT)).type, /json/);
  assert.match((await get('/collections?f=html')).type, /^text\/html/);
  const one = await get(`/collections/${list.collections[0].id}?f=html`);
  assert.match(one.type, /^text\/html/);
  assert.ok(one.text.includes(list.collections[0].title));
});

test('the items page as HTML lists the same features as the JSON page, with working paging links', async () => {
  const page = await json<Page>('/collections/rail/items?limit=5');
  const html = await get('/collections/rail/items?limit=5', BROWSER_ACCEPT);
  assert.match(html.type, /^text\/html/);
  for (const f of page.features) assert.ok(html.text.includes(`/collections/rail/items/${encodeURIComponent(f.id)}?f=html`), `feature ${f.id} missing`);
  const rows = html.text.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)!.length;
  assert.equal(rows, page.features.length);
  const next = hrefs(html.text).find((h) => /offset=5/.test(h) && /f=html/.test(h));
  assert.ok(next, 'no next link to the HTML page after this one');
  const second = await get(new URL(next).pathname + new URL(next).search);
  const secondJson = await json<Page>('/collections/rail/items?limit=5&offset=5');
  for (const f of secondJson.features) assert.ok(second.text.includes(encodeURIComponent(f.id)), `page 2 lacks ${f.id}`);
  // the JSON page's links never carry f=html into the GeoJSON next/prev links
  const jsonLinks = (await json<Page>('/collections/rail/items?limit=5&f=json')).links;
  assert.ok(jsonLinks.filter((l) => l.rel === 'next' || l.rel === 'prev').every((l) => !/f=html/.test(l.href)));
  assert.ok(jsonLinks.some((l) => l.rel === 'alternate' && l.type === 'text/html'));
});

test('one feature as HTML shows its fields and the publications its source row cites', async () => {
  const f = (await json<Page>('/collections/crossings/items?limit=1')).features[0];
  assert.ok(f, 'no crossing');
  const html = await get(`/collections/crossings/items/${encodeURIComponent(f.id)}`, BROWSER_ACCEPT);
  assert.match(html.type, /^text\/html/);
  assert.ok(html.text.includes(String(f.properties.name_en).replace(/&/g, '&amp;')), 'the name is not shown');
  const src = await json<{ citations: { publisher: string }[] }>(`/sources/${encodeURIComponent(String(f.properties.sourceId))}`);
  for (const c of src.citations) assert.ok(html.text.includes(c.publisher.replace(/&/g, '&amp;')), `citation ${c.publisher} missing`);
  const single = await json<{ links: { rel: string; href: string }[] }>(`/collections/crossings/items/${encodeURIComponent(f.id)}`);
  const described = single.links.find((l) => l.rel === 'describedby');
  assert.ok(described && new URL(described.href).pathname === `/sources/${encodeURIComponent(String(f.properties.sourceId))}`);
});

test('GET /sources/{id} resolves a bundled feature to its curated row and the sources.csv entries it cites', async () => {
  const f = (await json<Page>('/collections/rail/items?limit=200')).features.find((x) => String(x.properties.sourceId).startsWith('karavan-curated@'));
  assert.ok(f, 'no bundled rail link (KARAVAN_TEST_FIXTURES_ONLY?)');
  const src = await json<{ file: string; line: number; citations: { field: string; key: string; publisher: string; title: string }[] }>(`/sources/${encodeURIComponent(String(f.properties.sourceId))}`);
  assert.ok(src.citations.length > 0, `no citation for ${f.properties.sourceId}`);
  // the row named by file:line cites every key returned, and each key's publisher is the one in a sources.csv
  const lines = readFileSync(join(PROJECT_ROOT, src.file), 'utf8').split('\n');
  const row = lines[src.line - 1];
  const allSources = ['data/curated/sources.csv', `data/curated/${src.file.split('/')[2]}/sources.csv`]
    .map((p) => { try { return readFileSync(join(PROJECT_ROOT, p), 'utf8'); } catch { return ''; } }).join('\n');
  for (const c of src.citations) {
    assert.ok(row.includes(c.key), `row ${src.file}:${src.line} does not cite ${c.key}: ${row}`);
    assert.ok(allSources.split('\n').some((l) => l.startsWith(`${c.key},`) && l.includes(c.publisher.split(' ')[0])), `${c.key} is not ${c.publisher} in sources.csv`);
  }
  // an id of another source has nothing to resolve; a curated id naming no row is a 404
  const other = await json<{ citations: unknown[]; source: string }>(`/sources/${encodeURIComponent('test@1#corridor')}`);
  assert.deepEqual([other.source, other.citations], ['test', []]);
  const missing = await get(`/sources/${encodeURIComponent('karavan-curated@0.1.0#KZ/rail.csv:rail:NOPE:NOPE')}`);
  assert.equal(missing.status, 404);
  assert.equal(JSON.parse(missing.text).code, 'NOT_FOUND');
});

test('the items page cache: concurrent requests get the same bytes, and an import is seen at once', async () => {
  const url = '/collections/nodes/items?limit=1000';
  const answers = await Promise.all(Array.from({ length: 8 }, () => get(url)));
  assert.ok(answers.every((a) => a.status === 200 && a.text === answers[0].text && a.etag === answers[0].etag), 'concurrent answers differ');
  const before = JSON.parse(answers[0].text) as Page;
  const file = join(mkdtempSync(join(tmpdir(), 'karavan-page-cache-')), 'nodes.geojson');
  writeFileSync(file, featureCollectionText('nodes', [{ id: 'T-CACHE-NODE', kind: 'station', name_en: 'Cache Node', name_ru: 'Узел кэша', name_local: null,
    country: 'KZ', lon: 71, lat: 44, unlocode: null, sourceId: 'test@1#cache', confidence: 'estimated' }]));
  const r = await importDataset(s.db, [file], { note: 'test: import while serving' });
  assert.ok(r.ok);
  const after = await json<Page>(url);
  assert.equal(after.numberMatched, (before.numberMatched ?? 0) + 1, 'the cached page outlived the import');
  const single = await json<Page>(`/collections/nodes/items?limit=1000&bbox=70.9,43.9,71.1,44.1`);
  assert.ok(single.features.some((x) => x.id === 'T-CACHE-NODE'));
});

test('negotiated answers say Vary: Accept and Accept-Encoding, gzipped or not', async () => {
  for (const encoding of ['gzip', 'identity']) {
    const res = await fetch(`${s.url}/collections`, { headers: { accept: BROWSER_ACCEPT, 'accept-encoding': encoding } });
    await res.arrayBuffer();
    const vary = (res.headers.get('vary') ?? '').toLowerCase().split(',').map((v) => v.trim());
    assert.ok(vary.includes('accept'), `${encoding}: vary is "${res.headers.get('vary')}"`);
    assert.ok(vary.includes('accept-encoding'), `${encoding}: vary is "${res.headers.get('vary')}"`);
  }
});
