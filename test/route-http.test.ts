// The route and matrix use cases over a real store (PGlite) and the HTTP API, on a drawn network
// (test/helpers/draw-network.ts dostykNetwork):
//   A=====B#####C      A Almaty (KZ), B Dostyk (KZ, border), C Alashankou (CN, 1435 mm)
//         |
//         D~~~~~E      D Dostyk road terminal… D–E a ferry
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { upsertRecords } from '../src/store/index.ts';
import { buildServer } from '../src/serve/app.ts';
import { planRoute } from '../src/app/plan-route.ts';
import { routeWorkerCount } from '../src/app/route-pool.ts';
import { dostykNetwork } from './helpers/draw-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';

const records = dostykNetwork();

let app: FastifyInstance;
let store: Awaited<ReturnType<typeof openPgliteForTest>>;

before(async () => {
  store = await openPgliteForTest();
  await store.db.transaction((tx) => upsertRecords(tx, records));
  app = await buildServer({ db: store.db });
});
after(async () => {
  await app?.close();
  await store?.cleanup();
});

const get = async (url: string) => {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() as Record<string, any> };
};

test('GET /route answers in the documented shape: totals, legs, border crossings, gauge changes, sources', async () => {
  const { status, body } = await get(`/route?from=${encodeURIComponent('Алматы')}&to=Alashankou&alternatives=1`);
  assert.equal(status, 200, JSON.stringify(body));
  const r = body.routes[0];
  for (const k of ['km', 'hours', 'usd', 'co2Kg', 'risk']) assert.equal(typeof r.totals[k], 'number', k);
  for (const leg of r.legs) for (const k of ['mode', 'from', 'to', 'country', 'km', 'hours', 'usd', 'co2Kg']) assert.ok(k in leg, k);
  assert.deepEqual(r.legs.map((l: { from: string; to: string }) => [l.from, l.to]), [['A', 'B'], ['B', 'C']]);
  assert.equal(r.gaugeChanges.length, 1);
  assert.equal(r.borderCrossings.length, 1);
  assert.equal(r.borderCrossings[0].dwellHours, 30);
  assert.ok(r.sources.includes('drawn#A-B'));
  assert.ok(Array.isArray(body.warnings));
  // "Алматы" is a prefix of "Алматы-1": said out loud.
  assert.ok(body.warnings.some((w: { code: string }) => w.code === 'ROUTE_PLACE_READ_AS'));
});

test('misspelt names, UN/LOCODEs and lon,lat all resolve; a far point is refused with the radius', async () => {
  const a = await get('/route?from=Almaty-l&to=Dostik&alternatives=1');
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(a.body.from, 'A');
  assert.equal(a.body.to, 'B');
  const b = await get('/route?from=KZALA&to=0.3,0.01&alternatives=1');
  assert.equal(b.status, 200, JSON.stringify(b.body));
  assert.ok(b.body.warnings.some((w: { code: string }) => w.code === 'ROUTE_SNAPPED'));
  const c = await get('/route?from=KZALA&to=30,30');
  assert.equal(c.status, 400);
  assert.equal(c.body.code, 'ROUTE_SNAP_TOO_FAR');
  assert.equal(c.body.field, 'to');
});

test('bad options are coded errors naming the option and the allowed values', async () => {
  const m = await get('/route?from=A&to=C&modes=air');
  assert.equal(m.status, 400);
  assert.deepEqual([m.body.code, m.body.field, m.body.value], ['OPTION_INVALID', 'modes', 'air']);
  const p = await get('/route?from=A&to=C&profile=liquid');
  assert.equal(p.body.code, 'ROUTE_PROFILE_UNKNOWN');
  assert.match(p.body.message, /container/);
  const w = await get('/route?from=A&to=C&weights=usd=1,speed=2');
  assert.equal(w.body.code, 'OPTION_INVALID');
  const n = await get('/route?from=Nowhere&to=C');
  assert.equal(n.body.code, 'ROUTE_PLACE_NOT_FOUND');
  const pareto = await get('/route?from=A&to=C&pareto=yes');
  assert.deepEqual([pareto.status, pareto.body.code, pareto.body.field], [400, 'OPTION_INVALID', 'pareto']);
  const ru = await get('/route?from=A&to=C&year=99&lang=ru');
  assert.match(ru.body.message, /параметр year/);
});

test('POST /route: an unreachable pair is a typed answer with the reason, not an empty result', async () => {
  const r = await app.inject({ method: 'POST', url: '/route', payload: { from: 'KZALA', to: 'Far Port', modes: 'rail,road' } });
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.deepEqual(body.routes, []);
  assert.equal(body.unreachable.reason, 'ROUTE_UNREACHABLE_MODES');
  assert.equal(body.unreachable.params.mode, 'ferry');
  assert.match(body.unreachable.message, /ferry/);
});

test('GET /matrix gives every criterion per cell, and the app use case agrees with the route', async () => {
  const { status, body } = await get('/matrix?from=A;B&to=C;E');
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.cells.length, 2);
  const route = await planRoute(store.db, { from: 'A', to: 'C', alternatives: 1 }, 'http');
  assert.equal(body.cells[0][0].usd, route.routes[0].totals.usd);
  assert.equal(body.cells[0][0].hours, route.routes[0].totals.hours);
});

test('GET /matrix honours maxTransshipments (A → C needs its gauge change) and refuses single-route options', async () => {
  const free = await get('/matrix?from=A&to=C');
  assert.ok(free.body.cells[0][0], JSON.stringify(free.body));
  const none = await get('/matrix?from=A&to=C&maxTransshipments=0');
  assert.equal(none.status, 200, JSON.stringify(none.body));
  assert.equal(none.body.cells[0][0], null);
  const one = await get('/matrix?from=A&to=C&maxTransshipments=1');
  assert.deepEqual(one.body.cells[0][0], free.body.cells[0][0]);
  const via = await get('/matrix?from=A&to=C&via=B');
  assert.deepEqual([via.status, via.body.code, via.body.field], [400, 'OPTION_INVALID', 'via']);
});

test('/status says how many route workers there are and whether one holds a network', async () => {
  const before = await get('/status');
  assert.equal(before.body.routing.workers, routeWorkerCount());
  if (routeWorkerCount() === 0) return;
  // The first routes are answered here while a worker loads the network; it gets there.
  for (let i = 0; i < 100; i++) {
    await get('/route?from=A&to=C&alternatives=1');
    if ((await get('/status')).body.routing.ready) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const after = await get('/status');
  assert.deepEqual([after.body.routing.ready, after.body.routing.started >= 1], [true, true], JSON.stringify(after.body.routing));
});

test('GET /route?format=geojson draws each leg along its links', async () => {
  const { status, body } = await get('/route?from=A&to=E&alternatives=1&format=geojson');
  assert.equal(status, 200);
  assert.equal(body.type, 'FeatureCollection');
  assert.ok(body.features.length >= 2);
  for (const f of body.features) assert.ok(f.geometry.coordinates.length >= 2);
});
