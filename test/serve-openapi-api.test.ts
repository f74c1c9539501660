// Contract: routing, flows and alerts answer as /openapi.json says. Real requests against a real
// server with the bundled network (good ones and bad ones), each answer's status and content type
// declared for its operation and its JSON body valid against the schema declared for that status;
// request bodies valid against the declared requestBody. The validator is shown to refuse answers
// with a part taken away, so that a schema that accepts anything cannot pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { startTestServer, type TestServer } from './helpers/browser.ts';
import { answerProblems, fetchDoc, requestProblems, schemaRef, validator, type Doc } from './helpers/openapi-contract.ts';

const CAP = join(PROJECT_ROOT, 'test/fixtures/cap');
const AT = '2025-03-06T18:00:00Z';
// The fixture alert, moved onto the first rail link out of Almaty-1 (it passes 76.25 E, 43.5 N);
// CAP polygons are "lat,lon". Extreme and observed: a closure.
const ALMATY_CAP = readFileSync(join(CAP, 'good/sequence/1-alert.xml'), 'utf8')
  .replaceAll('DRAWN-', 'OPENAPI-')
  .replaceAll('-0.1,0.5 -0.1,1.5 0.1,1.5 0.1,0.5 -0.1,0.5', '43.4,76.15 43.6,76.15 43.6,76.35 43.4,76.35 43.4,76.15');

// The requests name bundled places (Almaty, Tashkent …): on the fixture network alone they cannot run.
const skip = process.env.KARAVAN_TEST_FIXTURES_ONLY === '1' ? 'needs the bundled network (KARAVAN_TEST_FIXTURES_ONLY=1)' : false;

let s: TestServer;
let doc: Doc;
let validate: ReturnType<typeof validator>;
/** Operations answered with a 2xx and checked, by operationId. */
const succeeded = new Set<string>();

before(async () => {
  s = await startTestServer();
  doc = await fetchDoc(s.url);
  validate = validator(doc);
});
after(async () => { await s.close(); });

interface Call { method?: string; body?: unknown; raw?: string; type?: string; headers?: Record<string, string> }

/** Sends a request to `url`, checks the answer against `path`'s operation, returns status and body. */
async function call(path: string, url: string, c: Call = {}): Promise<{ status: number; body: any }> {
  const method = c.method ?? (c.body !== undefined || c.raw !== undefined ? 'POST' : 'GET');
  const type = c.type ?? (c.body !== undefined ? 'application/json' : undefined);
  if (c.body !== undefined) assert.deepEqual(requestProblems(doc, validate, method, path, type!, c.body), [], `${method} ${url}: the request body does not match the document`);
  const res = await fetch(`${s.url}${url}`, {
    method, headers: { ...(type ? { 'content-type': type } : {}), ...c.headers },
    body: c.raw ?? (c.body !== undefined ? JSON.stringify(c.body) : undefined),
  });
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0];
  const text = await res.text();
  const body = /json/.test(mediaType) ? JSON.parse(text) : text;
  const problems = answerProblems(doc, validate, method, path, { status: res.status, type: mediaType, body });
  assert.deepEqual(problems, [], `${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  const op = doc.paths[path][method.toLowerCase()];
  if (res.status < 300 && op.operationId) succeeded.add(op.operationId);
  return { status: res.status, body };
}

test('no path is listed twice up to parameter names, and every operation is described by hand', () => {
  const shapes = new Map<string, string>();
  for (const path of Object.keys(doc.paths)) {
    const shape = path.replace(/\{[^}]*\}/g, '{}');
    assert.ok(!shapes.has(shape), `${path} and ${shapes.get(shape)} are one path`);
    shapes.set(shape, path);
  }
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) assert.ok(op.operationId, `${method.toUpperCase()} ${path} is not described (picked up from Fastify's route table)`);
  }
});

test('POST and GET /route: routes, alternatives, GeoJSON, Pareto, an unreachable pair', { skip }, async () => {
  const one = await call('/route', '/route', { body: { from: 'Almaty', to: 'Tashkent' } });
  assert.equal(one.status, 200);
  assert.equal(one.body.routes.length, 1, 'alternatives default to 3 over HTTP, but this pair has one route that differs enough');
  assert.equal(one.body.from, 'KZ-ALMATY-1');
  const three = await call('/route', '/route', { body: { from: 'Almaty', to: 'Tashkent', alternatives: 3, modes: ['rail', 'road'], avoidCountries: 'CN' } });
  assert.equal(three.status, 200);
  const moscow = await call('/route', '/route', { body: { from: 'Almaty', to: 'Moscow', alternatives: 3, weights: 'usd=1,hours=2' } });
  assert.equal(moscow.status, 200);
  assert.ok(moscow.body.routes[0].borderCrossings.length > 0, 'Almaty – Moscow crosses a border');
  const istanbul = await call('/route', '/route', { body: { from: 'Tashkent', to: 'Istanbul', alternatives: 1 } });
  assert.ok(istanbul.body.routes[0].gaugeChanges.length > 0 && istanbul.body.routes[0].transshipments.length > 0, 'Tashkent – Istanbul changes gauge and mode');
  const geo = await call('/route', '/route?format=geojson', { body: { from: 'Almaty', to: 'Tashkent' } });
  assert.equal(geo.body.type, 'FeatureCollection');
  assert.equal(geo.body.features.length, one.body.routes[0].legs.length, 'one line per leg');
  const viaGet = await call('/route', '/route?from=Almaty&to=Tashkent&via=Shymkent&profile=bulk&year=2030&lang=ru');
  assert.equal(viaGet.status, 200);
  await call('/route', '/route?from=Almaty&to=Tashkent&format=geojson&alternatives=2');
  const pareto = await call('/route', '/route', { body: { from: 'Almaty', to: 'Tashkent', pareto: true } });
  assert.ok(pareto.body.routes.length >= 1);
  const same = await call('/route', '/route?from=Almaty&to=Almaty');
  assert.deepEqual(same.body.routes[0].legs, [], 'a route from a place to itself has no legs');
  const cut = await call('/route', '/route', { body: { from: 'Almaty', to: 'Tashkent', modes: 'ferry' } });
  assert.equal(cut.status, 200);
  assert.deepEqual(cut.body.routes, []);
  assert.equal(cut.body.unreachable.reason, 'ROUTE_UNREACHABLE_MODES');
  const noRoute = await call('/route', '/route?format=geojson', { body: { from: 'Almaty', to: 'Tashkent', modes: 'ferry' } });
  assert.deepEqual([noRoute.body.features.length, typeof noRoute.body.unreachable?.reason], [0, 'string'], 'an unreachable pair as GeoJSON says why');
});

test('bad route requests are 4xx errors as the document says, never 500', { skip }, async () => {
  const cases: [string, Call, string][] = [
    ['/route?from=Almaty&to=Tashkent&modes=plane', {}, 'OPTION_INVALID'],
    ['/route?from=Almaty', {}, 'OPTION_REQUIRED'],
    ['/route?from=Almaty&to=Tashkent&alternatives=9', {}, 'OPTION_INVALID'],
    ['/route?from=Almaty&to=Nowhereville', {}, 'ROUTE_PLACE_NOT_FOUND'],
    ['/route?from=0,0&to=Tashkent', {}, 'ROUTE_SNAP_TOO_FAR'],
    ['/route', { raw: '{"from": "Almaty", "to": ', type: 'application/json' }, 'BODY_INVALID'],
    ['/route', { raw: '[1, 2]', type: 'application/json' }, 'BODY_INVALID'],
    ['/route', { raw: JSON.stringify({ from: 'Almaty', to: 'Tashkent', modes: 'plane' }), type: 'application/json', headers: { 'accept-language': 'ru' } }, 'OPTION_INVALID'],
    ['/route', { raw: JSON.stringify({ from: 'Almaty', to: 'Tashkent', profile: 'nope' }), type: 'application/json' }, 'ROUTE_PROFILE_UNKNOWN'],
    ['/matrix?from=Almaty', {}, 'OPTION_REQUIRED'],
  ];
  for (const [url, c, code] of cases) {
    const r = await call(url.split('?')[0], url, c);
    assert.equal(r.status, 400, url);
    assert.equal(r.body.code, code, `${url} ${c.raw ?? ''}`);
  }
  const xml = await call('/route', '/route', { raw: '<route from="Almaty"/>', type: 'application/xml' });
  assert.deepEqual([xml.status, xml.body.code], [415, 'BODY_INVALID']);
  const big = await call('/route', '/route', { raw: JSON.stringify({ from: 'Almaty', to: 'Tashkent', closed: 'x'.repeat(1.2 * 1024 * 1024) }), type: 'application/json' });
  assert.deepEqual([big.status, big.body.code], [413, 'BODY_INVALID']);
});

test('GET /matrix (2 × 2, and a pair with no route) and GET /route/limits', { skip }, async () => {
  const m = await call('/matrix', '/matrix?from=Almaty;Tashkent&to=Moscow;Minsk');
  assert.equal(m.status, 200);
  assert.deepEqual(m.body.cells.map((row: unknown[]) => row.length), [2, 2]);
  const none = await call('/matrix', '/matrix?from=Almaty&to=Tashkent&modes=ferry');
  assert.deepEqual(none.body.cells, [[null]]);
  const limits = await call('/route/limits', '/route/limits');
  assert.ok(limits.body.maxAlternatives >= 1);
});

test('GET /flows (JSON and GeoJSON) and GET /bottlenecks, and their bad options', { skip }, async () => {
  const flows = await call('/flows', '/flows');
  assert.equal(flows.status, 200);
  assert.ok(flows.body.links.length > 0);
  const geo = await call('/flows', '/flows?format=geojson');
  assert.equal(geo.body.type, 'FeatureCollection');
  const b = await call('/bottlenecks', '/bottlenecks?top=5');
  assert.ok(b.body.bottlenecks.length <= 5);
  assert.equal((await call('/flows', '/flows?top=0')).status, 400);
  assert.equal((await call('/bottlenecks', '/bottlenecks?demand=../secret.csv')).status, 400);
  assert.equal((await call('/flows', '/flows?demand=no-such-file.csv')).status, 404);
});

test('the alerts family: ingest, listings, impact, areas, reroute, watches, deliveries, events', { skip }, async () => {
  const watch = await call('/alerts/watches', '/alerts/watches', { body: { route: { from: 'Almaty', to: 'Tashkent' }, webhookUrl: 'http://127.0.0.1:9/hook' } });
  assert.equal(watch.status, 201);
  assert.equal(watch.body.kind, 'route');
  assert.equal((await call('/alerts/watches', '/alerts/watches', { body: { corridor: 'T-CORRIDOR', webhookUrl: 'http://127.0.0.1:9/hook', secret: 's3cret' } })).status, 201);
  assert.equal((await call('/alerts/watches', '/alerts/watches', { raw: JSON.stringify({ corridor: 'T-CORRIDOR' }), type: 'application/json' })).status, 400);
  assert.equal((await call('/alerts/watches', '/alerts/watches', { raw: JSON.stringify({ corridor: 'T-CORRIDOR', webhookUrl: 'http://192.0.2.1/x' }), type: 'application/json' })).body.code, 'CAP_WEBHOOK_URL');
  assert.equal((await call('/alerts/watches', '/alerts/watches', { body: { corridor: 'NO-SUCH-CORRIDOR', webhookUrl: 'http://127.0.0.1:9/hook' } })).status, 404);
  // A malformed watch is the client's error (400, the field named), never a 500.
  const hook = 'http://127.0.0.1:9/hook';
  for (const [body, code, field] of [
    [{ route: 'x', webhookUrl: hook }, 'OPTION_INVALID', 'route'],
    [{ route: { from: 'Almaty' }, webhookUrl: hook }, 'OPTION_REQUIRED', 'route.to'],
    [{ corridor: 'T-CORRIDOR', webhookUrl: hook, secret: 5 }, 'OPTION_INVALID', 'secret'],
    [{ route: { from: 'Almaty', to: 'Tashkent', modes: 'air' }, webhookUrl: hook }, 'OPTION_INVALID', 'modes'],
  ] as const) {
    const r = await call('/alerts/watches', '/alerts/watches', { raw: JSON.stringify(body), type: 'application/json' });
    assert.deepEqual([r.status, r.body.code, r.body.field], [400, code, field], JSON.stringify(body));
  }

  // the event stream, opened before the alert arrives
  const ctl = new AbortController();
  const stream = await fetch(`${s.url}/alerts/events`, { signal: ctl.signal });
  assert.deepEqual(answerProblems(doc, validate, 'GET', '/alerts/events', { status: stream.status, type: (stream.headers.get('content-type') ?? '').split(';')[0], body: null }), []);
  succeeded.add('alertEvents');

  const posted = await call('/alerts', `/alerts?at=${AT}`, { raw: ALMATY_CAP, type: 'application/cap+xml' });
  assert.equal(posted.status, 201);
  const id = posted.body.alerts[0].id as string;
  const hazards = JSON.parse(readFileSync(join(CAP, 'good/hazards.geojson'), 'utf8'));
  assert.equal((await call('/alerts', `/alerts?at=${AT}`, { body: hazards, type: 'application/geo+json' })).status, 201);
  const hostile = await call('/alerts', '/alerts', { raw: readFileSync(join(CAP, 'bad/billion-laughs.xml'), 'utf8'), type: 'application/xml' });
  assert.equal(hostile.status, 422);
  assert.equal(hostile.body.ok, false);
  assert.equal((await call('/alerts', '/alerts', { raw: '', type: 'application/xml' })).status, 400);

  const reader = stream.body!.getReader();
  let text = '';
  const until = Date.now() + 10_000;
  while (!/event: alert\nid: [^\n]+\ndata: [^\n]+\n/.test(text) && Date.now() < until) text += new TextDecoder().decode((await reader.read()).value);
  ctl.abort();
  const data = /event: alert\nid: [^\n]+\ndata: ([^\n]+)\n/.exec(text);
  assert.ok(data, `no alert event within 10 s: ${text}`);
  assert.deepEqual(validate(schemaRef('AlertEvent'), JSON.parse(data[1])), []);

  const active = await call('/alerts', `/alerts?at=${AT}`);
  assert.ok(active.body.alerts.some((a: { id: string }) => a.id === id));
  assert.ok((await call('/alerts', '/alerts?all=true&limit=2')).body.alerts.length === 2);
  assert.equal((await call('/alerts', '/alerts?limit=0')).status, 400);
  assert.equal((await call('/alerts', '/alerts?at=yesterday')).status, 400);

  const one = await call('/alerts/{id}', `/alerts/${id}?at=${AT}`);
  assert.equal(one.body.active, true);
  assert.equal((await call('/alerts/{id}', '/alerts/no-such-alert')).status, 404);
  const impact = await call('/alerts/{id}/impact', `/alerts/${id}/impact?at=${AT}`);
  assert.ok(impact.body.impact.links.some((l: { id: string }) => l.id === 'rail:KZ-ALMATY-1:KZ-KAZYBEK-BEK'), 'the moved polygon covers the first link out of Almaty-1');
  assert.equal((await call('/alerts/{id}/impact', '/alerts/no-such-alert/impact')).status, 404);
  assert.ok((await call('/alerts/impact', `/alerts/impact?at=${AT}`)).body.impacts.length >= 1);
  assert.ok((await call('/alerts.geojson', `/alerts.geojson?at=${AT}`)).body.features.length >= 1);

  const reroute = await call('/alerts/reroute', `/alerts/reroute?from=Almaty&to=Tashkent&at=${AT}`);
  assert.ok(reroute.body.changedBy.some((c: { alertId: string }) => c.alertId === id), 'the closure changes the route');
  // The route options of GET /route apply here too: Almaty → Tashkent without Kyrgyzstan, as of 2030.
  const avoiding = await call('/alerts/reroute', `/alerts/reroute?from=Almaty&to=Tashkent&avoidCountries=KG&year=2030&at=${AT}`);
  assert.equal(avoiding.status, 200);
  assert.ok(!avoiding.body.baseline.routes[0].legs.some((l: { country: string }) => l.country === 'KG'));
  assert.equal((await call('/alerts/reroute', '/alerts/reroute?from=Almaty&to=Tashkent&avoidCountries=QQ')).status, 400);
  assert.equal((await call('/alerts/reroute', '/alerts/reroute?from=Almaty')).status, 400);
  assert.equal((await call('/alerts/reroute', '/alerts/reroute?from=Almaty&to=Tashkent&modes=plane')).status, 400);

  assert.equal((await call('/alerts/watches', '/alerts/watches')).body.watches.length, 2);
  const deliveries = await call('/alerts/deliveries', '/alerts/deliveries');
  assert.ok(deliveries.body.deliveries.some((d: { alertId: string; watchId: number }) => d.alertId === id && d.watchId === watch.body.id), 'the route watch got a delivery queued');
});

test('the validator refuses answers with a part taken away or a wrong type', { skip }, async () => {
  const route = (await call('/route', '/route', { body: { from: 'Almaty', to: 'Tashkent' } })).body;
  const cut = (await call('/route', '/route', { body: { from: 'Almaty', to: 'Tashkent', modes: 'ferry' } })).body;
  const matrix = (await call('/matrix', '/matrix?from=Almaty&to=Tashkent')).body;
  const alerts = (await call('/alerts', '/alerts?all=true')).body;
  const broken: [string, string, string, unknown, (x: any) => void][] = [
    ['without routes[0].totals', 'POST', '/route', route, (x) => { delete x.routes[0].totals; }],
    ['with a leg\'s km a string', 'POST', '/route', route, (x) => { x.routes[0].legs[0].km = '949.9'; }],
    ['without warnings', 'POST', '/route', route, (x) => { delete x.warnings; }],
    ['unreachable, yet with a route', 'POST', '/route', cut, (x) => { x.routes = route.routes; }],
    ['with no route and no reason', 'POST', '/route', route, (x) => { x.routes = []; }],
    ['with a cell a number', 'GET', '/matrix', matrix, (x) => { x.cells[0][0] = 5; }],
    ['an alert without its effect', 'GET', '/alerts', alerts, (x) => { delete x.alerts[0].effect; }],
  ];
  for (const [what, method, path, good, mutate] of broken) {
    const bad = structuredClone(good);
    mutate(bad);
    assert.deepEqual(answerProblems(doc, validate, method, path, { status: 200, type: 'application/json', body: good }), [], `${method} ${path}: the unbroken answer conforms`);
    assert.notDeepEqual(answerProblems(doc, validate, method, path, { status: 200, type: 'application/json', body: bad }), [], `${method} ${path} ${what}: accepted`);
  }
});

test('every routing, flows and alerts operation was answered with a success and checked', { skip }, () => {
  const ops = Object.values(doc.paths).flatMap((o) => Object.values(o)).filter((o) => o.tags?.some((t) => ['Routing', 'Flows', 'Alerts'].includes(t)));
  assert.ok(ops.length >= 18, `only ${ops.length} operations`);
  const missed = ops.map((o) => o.operationId!).filter((id) => !succeeded.has(id) && id !== 'getWaterLevel');
  assert.deepEqual(missed, [], 'operations no test here called successfully');
});
