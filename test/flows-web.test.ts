// The flows layer and bottlenecks panel in real Chromium against a real server and store: the
// flows tab assigns the bundled OD matrix (GET /flows, /bottlenecks), the layer draws lines whose
// width and colour come from the features' tonnes and volume/capacity, and the panel lists the
// capacities ranked by shadow price, in English and Russian.
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

before(async () => {
  if (!chromiumAvailable()) return;
  await ensureWebBuilt();
  server = await startTestServer();
  browser = await launchChromium();
  // the assignment behind the flows tab takes a while on a shared machine
  ({ page } = await openMapPage(browser, server.url, { path: '/#lang=en', timeoutMs: 120000 }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the flows tab draws the assigned flows and lists bottlenecks with shadow prices', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), 'Debian chromium (/usr/bin/chromium)')) return;
  const api = await fetch(`${server!.url}/bottlenecks?top=15`, { headers: { accept: 'application/json' } });
  const body = (await api.json()) as { bottlenecks?: { shadowPrice: number; binding: boolean }[]; code?: string };
  await page.click('#tab-flows');
  assert.equal(await page.textContent('#tab-flows'), 'Flows');
  await page.click('#flows-load');
  if (api.status !== 200) {
    // a store without the bundled network (KARAVAN_TEST_FIXTURES_ONLY): the matrix names nodes it
    // lacks, and the panel says so instead of drawing
    assert.equal(body.code, 'ASSIGN_DEMAND_REJECTED');
    await page.waitForFunction(() => /od-matrix/.test(document.getElementById('flows-status')?.textContent ?? ''));
    return;
  }
  await page.waitForSelector('#pane-flows[data-loaded="true"]', { timeout: 120000 });
  // the source's features exist once the map's worker has tiled them
  await page.waitForFunction(() => (window as never as { karavan: { map: { querySourceFeatures(s: string): unknown[] } } }).karavan.map.querySourceFeatures('flows').length > 0, null, { timeout: 60000 });
  const layer = await page.evaluate(() => {
    const m = (window as never as { karavan: { map: { getLayer(id: string): { type: string } | undefined; getPaintProperty(l: string, p: string): unknown; querySourceFeatures(s: string): { properties: Record<string, unknown> }[] } } }).karavan.map;
    const l = m.getLayer('flows-line');
    const feats = m.querySourceFeatures('flows');
    return { type: l?.type, width: JSON.stringify(m.getPaintProperty('flows-line', 'line-width')), color: JSON.stringify(m.getPaintProperty('flows-line', 'line-color')), features: feats.length, withTonnes: feats.filter((f) => Number(f.properties.tonnes) > 0).length };
  });
  assert.equal(layer.type, 'line');
  assert.match(layer.width, /tonnes/);
  assert.match(layer.color, /volumeCapacity/);
  assert.ok(layer.features > 0 && layer.withTonnes > 0, JSON.stringify(layer));
  const rows = await page.$$eval('#flows-bottlenecks tbody tr', (trs) => trs.map((tr) => tr.className));
  assert.equal(rows.length, body.bottlenecks!.length);
  assert.deepEqual(rows.map((c) => c === 'binding'), body.bottlenecks!.map((b) => b.binding));
  await page.screenshot({ path: join(ARTIFACTS, 'flows.png') });
  // Russian: the tab and the table headers switch
  await page.click('#lang');
  await page.waitForSelector('#pane-flows[data-loaded="true"] th');
  assert.equal(await page.textContent('#tab-flows'), 'Потоки');
  assert.match((await page.textContent('#flows-bottlenecks thead')) ?? '', /Теневая цена/);
});
