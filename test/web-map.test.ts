// The web map in real Chromium against a real server and store: it renders, layers toggle, a
// crossing click opens its panel with the source, the language switch turns labels and UI Russian
// and persists, search finds a place, the timeline changes the filters. Screenshots go to
// test-artifacts/. Assertions use properties of whatever network is loaded, never its counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../src/serve/web-build.ts';
import { needOrSkip } from './helpers/skip.ts';
import { ARTIFACTS, chromiumAvailable, launchChromium, startTestServer, type TestServer } from './helpers/browser.ts';

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
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  const t0 = Date.now();
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  idleMs = Date.now() - t0;
  mkdirSync(ARTIFACTS, { recursive: true });
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
  assert.equal((await page.textContent('#info .source'))?.trim(), String(c.properties.sourceId));
  assert.ok(((await page.textContent('#info .confidence')) ?? '').trim().length > 0);
  assert.match(new URL(page.url()).hash, /sel=crossings/);
  await page.screenshot({ path: join(ARTIFACTS, 'web-map-crossing.png') });
});

test('search finds a place by a misspelt prefix and opens it', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  const { places } = await api<{ places: { id: string; layer: string; name_en: string }[] }>('/places.json');
  const target = places.find((p) => p.layer === 'nodes' && /^[A-Za-z]{7,}$/.test(p.name_en.split(/[\s-]/)[0]))!;
  assert.ok(target, 'no node with a name to search for');
  // the first word without its last letter (a prefix) and one letter replaced (a typo)
  const word = target.name_en.split(/[\s-]/)[0].slice(0, -1);
  const typo = word.slice(0, 3) + (word[3] === 'x' ? 'q' : 'x') + word.slice(4);
  await page.fill('#search', typo);
  await page.waitForSelector('#search-results:not([hidden]) li');
  const texts = await page.$$eval('#search-results li[data-i]', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(texts.some((x) => x.includes(target.name_en)), `"${typo}" did not find ${target.name_en}: ${texts.join(' | ')}`);
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
  await idle();
  await page.screenshot({ path: join(ARTIFACTS, 'web-map-ru.png') });
  // a fresh visit without the hash keeps Russian (localStorage)
  await page.goto(`${server!.url}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
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
