// The web map in real Chromium against a real server and store: it renders, layers toggle, a
// crossing click opens its panel with the source, the language switch turns labels and UI Russian
// and persists, search finds a place, the timeline changes the filters. Screenshots go to
// test-artifacts/. Assertions use properties of whatever network is loaded, never its counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../src/serve/web-build.ts';
import { needOrSkip } from './helpers/skip.ts';
import { ARTIFACTS, chromiumAvailable, launchChromium, openMapPage, startTestServer, type TestServer } from './helpers/browser.ts';

let server: TestServer | null = null;
let browser: Browser | null = null;
let page: Page;
let idleMs = 0;

interface Feat { id: string; geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }

before(async () => {
  if (!chromiumAvailable()) return;
  await ensureWebBuilt();
  server = await startTestServer();
  browser = await launchChromium();
  ({ page, idleMs } = await openMapPage(browser, server.url));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const idle = () => page.evaluate(() => new Promise<void>((res) => {
  const m = (window as never as { karavan: { map: { loaded(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void } } }).karavan.map;
  m.once('idle', () => res());
  m.triggerRepaint();
}));
const rendered = (layers: string[]) => page.evaluate((ls) => {
  const m = (window as never as { karavan: { map: { queryRenderedFeatures(o: unknown): unknown[]; getLayer(id: string): unknown } } }).karavan.map;
  return m.queryRenderedFeatures({ layers: ls.filter((l) => m.getLayer(l)) }).length;
}, layers);
const api = async <T>(path: string): Promise<T> => (await (await fetch(server!.url + path, { headers: { accept: 'application/json' } })).json()) as T;

test('the map renders the basemap and the network layers', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  t.diagnostic(`navigation → idle: ${idleMs} ms`);
  // count distinct colours in the WebGL canvas, read in the same task as a render
  const colours = await page.evaluate(() => new Promise<number>((res) => {
    const m = (window as never as { karavan: { map: { once(e: string, f: () => void): void; getCanvas(): HTMLCanvasElement; triggerRepaint(): void } } }).karavan.map;
    m.once('render', () => {
      const c = document.createElement('canvas');
      c.width = 256; c.height = 160;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(m.getCanvas(), 0, 0, 256, 160);
      const d = ctx.getImageData(0, 0, 256, 160).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      res(seen.size);
    });
    m.triggerRepaint();
  }));
  assert.ok(colours > 20, `the canvas has only ${colours} colours: blank map?`);
  for (const layer of ['land', 'lakes', 'countries']) assert.ok((await rendered([layer])) > 0, `basemap layer ${layer} draws nothing at the first view`);
  assert.ok((await rendered(['rail-open', 'rail-construction', 'rail-planned'])) > 0, 'no rail drawn at the first view');
  await page.screenshot({ path: join(ARTIFACTS, 'web-map-initial.png') });
});

test('unticking a layer in the legend hides its features', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  assert.ok((await rendered(['rail-open'])) > 0, 'rail is drawn before the toggle');
  await page.uncheck('input[data-group="rail"]');
  await idle();
  assert.equal(await rendered(['rail-open', 'rail-construction', 'rail-planned']), 0);
  assert.match(page.url(), /layers=[^&]*/);
  assert.doesNotMatch(new URL(page.url()).hash, /layers=[^&]*\brail\b/);
  await page.check('input[data-group="rail"]');
  await idle();
  assert.ok((await rendered(['rail-open'])) > 0, 'rail comes back');
});

test('clicking a border crossing opens its panel with source and confidence', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  const page1 = await api<{ features: Feat[] }>('/collections/crossings/items?limit=1');
  assert.ok(page1.features.length > 0, 'no crossing to click');
  const c = page1.features[0];
  await page.evaluate((ll) => (window as never as { karavan: { map: { jumpTo(o: unknown): void } } }).karavan.map.jumpTo({ center: ll, zoom: 8 }), c.geometry.coordinates);
  await idle();
  const px = await page.evaluate((ll) => (window as never as { karavan: { map: { project(l: unknown): { x: number; y: number } } } }).karavan.map.project(ll), c.geometry.coordinates);
  await page.mouse.click(px.x, px.y);
  await page.waitForSelector('#info:not([hidden]) .prov', { timeout: 10000 });
  assert.equal(await page.getAttribute('#info', 'data-id'), c.id);
  assert.equal((await page.textContent('#info .source-id'))?.trim(), String(c.properties.sourceId));
  assert.ok(((await page.textContent('#info .confidence')) ?? '').trim().length > 0);
  // the citation behind the sourceId, as GET /sources/{id} resolves it
  const src = await api<{ citations: { publisher: string; title: string }[] }>(`/sources/${encodeURIComponent(String(c.properties.sourceId))}`);
  await page.waitForSelector('#info .citation[data-loaded="true"]', { timeout: 10000 });
  const citation = (await page.textContent('#info .citation')) ?? '';
  if (src.citations.length > 0) {
    for (const x of src.citations) assert.ok(citation.includes(x.publisher) && citation.includes(x.title), `the panel does not cite ${x.publisher}, “${x.title}”: ${citation}`);
  } else assert.match(citation, /no publication cited/);
  assert.match(new URL(page.url()).hash, /sel=crossings/);
  await page.screenshot({ path: join(ARTIFACTS, 'web-map-crossing.png') });
});

test('search finds a place by a prefix and by a misspelling, and opens it', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  const { places } = await api<{ places: { id: string; layer: string; name_en: string }[] }>('/places.json');
  // a node whose first word is long and shared by few other names, so it must rank in the top ten
  const first = (p: { name_en: string }) => p.name_en.split(/[\s-]/)[0];
  const target = places.find((p) => p.layer === 'nodes' && /^[A-Za-z]{7,}$/.test(first(p)) &&
    places.filter((o) => o.name_en.toLowerCase().includes(first(p).slice(0, 4).toLowerCase())).length <= 3)!;
  assert.ok(target, 'no node with a name to search for');
  const word = target.name_en.split(/[\s-]/)[0];
  const results = async (q: string) => {
    await page.fill('#search', q);
    await page.waitForSelector('#search-results:not([hidden]) li');
    return page.$$eval('#search-results li[data-i]', (els) => els.map((e) => e.textContent ?? ''));
  };
  const typo = word.slice(0, 3) + (word[3] === 'x' ? 'q' : 'x') + word.slice(4);
  for (const q of [word.slice(0, -2), typo]) {
    const texts = await results(q);
    assert.ok(texts.some((x) => x.includes(target.name_en)), `"${q}" did not find ${target.name_en}: ${texts.join(' | ')}`);
  }
  const texts = await results(typo);
  const idx = texts.findIndex((x) => x.includes(target.name_en));
  for (let i = 0; i < idx; i++) await page.press('#search', 'ArrowDown');
  await page.press('#search', 'Enter');
  await page.waitForSelector('#info:not([hidden]) h2');
  assert.equal(await page.getAttribute('#info', 'data-id'), target.id);
});

test('the language switch turns the UI and map labels Russian, and persists', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  assert.match((await page.textContent('#tab-layers')) ?? '', /[А-Яа-я]/);
  assert.match((await page.textContent('#pane-layers')) ?? '', /колея|Колея|колее/);
  const field = await page.evaluate(() => JSON.stringify((window as never as { karavan: { map: { getLayoutProperty(l: string, p: string): unknown } } }).karavan.map.getLayoutProperty('places', 'text-field')));
  assert.match(field, /name_ru/);
  await page.evaluate(() => (window as never as { karavan: { map: { jumpTo(o: unknown): void } } }).karavan.map.jumpTo({ center: [60, 47], zoom: 4 }));
  await idle();
  await page.screenshot({ path: join(ARTIFACTS, 'web-map-ru.png') });
  // a fresh visit without the hash keeps Russian (localStorage)
  await page.goto(`${server!.url}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});

test('the timeline sets the year on the network filters and never shows more in an earlier year', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  await page.evaluate(() => (window as never as { karavan: { map: { jumpTo(o: unknown): void } } }).karavan.map.jumpTo({ center: [66, 46], zoom: 3.2 }));
  const setYear = async (y: number) => {
    await page.$eval('#year', (el, v) => { const i = el as HTMLInputElement; i.value = String(v); i.dispatchEvent(new Event('input')); }, y);
    await idle();
    return rendered(['rail-open', 'road-open', 'ferry']);
  };
  const late = await setYear(2045);
  const early = await setYear(2000);
  assert.ok(early <= late, `more links open in 2000 (${early}) than in 2045 (${late})`);
  const filter = await page.evaluate(() => JSON.stringify((window as never as { karavan: { map: { getFilter(l: string): unknown } } }).karavan.map.getFilter('rail-open')));
  assert.match(filter, /2000/);
  assert.match(new URL(page.url()).hash, /year=2000/);
  await setYear(new Date().getFullYear());
});

test('the projects panel lists every project, sorts by a column and downloads the same rows as CSV', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  const total = (await api<{ features: unknown[] }>('/collections/projects/items?limit=10000')).features.length;
  assert.ok(total > 0, 'no projects loaded');
  await page.click('#tab-projects');
  await page.waitForSelector('#projects-table tbody tr');
  assert.equal(await page.locator('#projects-table tbody tr').count(), total);
  await page.click('button[data-sort="name"]');
  await page.click('button[data-sort="name"]');
  const names = await page.$$eval('#projects-table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
  assert.deepEqual(names, [...names].sort((a, b) => b.localeCompare(a)), 'not sorted by name, descending');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#pf-csv')]);
  const csv = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split('\n');
  assert.match(lines[0], /^id,name_en,name_ru,countries/);
  assert.equal(lines.length - 1, total);
  await page.screenshot({ path: join(ARTIFACTS, 'web-map-projects.png') });
});

test('the route planner draws the alternatives, fills the comparison table, and shows the API’s error text', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  // the fixture network's two ends, which every test store holds
  const expected = await api<{ routes: unknown[] }>('/route?from=T-ALMATY&to=T-DOSTYK&alternatives=3');
  assert.ok(expected.routes.length > 0, 'the API finds no route between the fixture ends');
  await page.click('#tab-route');
  await page.fill('#route-from', 'T-ALMATY');
  await page.fill('#route-to', 'T-DOSTYK');
  await page.click('#route-form button[type="submit"]');
  await page.waitForSelector('#route-table tbody tr');
  assert.equal(await page.locator('#route-table tbody tr').count(), expected.routes.length);
  await page.waitForSelector('#route-chart svg');
  await idle();
  assert.ok((await rendered(['route-line'])) > 0, 'no route line drawn');
  assert.match(new URL(page.url()).hash, /from=T-ALMATY/);
  await page.screenshot({ path: join(ARTIFACTS, 'web-map-route.png') });

  const bad = await (await fetch(`${server!.url}/route?from=Nowhere-XYZ&to=T-DOSTYK`, { headers: { 'accept-language': 'en' } })).json() as { message: string };
  await page.fill('#route-from', 'Nowhere-XYZ');
  await page.click('#route-form button[type="submit"]');
  await page.waitForSelector('#route-result [role="alert"]');
  assert.ok(((await page.textContent('#route-result [role="alert"]')) ?? '').includes(bad.message), 'the API’s reason is not shown');
});

test('a corridor is highlighted on hover', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  await page.click('#tab-layers');
  if (await page.isVisible('#info')) await page.click('#info-close');
  const { places } = await api<{ places: { layer: string; lon: number; lat: number }[] }>('/places.json');
  const corridor = places.find((p) => p.layer === 'corridors');
  assert.ok(corridor, 'no corridor in the search index');
  await page.evaluate((ll) => (window as never as { karavan: { map: { jumpTo(o: unknown): void } } }).karavan.map.jumpTo({ center: ll, zoom: 5 }), [corridor.lon, corridor.lat]);
  await idle();
  // find a pixel over a corridor (and not under the sidebar)
  const hit = await page.evaluate(() => {
    const m = (window as never as { karavan: { map: { queryRenderedFeatures(p: [number, number], o: unknown): { id?: string | number }[] } } }).karavan.map;
    for (let y = 40; y < 720; y += 5) for (let x = 340; x < 1260; x += 5) {
      const f = m.queryRenderedFeatures([x, y], { layers: ['corridors'] })[0];
      if (f && f.id !== undefined) return { x, y, id: f.id };
    }
    return null;
  });
  assert.ok(hit, 'no corridor drawn in the view');
  await page.mouse.move(hit.x, hit.y);
  const state = await page.evaluate((id) => (window as never as { karavan: { map: { getFeatureState(f: unknown): Record<string, unknown> } } }).karavan.map
    .getFeatureState({ source: 'map', sourceLayer: 'corridors', id }), hit.id);
  assert.equal(state.hover, true);
  await page.mouse.move(5, 790);
});

test('the controls are reachable with the keyboard', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => { const e = document.activeElement as HTMLElement; return e.id || e.getAttribute('data-group') || e.tagName; }));
  }
  for (const want of ['search', 'lang', 'tab-layers', 'rail', 'road', 'year']) assert.ok(reached.has(want), `Tab never reaches ${want}: ${[...reached].join(', ')}`);
});
