// Routes planned on worker threads (src/app/route-pool.ts) answer exactly what the main thread
// answers, errors included; a worker that dies fails only what it held, and the next request gets
// a new worker. Real workers on the bundled network (read from the GeoJSON, as route-known does).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledFiles } from '../src/app/open.ts';
import { checkOptions, planOnNetwork, routesGeoJson, type RouteOptions } from '../src/app/plan-route.ts';
import { networkFromRecords } from '../src/app/network.ts';
import { RoutePool, routeWorkerCount } from '../src/app/route-pool.ts';
import { KaravanError } from '../src/core/issues.ts';
import { seededRandom } from '../src/core/random.ts';
import { batchToRecords, readFiles } from '../src/ingest/read-files.ts';

const net = networkFromRecords(batchToRecords(readFiles(bundledFiles()).batch), 'route-pool-test');
const pool = new RoutePool(2);
after(() => pool.close());

type Options = Omit<RouteOptions, 'signal'>;
const inProcess = (o: Options, lang: 'en' | 'ru', geojson = false): string => {
  try {
    const r = planOnNetwork(net, o, checkOptions(o, 'http'), 'http', lang);
    return JSON.stringify(geojson ? routesGeoJson(net, r) : r);
  } catch (e) {
    if (e instanceof KaravanError) return `${e.code} ${e.httpStatus} ${e.render(lang)}`;
    throw e;
  }
};
const onWorker = async (o: Options, lang: 'en' | 'ru', geojson = false): Promise<string> => {
  try {
    return await pool.plan(net, { options: o, lang, geojson, timeoutMs: 10_000 });
  } catch (e) {
    if (e instanceof KaravanError) return `${e.code} ${e.httpStatus} ${e.render(lang)}`;
    throw e;
  }
};

test('answers from the workers are byte-identical to the main thread\'s: routes, alternatives, GeoJSON, unreachable pairs, errors, both languages', async () => {
  const g = net.graph;
  const ids: string[] = [];
  for (let n = 0; n < g.nodeCount; n++) if (g.firstVertex[n + 1] > g.firstVertex[n]) ids.push(g.nodeIds[n]);
  const rand = seededRandom(20261130);
  const pick = () => ids[Math.floor(rand() * ids.length)];
  const cases: [Options, 'en' | 'ru', boolean][] = [];
  for (let i = 0; i < 40; i++) {
    const from = pick(), to = pick();
    cases.push([{ from, to, alternatives: 3 }, i % 2 ? 'ru' : 'en', false]);
    cases.push([{ from, to, alternatives: 1, avoidCountries: 'RU', modes: 'rail,ferry' }, 'en', i % 4 === 0]);
  }
  cases.push([{ from: 'Almaty', to: 'Duisburg', alternatives: 3, avoidCountries: 'RU' }, 'ru', false]);
  cases.push([{ from: 'Nowhereville-on-Sea', to: 'Almaty' }, 'ru', false]);
  cases.push([{ from: 'Almaty', to: 'Tashkent', pareto: true }, 'en', false]);
  // Many at once: the two workers share them, and answers come back to the right request.
  const got = await Promise.all(cases.map(([o, lang, gj]) => onWorker(o, lang, gj)));
  let routed = 0, errors = 0;
  cases.forEach(([o, lang, gj], i) => {
    assert.equal(got[i], inProcess(o, lang, gj), `case ${i}: ${JSON.stringify(o)} ${lang}`);
    if (got[i].startsWith('{')) routed++; else errors++;
  });
  assert.ok(routed >= 60 && errors >= 1, `routed ${routed}, errors ${errors}`);
  assert.match(got[cases.length - 2], /^ROUTE_PLACE_NOT_FOUND 400 /);
  assert.ok(pool.started >= 1 && pool.started <= 2, `started ${pool.started}`);
});

test('a worker that dies fails only the requests it held (503, ROUTE_WORKER_FAILED); the next request gets a new worker', async () => {
  const one = new RoutePool(1);
  try {
    const task = { options: { from: 'Almaty', to: 'Duisburg', alternatives: 3 }, lang: 'en' as const, geojson: false, timeoutMs: 10_000 };
    assert.match(await one.plan(net, task), /^\{"routes":\[\{/);
    const held = one.plan(net, task);
    for (const w of one.threads()) await w.terminate();
    await assert.rejects(held, (e: unknown) => e instanceof KaravanError && e.code === 'ROUTE_WORKER_FAILED' && e.httpStatus === 503);
    assert.equal(await one.plan(net, task), inProcess(task.options, 'en'));
    assert.equal(one.started, 2);
  } finally {
    await one.close();
  }
});

test('warm starts every worker with the network; until one holds it the pool is not ready (the server answers itself meanwhile)', async () => {
  const two = new RoutePool(2);
  try {
    assert.equal(two.ready(net), false);
    const warming = two.warm(net);
    assert.equal(two.started, 2, 'both workers start at once');
    assert.equal(two.ready(net), false, 'not ready before a worker has decoded the network');
    await warming;
    assert.equal(two.ready(net), true);
    await two.warm(net);
    assert.equal(two.started, 2, 'warming again starts nothing');
    const o = { from: 'Almaty', to: 'Tashkent', alternatives: 2 };
    assert.equal(await two.plan(net, { options: o, lang: 'ru', geojson: false, timeoutMs: 10_000 }), inProcess(o, 'ru'));
  } finally {
    await two.close();
  }
});

test('KARAVAN_ROUTE_WORKERS: an integer 0..64, else a coded error naming the variable', () => {
  assert.equal(routeWorkerCount('0'), 0);
  assert.equal(routeWorkerCount('3'), 3);
  assert.ok(routeWorkerCount(undefined) >= 0);
  assert.throws(() => routeWorkerCount('many'), (e: unknown) => e instanceof KaravanError && e.code === 'OPTION_INVALID' && e.params.field === 'KARAVAN_ROUTE_WORKERS');
});
