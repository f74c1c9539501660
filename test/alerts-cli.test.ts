// `karavan alerts …` as a user runs it (a child process: real exit codes and streams), and the
// HTTP resource over an in-process server, both on a small drawn network in PGlite:
//   A==========B----------C     A–B rail (KZ), B–C road (KG); the alert box covers B.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { buildServer } from '../src/serve/app.ts';
import { countAlerts, upsertRecords } from '../src/store/index.ts';
import { cliEnv, runCli } from './helpers/cli.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';

const FIX = join(PROJECT_ROOT, 'test/fixtures/cap');
const AT = '2025-03-06T18:00:00Z';
const records = drawNetwork(`A==========B----------C`, { cellKm: 10, nodes: { C: { country: 'KG' } }, links: { 'B-C': { country: 'KG' } } });

let cli: Awaited<ReturnType<typeof openPgliteForTest>>;
let http: Awaited<ReturnType<typeof openPgliteForTest>>;
let app: FastifyInstance;

before(async () => {
  cli = await openPgliteForTest();
  await cli.db.transaction((tx) => upsertRecords(tx, records));
  await cli.db.close(); // the CLI opens the directory itself
  http = await openPgliteForTest();
  await http.db.transaction((tx) => upsertRecords(tx, records));
  app = await buildServer({ db: http.db });
});
after(async () => {
  await app?.close();
  await cli?.cleanup();
  await http?.cleanup();
});

test('CLI: a hostile file is refused with its code, exit 1, nothing stored; a good one is stored, exit 0; impact names the links', async () => {
  const env = cliEnv(cli.dir);
  const bad = await runCli(['alerts', 'ingest', join(FIX, 'bad/xxe-file.xml')], env);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stderr, /xxe-file\.xml:2: a DOCTYPE is not allowed.*\[CAP_XML_DOCTYPE\]/);
  assert.match(bad.stderr, /nothing was stored/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');

  const good = await runCli(['alerts', 'ingest', join(FIX, 'good/sequence/1-alert.xml'), '--now', AT], env);
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /read 1, accepted 1, rejected 0, written 1/);

  const imp = await runCli(['--json', 'alerts', 'impact', '--at', AT], env);
  assert.equal(imp.code, 0, imp.stderr);
  const body = JSON.parse(imp.stdout) as { impacts: { alert: { identifier: string; effect: { kind: string } }; impact: { links: { id: string }[]; nodes: string[] } }[] };
  assert.deepEqual(body.impacts.map((x) => [x.alert.identifier, x.alert.effect.kind, x.impact.links.map((l) => l.id), x.impact.nodes]), [['DRAWN-1', 'closure', ['A-B', 'B-C'], ['B']]]);

  const ru = await runCli(['--lang', 'ru', 'alerts', 'show', 'no-such-alert'], env);
  assert.equal(ru.code, 2);
  assert.match(ru.stderr, /оповещение "no-such-alert" не найдено \[CAP_ALERT_NOT_FOUND\]/);
});

test('CLI: a bad option is bad usage (exit 2) naming the option', async () => {
  const r = await runCli(['alerts', 'list', '--at', 'yesterday'], cliEnv(cli.dir));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--at.*"yesterday".*\[OPTION_INVALID\]/);
});

test('HTTP: POST /alerts refuses a hostile body (422, nothing stored) and stores a good one (201)', async () => {
  const hostile = await app.inject({ method: 'POST', url: '/alerts', headers: { 'content-type': 'application/xml' }, payload: readFileSync(join(FIX, 'bad/billion-laughs.xml')) });
  assert.equal(hostile.statusCode, 422);
  assert.equal(hostile.json().issues[0].code, 'CAP_XML_DOCTYPE');
  assert.equal((await countAlerts(http.db, AT)).total, 0);

  const ok = await app.inject({ method: 'POST', url: `/alerts?at=${AT}`, headers: { 'content-type': 'application/cap+xml' }, payload: readFileSync(join(FIX, 'good/sequence/1-alert.xml')) });
  assert.equal(ok.statusCode, 201, ok.body);
  const id = ok.json().alerts[0].id as string;

  const geo = await app.inject({ method: 'POST', url: `/alerts?at=${AT}`, headers: { 'content-type': 'application/geo+json' }, payload: readFileSync(join(FIX, 'good/hazards.geojson')) });
  assert.equal(geo.statusCode, 201, geo.body);
  assert.equal(geo.json().written, 2);

  const list = await app.inject({ method: 'GET', url: `/alerts?at=${AT}` });
  assert.deepEqual(list.json().alerts.map((a: { identifier: string }) => a.identifier).sort(), ['DRAWN-1', 'HZ-1', 'HZ-2']);

  const one = await app.inject({ method: 'GET', url: `/alerts/${id}?at=${AT}` });
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().alert.infos.length, 2);
  assert.equal(one.json().areas.length, 2);

  const imp = await app.inject({ method: 'GET', url: `/alerts/${id}/impact?at=${AT}` });
  assert.deepEqual(imp.json().impact.links.map((l: { id: string }) => l.id), ['A-B', 'B-C']);

  const missing = await app.inject({ method: 'GET', url: '/alerts/nope', headers: { 'accept-language': 'ru' } });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'CAP_ALERT_NOT_FOUND');

  const map = await app.inject({ method: 'GET', url: `/alerts.geojson?at=${AT}` });
  assert.equal(map.json().type, 'FeatureCollection');
  assert.ok(map.json().features.every((f: { properties: { severity: string } }) => ['Extreme', 'Severe'].includes(f.properties.severity)));
});

test('HTTP: the 1.7 MB NWS alert with 212 polygons is accepted (over the 1 MB default body limit)', async () => {
  const body = readFileSync(join(FIX, 'real/kde__noaa-2.49.0.1.840.0.9b5195e635069329b12a7c697fad5934d144784a.001.1.xml'));
  assert.ok(body.length > 1024 * 1024);
  const r = await app.inject({ method: 'POST', url: '/alerts?at=2025-03-06T00:00:00Z', headers: { 'content-type': 'application/xml' }, payload: body });
  assert.equal(r.statusCode, 201, r.body.slice(0, 300));
  const one = await app.inject({ method: 'GET', url: `/alerts/${r.json().alerts[0].id}` });
  assert.equal(one.json().areas.length, 1);
  // ST_MakeValid splits the few self-touching NWS rings: at least the 212 drawn
  assert.ok(one.json().areas[0].geometry.coordinates.length >= 212);
});

test('HTTP: a feed in a request body may not make the server read its own files', async () => {
  const feed = readFileSync(join(FIX, 'good/feed/feed.atom'));
  const r = await app.inject({ method: 'POST', url: `/alerts?at=${AT}`, headers: { 'content-type': 'application/atom+xml' }, payload: feed });
  assert.equal(r.statusCode, 422);
  assert.deepEqual(r.json().issues.map((i: { code: string }) => i.code), ['CAP_FEED_LINK_BODY', 'CAP_FEED_REMOTE']);
});

test('HTTP: the Caspian water level and port drafts for a year', async () => {
  const r = await app.inject({ method: 'GET', url: '/alerts/water-level?year=2030' });
  assert.equal(r.statusCode, 200, r.body);
  const b = r.json();
  assert.equal(b.level.kind, 'projected');
  assert.ok(b.level.levelM < -29, `a falling sea: ${b.level.levelM}`);
  assert.ok(b.series.length >= 5 && b.series.every((p: { source: string }) => p.source.length > 10), 'every figure has a source');
  const bad = await app.inject({ method: 'GET', url: '/alerts/water-level?year=3000' });
  assert.equal(bad.statusCode, 400);
});

test('HTTP: the event stream sends an alert stored after it opened', async () => {
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const ctl = new AbortController();
  const res = await fetch(`${base}/alerts/events`, { signal: ctl.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body!.getReader();
  const payload = readFileSync(join(FIX, 'good/sequence/1-alert.xml'), 'utf8').replaceAll('DRAWN-', 'SSE-');
  const posted = await app.inject({ method: 'POST', url: `/alerts?at=${AT}`, headers: { 'content-type': 'application/xml' }, payload });
  assert.equal(posted.statusCode, 201, posted.body);
  let text = '';
  const deadline = Date.now() + 10_000;
  while (!text.includes('event: alert') && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
  ctl.abort();
  const data = JSON.parse(/data: (.*)\n/.exec(text)![1]);
  assert.deepEqual([data.identifier, data.effect], ['SSE-1', 'closure']);
});
