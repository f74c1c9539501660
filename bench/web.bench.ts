// npm run bench -- web: the web map in real Chromium and the API's map endpoints, against the real
// server over a PGlite copy of the bundled network (test/helpers/browser.ts, as the browser tests).
// Navigation → first map `idle` over fresh browser contexts; what the first view downloads; the JS
// bundle (initial and lazy chunks); warm vector tiles over a seeded set of addresses; the OGC items
// page at limit=1000. Fingerprints (feature counts, tile bytes, features drawn) show a broken server.
// WEB_BENCH_LOADS=n sets the number of page loads (default 7, at least 5).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt, WEB_OUT } from '../src/serve/web-build.ts';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { chromiumAvailable, launchChromium, startTestServer } from '../test/helpers/browser.ts';
import { descendantsCpuMs, loadAverage, pct, rng, row, seededTiles, timeGet } from './web-common.ts';

const LOADS = Math.max(5, Number(process.env.WEB_BENCH_LOADS ?? 7));

if (!chromiumAvailable()) {
  console.log('web bench: Debian chromium (/usr/bin/chromium) is not installed; nothing measured');
  process.exit(1);
}
const built = await ensureWebBuilt();
console.log(`\nload average at start: ${loadAverage()}${built ? ` (web app rebuilt in ${(built.ms / 1000).toFixed(1)} s)` : ''}`);
const tStart = performance.now();
const server = await startTestServer();
console.log(`server on a fresh PGlite copy (bundled + fixture network) in ${((performance.now() - tStart) / 1000).toFixed(1)} s`);

try {
  // ── bundle: what the first view executes and what is fetched on use
  const build = JSON.parse(readFileSync(join(WEB_OUT, 'build.json'), 'utf8')) as { files: { file: string; bytes: number }[] };
  const worker = readFileSync(join(PROJECT_ROOT, 'node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs'));
  const gz = (file: string) => gzipSync(readFileSync(join(WEB_OUT, file)), { level: 6 }).length;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

  // ── navigation → idle, fresh context each; the first load also lists what the first view fetches
  const browser = await launchChromium();
  const idleMs: number[] = [];
  const browserCpuMs: number[] = [];
  const serverCpuMs: number[] = [];
  const fetched = new Map<string, { n: number; bytes: number }>();
  // the page's own marks (src/web/main.ts): script start, map constructed, style + tiles loaded, idle
  const marks = new Map<string, number[]>();
  let drawn = 0;
  try {
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const page = await context.newPage();
      page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
      if (i === 0) {
        page.on('requestfinished', async (req) => {
          const kind = new URL(req.url()).pathname.replace(/\/\d+\/\d+\/\d+\.pbf$/, '/{z}/{x}/{y}.pbf').replace(/chunk-\w+\.js$/, 'chunk-*.js');
          const size = await req.sizes().catch(() => null);
          const e = fetched.get(kind) ?? { n: 0, bytes: 0 };
          e.n++; e.bytes += (size?.responseBodySize ?? 0) + (size?.responseHeadersSize ?? 0);
          fetched.set(kind, e);
        });
      }
      const t0 = performance.now();
      const cpu0 = descendantsCpuMs(), server0 = process.cpuUsage();
      await page.goto(`${server.url}/`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
      idleMs.push(performance.now() - t0);
      browserCpuMs.push(descendantsCpuMs() - cpu0);
      const s = process.cpuUsage(server0);
      serverCpuMs.push((s.user + s.system) / 1000);
      const m = await page.evaluate(() => {
        const o: Record<string, number> = {};
        for (const e of performance.getEntriesByType('mark') as PerformanceMark[]) {
          o[e.name] = e.startTime;
          const frames = (e.detail as { frames?: number } | null)?.frames;
          if (frames !== undefined) o['frames before idle'] = frames;
        }
        return o;
      });
      for (const [k, v] of Object.entries(m)) marks.set(k, [...(marks.get(k) ?? []), v]);
      if (i === 0) {
        drawn = await page.evaluate(() => (window as never as { karavan: { map: { queryRenderedFeatures(): unknown[] } } }).karavan.map.queryRenderedFeatures().length);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }

  console.log('\n### Web map (Chromium, software WebGL, 1280×800, fresh context per load)\n');
  console.log('| measure | value |\n| --- | --- |');
  const sorted = [...idleMs].sort((a, b) => a - b);
  row('navigation → map idle, min / median / max', `${sorted[0].toFixed(0)} / ${pct(idleMs, 50).toFixed(0)} / ${sorted[sorted.length - 1].toFixed(0)} ms over ${LOADS} loads`);
  row('  each load (ms, in order)', idleMs.map((x) => x.toFixed(0)).join(', '));
  row('  Chromium CPU per load, min / median / max', `${Math.min(...browserCpuMs)} / ${pct(browserCpuMs, 50)} / ${Math.max(...browserCpuMs)} ms (all its processes)`);
  row('  server CPU per load, median', `${pct(serverCpuMs, 50).toFixed(0)} ms (this process: server, playwright client)`);
  // a tree without the marks (an older src/web) prints none of these rows
  for (const [k, v] of marks) row(`  ${k.replace('karavan:', 'page mark ')}, median`, k.startsWith('frames') ? `${pct(v, 50)}` : `${pct(v, 50).toFixed(0)} ms after navigation start`);
  const main = build.files.find((f) => f.file === 'main.js');
  const style = build.files.find((f) => f.file === 'style.css');
  const initial = (main?.bytes ?? 0) + (style?.bytes ?? 0) + worker.length;
  row('initial JS+CSS (main.js, style.css, worker)', `${kb(initial)} min, ${kb(gz('main.js') + gz('style.css') + gzipSync(worker).length)} gzip`);
  row('  main.js', `${kb(main?.bytes ?? 0)} min, ${kb(gz('main.js'))} gzip`);
  row('  maplibre-gl-worker.mjs (/vendor)', `${kb(worker.length)}, ${kb(gzipSync(worker).length)} gzip`);
  for (const f of build.files.filter((x) => x.file.startsWith('chunk-') && x.file.endsWith('.js'))) {
    row(`  lazy ${f.file}`, `${kb(f.bytes)} min, ${kb(gz(f.file))} gzip`);
  }
  let firstBytes = 0;
  for (const [kind, e] of [...fetched].sort((a, b) => b[1].bytes - a[1].bytes)) {
    firstBytes += e.bytes;
    // a worker's own fetch reports no sizes to the page; places.json is fetched once the map is idle
    const afterIdle = kind === '/places.json' || kind.startsWith('/alerts');
    row(`  first view fetched ${kind}`, `${e.n} ×, ${e.bytes ? `${kb(e.bytes)} on the wire` : 'size not reported'}${afterIdle ? ' (after idle)' : ''}`);
  }
  row('first view total on the wire', `${kb(firstBytes)} in ${[...fetched.values()].reduce((s, e) => s + e.n, 0)} requests`);

  // ── warm vector tiles: seeded addresses over the region, each fetched once (cold), then timed
  const rand = rng(20261130);
  const tiles = seededTiles(rand, 60);
  const cold: number[] = [];
  let tileBytes = 0;
  for (const t of tiles) {
    for (const set of ['basemap', 'network']) {
      const r = await timeGet(`${server.url}/tiles/${set}/${t}.pbf`);
      cold.push(r.ms);
      tileBytes += r.bytes;
    }
  }
  const warm: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    for (const t of tiles) for (const set of ['basemap', 'network']) warm.push((await timeGet(`${server.url}/tiles/${set}/${t}.pbf`)).ms);
  }
  console.log('\n### API (one client, sequential, Node fetch over loopback, gzip accepted)\n');
  console.log('| measure | value |\n| --- | --- |');
  row(`vector tile, first request p50 / p95 / max`, `${pct(cold, 50).toFixed(1)} / ${pct(cold, 95).toFixed(1)} / ${Math.max(...cold).toFixed(1)} ms (${cold.length} tiles, z2–z9)`);
  row(`vector tile, warm p50 / p95 / max`, `${pct(warm, 50).toFixed(1)} / ${pct(warm, 95).toFixed(1)} / ${Math.max(...warm).toFixed(1)} ms (${warm.length} requests)`);

  // ── OGC items pages of 1,000 features
  const items: string[] = [];
  for (const col of ['rail', 'nodes']) {
    const url = `${server.url}/collections/${col}/items?limit=1000&f=json`;
    const first = await (await fetch(url)).json() as { numberMatched: number; numberReturned: number };
    const ts: number[] = [];
    for (let i = 0; i < 9; i++) ts.push((await timeGet(url)).ms);
    row(`OGC items ${col} limit=1000, median / max`, `${pct(ts, 50).toFixed(1)} / ${Math.max(...ts).toFixed(1)} ms (${first.numberReturned} of ${first.numberMatched} features)`);
    items.push(`${col} ${first.numberMatched}`);
  }
  // ── the same pages from 8 clients at once (PGlite answers one query at a time)
  for (const col of ['rail', 'nodes']) {
    const url = `${server.url}/collections/${col}/items?limit=1000&f=json`;
    const ts: number[] = [];
    const t0 = performance.now();
    for (let round = 0; round < 5; round++) ts.push(...(await Promise.all(Array.from({ length: 8 }, () => timeGet(url)))).map((r) => r.ms));
    row(`OGC items ${col} limit=1000, 8 concurrent, p50 / p95`, `${pct(ts, 50).toFixed(1)} / ${pct(ts, 95).toFixed(1)} ms per request (${ts.length} requests in ${(performance.now() - t0).toFixed(0)} ms)`);
  }
  console.log(`\nfingerprint: first view drew ${drawn} features; ${tiles.length}×2 tiles = ${(tileBytes / 1024).toFixed(0)} KB gzip; collections ${items.join(', ')}`);
  console.log(`load average at end: ${loadAverage()}`);
} finally {
  await server.close();
}
