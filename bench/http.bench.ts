// npm run bench -- http: HTTP load on loopback (127.0.0.1 only) against the real server over a
// PGlite copy of the bundled network (test/helpers/browser.ts). autocannon fires from its own
// process, so the load tool and the server share the machine's 2 cores as the issue asks, and the
// server's own CPU time per request can be read off this process (process.cpuUsage; the main
// thread's busy time from its event-loop utilisation). Every case is bounded in time
// (HTTP_BENCH_SECONDS, default 8, at most 10) and in connections; every answer is checked first
// (status, and for routes a fingerprint: the sum of the best route's objective over the seeded
// pairs), so a fast broken server shows. Routes are planned on the server's route workers
// (KARAVAN_ROUTE_WORKERS, default cores − 1), then again on the main thread alone for comparison. It starts with the first route after a server start:
// network compiled from the store's records versus read from its snapshot.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startTestServer, type TestServer } from '../test/helpers/browser.ts';
import { buildServer } from '../src/serve/app.ts';
import { openStore } from '../src/store/index.ts';
import { routeWorkerCount } from '../src/app/route-pool.ts';
import { loadAverage, rng, row, seededTiles } from './web-common.ts';

const SECONDS = Math.min(10, Math.max(1, Number(process.env.HTTP_BENCH_SECONDS ?? 8)));
let server = await startTestServer();
const dir = server.db.location;
if (!server.url.startsWith('http://127.0.0.1:')) throw new Error(`refusing to load ${server.url}: loopback only`);

interface Req { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> }
interface Result { total: number; average: number; p50: number; p97_5: number; p99: number; max: number; non2xx: number; errors: number; timeouts: number }

// The load tool, in a child process: this process's CPU is then the server's alone.
const LOADER = `
import autocannon from 'autocannon';
const c = JSON.parse(process.argv[1]);
const r = await autocannon({ url: c.url, connections: c.connections, duration: c.seconds, requests: c.requests,
  headers: { 'accept-encoding': 'gzip', accept: 'application/json' } });
process.stdout.write(JSON.stringify({ total: r.requests.total, average: r.requests.average, p50: r.latency.p50, p97_5: r.latency.p97_5,
  p99: r.latency.p99, max: r.latency.max, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts }));`;

function autocannonProcess(config: object): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', LOADER, JSON.stringify(config)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`autocannon exited with ${code}`))));
  });
}

async function load(name: string, requests: Req[], connections: number, note: string): Promise<void> {
  const cpu0 = process.cpuUsage(), elu0 = performance.eventLoopUtilization();
  const r = await autocannonProcess({ url: server.url, connections, seconds: SECONDS, requests });
  const cpu = process.cpuUsage(cpu0), elu = performance.eventLoopUtilization(elu0);
  const bad = r.non2xx + r.errors + r.timeouts;
  const per = (us: number) => (r.total ? (us / r.total).toFixed(3) : '–');
  row(name, `${Math.round(r.average).toLocaleString('en-US')} req/s · p50 ${r.p50} · p97.5 ${r.p97_5} · p99 ${r.p99} ms · max ${r.max} ms`);
  row('', `${connections} connections, ${SECONDS} s, ${r.total.toLocaleString('en-US')} requests${bad ? `, ${bad} NOT OK (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)` : ', all 2xx'}; ${note}`);
  row('', `server CPU ${per((cpu.user + cpu.system) / 1000)} ms/request (main thread busy ${per(elu.active)} ms/request); load ${loadAverage()}`);
}

/** Restarts the server on the same store (a new store handle: no network in memory). */
async function restart(): Promise<void> {
  await server.app.close();
  await server.db.close();
  const db = await openStore({ dataDir: dir });
  const app = await buildServer({ db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  server = { app, db, url, close: async () => { await app.close(); await db.close(); rmSync(dir, { recursive: true, force: true }); } } satisfies TestServer;
}

async function firstRoute(): Promise<string> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: 'Almaty', to: 'Tashkent' }) });
  const body = await res.text();
  return `${(performance.now() - t0).toFixed(0)} ms (HTTP ${res.status}, ${body.length.toLocaleString('en-US')} bytes)`;
}

try {
  console.log(`\nload average at start: ${loadAverage()}`);
  console.log('\n### First POST /route after a server start (Almaty → Tashkent)\n');
  console.log('| case | result |\n| --- | --- |');
  row('new store: compile from records, save snapshot', await firstRoute());
  process.env.KARAVAN_SNAPSHOT_DIR = 'off';
  await restart();
  row('restart, snapshots off: compile from records', await firstRoute());
  delete process.env.KARAVAN_SNAPSHOT_DIR;
  await restart();
  row('restart: read the snapshot', await firstRoute());

  console.log('\n### HTTP load (autocannon in its own process, loopback)\n');
  console.log('| case | result |\n| --- | --- |');
  const rand = rng(20261130);

  // ── the ceiling and the store: what any answer costs before its own work (for reading the rest)
  await load('GET /health (no work: the server\'s ceiling)', [{ method: 'GET', path: '/health' }], 16, 'Fastify alone');
  await load('GET /status (6 store queries)', [{ method: 'GET', path: '/status' }], 16, 'PGlite: one query at a time');

  // ── POST /route between seeded pairs of bundled stations and cities (the fixture network's T-* left out)
  const nodes = (await (await fetch(`${server.url}/collections/nodes/items?limit=10000&f=json`)).json()) as { features: { id: string; properties: { kind: string } }[] };
  const places = nodes.features.filter((f) => !String(f.id).startsWith('T-') && ['station', 'city', 'junction'].includes(f.properties.kind)).map((f) => String(f.id));
  const pairs: [string, string][] = [];
  while (pairs.length < 100 && places.length > 1) {
    const a = places[Math.floor(rand() * places.length)], b = places[Math.floor(rand() * places.length)];
    if (a !== b) pairs.push([a, b]);
  }
  let routed = 0, unreachable = 0, failed = 0, objectiveSum = 0;
  let firstError = '';
  for (const [from, to] of pairs) {
    const res = await fetch(`${server.url}/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to }) });
    const j = (await res.json()) as { routes?: { objective: number }[]; unreachable?: unknown; code?: string; message?: string };
    if (res.status !== 200) { failed++; firstError ||= `HTTP ${res.status} ${j.code}: ${j.message}`; }
    else if (j.routes?.length) { routed++; objectiveSum += j.routes[0].objective; }
    else unreachable++;
  }
  row('POST /route answers (seeded 100 pairs)', `${routed} routed, ${unreachable} unreachable, ${failed} failed${firstError ? ` (first: ${firstError})` : ''}`);
  if (failed === pairs.length) {
    row('POST /route load', 'not measured: every request failed');
  } else {
    const body = (extra: Record<string, unknown>) => pairs.map(([from, to]): Req => ({ method: 'POST', path: '/route', body: JSON.stringify({ from, to, ...extra }), headers: { 'content-type': 'application/json' } }));
    const workers = routeWorkerCount();
    await load(`POST /route {from, to} (3 alternatives, default; ${workers} route worker${workers === 1 ? '' : 's'})`, body({}), 16, 'target ≥ 3,000 req/s, p99 ≤ 20 ms');
    await load(`POST /route {from, to, alternatives: 1} (${workers} route worker${workers === 1 ? '' : 's'})`, body({ alternatives: 1 }), 16, 'the best route only');
    if (workers > 0) {
      // The same on the main thread alone (KARAVAN_ROUTE_WORKERS=0), for comparison.
      const saved = process.env.KARAVAN_ROUTE_WORKERS;
      process.env.KARAVAN_ROUTE_WORKERS = '0';
      await restart();
      if (saved === undefined) delete process.env.KARAVAN_ROUTE_WORKERS; else process.env.KARAVAN_ROUTE_WORKERS = saved;
      await fetch(`${server.url}/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: pairs[0][0], to: pairs[0][1] }) });
      await load('POST /route {from, to} (3 alternatives, main thread only)', body({}), 16, 'KARAVAN_ROUTE_WORKERS=0');
      await load('POST /route {from, to, alternatives: 1} (main thread only)', body({ alternatives: 1 }), 16, 'KARAVAN_ROUTE_WORKERS=0');
    }
  }

  // ── warm vector tiles: the seeded addresses of bench/web.bench.ts, fetched once before the load
  const tiles = seededTiles(rng(20261130), 60).flatMap((t) => [`/tiles/basemap/${t}.pbf`, `/tiles/network/${t}.pbf`]);
  let tileBytes = 0;
  for (const p of tiles) tileBytes += (await (await fetch(server.url + p)).arrayBuffer()).byteLength;
  await load('GET /tiles/{basemap,network}/z/x/y.pbf (warm)', tiles.map((path): Req => ({ method: 'GET', path })), 16, `${tiles.length} tiles, ${(tileBytes / 1024).toFixed(0)} KB decoded; target p95 ≤ 20 ms`);

  // ── OGC items pages of 1,000 features
  const pages = ['rail', 'road', 'nodes'].map((c): Req => ({ method: 'GET', path: `/collections/${c}/items?limit=1000&f=json` }));
  await load('GET /collections/{rail,road,nodes}/items?limit=1000', pages, 4, 'target ≤ 100 ms a page');
  console.log(`\nfingerprint: ${pairs.length} pairs over ${places.length} bundled places, best-route objective sum ${objectiveSum.toFixed(2)}`);
  console.log(`load average at end: ${loadAverage()}`);
} finally {
  await server.close();
}
