// The early-warning views in real Chromium against a real server and store: a fixture alert
// posted to POST /alerts is drawn by the alerts layer, listed with its impact in the Alerts tab,
// raises the watched-route banner, and opens its details on a click; the Caspian panel draws its
// chart (canvas pixels) and the per-port draft table; the Russian UI translates the panel.
// Expected values come from the API's own answers, never from counts written here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../src/serve/web-build.ts';
import { needOrSkip } from './helpers/skip.ts';
import { ARTIFACTS, chromiumAvailable, launchChromium, openMapPage, startTestServer, type TestServer } from './helpers/browser.ts';

const NEED = 'Debian chromium (/usr/bin/chromium)';
let server: TestServer | null = null;
let browser: Browser | null = null;
let page: Page;
let alertId = '';

type Win = { karavan: { map: { queryRenderedFeatures(o: unknown): { properties: Record<string, unknown> }[]; getLayer(id: string): unknown; project(c: [number, number]): { x: number; y: number } } } };

before(async () => {
  if (!chromiumAvailable()) return;
  process.env.KARAVAN_WEBHOOK_INTERVAL_MS = '0'; // no delivery attempts to the test watch's webhook
  await ensureWebBuilt();
  server = await startTestServer();
  const now = Date.now();
  // a flood polygon over the fixture network's Almaty–Shu links
  const body = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[72.5, 42.6], [78, 42.6], [78, 44.4], [72.5, 44.4], [72.5, 42.6]]] },
    properties: { id: 'web-alerts-test-1', sender: 'karavan-test', event: 'Flood', severity: 'Severe', certainty: 'Observed', urgency: 'Immediate',
      headline: 'Test flood on the Almaty–Shu line', onset: new Date(now - 3600e3).toISOString().replace(/\.\d+Z$/, '+00:00'),
      expires: new Date(now + 2 * 86400e3).toISOString().replace(/\.\d+Z$/, '+00:00') } }] });
  const r = await fetch(`${server.url}/alerts`, { method: 'POST', headers: { 'content-type': 'application/geo+json' }, body });
  const j = (await r.json()) as { ok: boolean; alerts: { id: string }[]; issues: unknown[] };
  assert.equal(r.status, 201, `POST /alerts refused the fixture: ${JSON.stringify(j.issues)}`);
  alertId = j.alerts[0]?.id ?? '';
  const w = await fetch(`${server.url}/alerts/watches`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ route: { from: 'T-ALMATY', to: 'T-SHU' }, webhookUrl: 'http://127.0.0.1:9/hook' }) });
  assert.equal(w.status, 201, `POST /alerts/watches: ${await w.text()}`);
  browser = await launchChromium();
  ({ page } = await openMapPage(browser, server.url));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const api = async <T>(path: string): Promise<T> => (await (await fetch(server!.url + path, { headers: { accept: 'application/json' } })).json()) as T;

test('the alerts layer draws the alert area and the affected links', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), NEED)) return;
  assert.ok(alertId, 'the fixture alert has an id');
  await page.waitForFunction(() => {
    const m = (window as never as Win).karavan.map;
    return !!m.getLayer('alerts-fill') && m.queryRenderedFeatures({ layers: ['alerts-fill'] }).length > 0;
  });
  const ids = await page.evaluate(() => (window as never as Win).karavan.map.queryRenderedFeatures({ layers: ['alerts-fill'] }).map((f) => f.properties.alertId));
  assert.ok(ids.includes(alertId), `the drawn areas belong to ${[...new Set(ids)].join(',')}, not ${alertId}`);
  const impact = await api<{ impact: { links: { id: string }[] } }>(`/alerts/${alertId}/impact`);
  assert.ok(impact.impact.links.length > 0, 'the fixture alert touches no link: the polygon misses the fixture network');
  const affected = await page.evaluate(() => {
    const m = (window as never as Win).karavan.map;
    const ls = ['alerts-affected-rail', 'alerts-affected-road', 'alerts-affected-ferry'].filter((l) => m.getLayer(l));
    return m.queryRenderedFeatures({ layers: ls }).map((f) => String(f.properties.id));
  });
  assert.ok(affected.length > 0 && affected.every((id) => impact.impact.links.some((l) => l.id === id)), `highlighted ${affected.join(',')} vs impact`);
  const banner = await page.waitForSelector('#alerts-banner');
  assert.match((await banner.textContent()) ?? '', /watched route/);
});

test('the legend switch hides and shows the alerts layer', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), NEED)) return;
  const drawn = () => page.evaluate(() => {
    const m = (window as never as Win).karavan.map;
    const ls = ['alerts-fill', 'alerts-outline', 'alerts-affected-rail', 'alerts-affected-road', 'alerts-affected-ferry'].filter((l) => m.getLayer(l));
    return m.queryRenderedFeatures({ layers: ls }).length;
  });
  const idle = () => page.evaluate(() => new Promise<void>((res) => {
    const m = (window as never as { karavan: { map: { once(e: string, f: () => void): void; triggerRepaint(): void } } }).karavan.map;
    m.once('idle', () => res());
    m.triggerRepaint();
  }));
  const box = page.locator('#pane-layers input[data-group="alerts"]');
  assert.equal(await box.isChecked(), true, 'the alerts layer is on by default');
  assert.ok((await drawn()) > 0, 'alerts drawn before the switch');
  await box.uncheck();
  await idle();
  assert.equal(await drawn(), 0, 'the alert areas and affected links are still drawn with the switch off');
  assert.match(new URL(page.url()).hash, /layers=/);
  assert.doesNotMatch(new URL(page.url()).hash, /layers=[^&]*\balerts\b/);
  await page.screenshot({ path: join(ARTIFACTS, 'web-alerts-off.png') });
  await box.check();
  await idle();
  assert.ok((await drawn()) > 0, 'the alerts come back with the switch on');
});

test('a click on the area shows the alert details', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), NEED)) return;
  // a point inside the polygon with nothing of the network near it (a link there keeps its own panel)
  const p = await page.evaluate(() => {
    const m = (window as never as Win).karavan.map as never as { project(c: [number, number]): { x: number; y: number };
      queryRenderedFeatures(b: unknown): { layer: { id: string } }[] };
    const basemap = new Set(['alerts-fill', 'alerts-outline', 'land', 'lakes', 'borders', 'countries', 'places', 'places-dot']);
    for (let lon = 72.7; lon < 77.9; lon += 0.2) {
      for (let lat = 42.8; lat < 44.3; lat += 0.2) {
        const q = m.project([lon, lat]);
        if (q.x < 400) continue; // under the sidebar
        const hits = m.queryRenderedFeatures([[q.x - 8, q.y - 8], [q.x + 8, q.y + 8]]);
        if (hits.some((h) => h.layer.id === 'alerts-fill') && hits.every((h) => basemap.has(h.layer.id))) return q;
      }
    }
    return null;
  });
  assert.ok(p, 'no point of the alert area is free of network features at this zoom');
  await page.mouse.click(p.x, p.y);
  await page.waitForSelector('#info[data-collection="alerts"] h2');
  const text = await page.textContent('#info-body');
  assert.match(text ?? '', /Test flood on the Almaty–Shu line/);
  assert.match(text ?? '', /Severe/);
  assert.match(text ?? '', /karavan-test/);
});

test('the alerts tab lists the alert with its impact, the Caspian panel draws its chart and draft table', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), NEED)) return;
  await page.click('#tab-alerts');
  await page.waitForSelector(`#pane-alerts [data-alert-id="${alertId}"]`);
  const item = (await page.textContent(`#pane-alerts [data-alert-id="${alertId}"]`)) ?? '';
  const impact = await api<{ impact: { affectedKm: number } }>(`/alerts/${alertId}/impact`);
  assert.ok(item.includes(impact.impact.affectedKm.toLocaleString('en-US', { maximumFractionDigits: 1 })), `the item does not show ${impact.impact.affectedKm} km: ${item}`);
  // "Show on the map" fits the map to the alert's area
  await page.click(`#pane-alerts [data-alert-id="${alertId}"] .alert-show`);
  // (the first view already holds the area: it must also zoom in to it, from 3.2)
  await page.waitForFunction(() => {
    const m = (window as never as { karavan: { map: { getBounds(): { contains(c: [number, number]): boolean }; isMoving(): boolean; getZoom(): number } } }).karavan.map;
    return !m.isMoving() && m.getZoom() > 4.5 && m.getBounds().contains([72.6, 42.7]) && m.getBounds().contains([77.9, 44.3]);
  });
  await page.waitForSelector('#caspian-drafts tbody tr');
  const year = Number(await page.getAttribute('#pane-alerts', 'data-year'));
  const wl = await api<{ ports: { name: string }[] }>(`/alerts/water-level?year=${year}`);
  const rows = await page.$$eval('#caspian-drafts tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.ok(rows.length > 0, 'the draft table has no port');
  assert.deepEqual(rows, wl.ports.map((p) => p.name));
  const colours = await page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('#caspian-chart canvas');
    if (!c) return -1;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  });
  assert.ok(colours > 10, `the Caspian chart canvas is blank or missing (${colours} colours)`);
  // a projection year redraws it
  await page.selectOption('#caspian-year', '2040');
  await page.waitForSelector('#pane-alerts[data-year="2040"]');
  await page.locator('#caspian-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'web-alerts.png') });
});

test('in Russian the alerts panel is translated', async (t) => {
  if (!needOrSkip(t, chromiumAvailable(), NEED)) return;
  await page.click('#lang');
  await page.waitForFunction(() => document.getElementById('tab-alerts')?.textContent === 'Предупреждения');
  await page.waitForSelector('#pane-alerts h3');
  assert.equal(await page.textContent('#pane-alerts h3'), 'Уровень Каспийского моря');
  await page.waitForSelector('#caspian-drafts th');
  assert.equal(await page.textContent('#caspian-drafts th'), 'Порт');
  assert.match((await page.textContent('#pane-layers')) ?? '', /Предупреждения об опасности/);
  assert.match((await page.textContent('#pane-layers label:has(input[data-group="alerts"])')) ?? '', /Зоны действующих предупреждений/);
});
