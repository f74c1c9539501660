// Watches and webhooks end to end: a receiver on 127.0.0.1 gets exactly the expected, signed
// notifications, a failed delivery is retried after its back-off, and a pending delivery survives
// closing and reopening the store (a server restart).
//
//   A==========B==========C      rail, cellKm 10. Watch 1: the route A→C (A–B, B–C).
//   !                     !      Watch 2: corridor COR-DE (waypoints D, E).
//   D=====================E      E is 19.9 km south of C.
//
// 1-alert.xml (a box round B) touches A–B and B–C: one delivery (watch 1). 2-update.xml (a 20 km
// circle round C) touches B–C and E: two deliveries (watch 1 and watch 2).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { ingestAlerts } from '../src/app/alerts.ts';
import { addWatch, backoffSeconds, deliverDue } from '../src/app/alerts-watch.ts';
import { KaravanError } from '../src/core/issues.ts';
import { listDeliveries, openStore, upsertRecords, type Db } from '../src/store/index.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';

const FIX = join(PROJECT_ROOT, 'test/fixtures/cap/good/sequence');
const T0 = '2025-03-06T18:00:00Z';
const plus = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

const records = drawNetwork(`A==========B==========C
!                     !
D=====================E`, { cellKm: 10 });
records.corridors = [{ id: 'COR-DE', name_en: 'D–E', name_ru: 'D–E', nodes: ['D', 'E'], color: null, sourceId: 'drawn#COR-DE', confidence: 'surveyed' }];

interface Received { delivery: string; signature: string; body: string; status: number }
const received: Received[] = [];
let failNext = 0;
let server: Server;
let url = '';
let h: Awaited<ReturnType<typeof openPgliteForTest>>;
let db: Db;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const status = failNext > 0 ? (failNext--, 500) : 200;
      received.push({ delivery: String(req.headers['x-karavan-delivery']), signature: String(req.headers['x-karavan-signature']), body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;
  h = await openPgliteForTest();
  db = h.db;
  await db.transaction((tx) => upsertRecords(tx, records));
});
after(async () => {
  await db?.close().catch(() => undefined);
  await h?.cleanup();
  server?.close();
});

test('a webhook must be a loopback http(s) URL unless remote hosts are allowed', async () => {
  for (const bad of ['ftp://127.0.0.1/x', 'http://10.0.0.8/hook', 'not a url']) {
    await assert.rejects(addWatch(db, { corridor: 'COR-DE', webhookUrl: bad }), (e: unknown) => e instanceof KaravanError && e.code === 'CAP_WEBHOOK_URL');
  }
  await assert.rejects(addWatch(db, { webhookUrl: url }), (e: unknown) => e instanceof KaravanError && e.code === 'CAP_WATCH_TARGET');
});

test('an alert on a watched route queues one signed delivery; a failure is retried after its back-off, across a restart', async () => {
  const w1 = await addWatch(db, { route: { from: 'A', to: 'C' }, webhookUrl: url, secret: 's3cret' });
  assert.deepEqual(w1.links, ['A-B', 'B-C']);
  await addWatch(db, { corridor: 'COR-DE', webhookUrl: url, secret: 'other' });

  const ing = await ingestAlerts(db, [join(FIX, '1-alert.xml')], { now: T0 });
  assert.equal(ing.queued, 1);

  failNext = 1;
  assert.deepEqual(await deliverDue(db, { at: T0 }), { delivered: 0, retrying: 1, failed: 0 });
  assert.equal(received.length, 1);

  // restart: the pending delivery is in the store, not in memory
  await db.close();
  db = await openStore({ dataDir: h.dir });
  assert.deepEqual(await deliverDue(db, { at: plus(backoffSeconds(1) - 1) }), { delivered: 0, retrying: 0, failed: 0 }, 'not due before its back-off');
  assert.deepEqual(await deliverDue(db, { at: plus(backoffSeconds(1)) }), { delivered: 1, retrying: 0, failed: 0 });

  assert.deepEqual(received.map((r) => [r.delivery, r.status]), [['1', 500], ['1', 200]]);
  const ok = received[1];
  assert.equal(ok.signature, `sha256=${createHmac('sha256', 's3cret').update(ok.body).digest('hex')}`);
  const body = JSON.parse(ok.body);
  assert.deepEqual([body.watch.id, body.alert.identifier, body.alert.effect, body.touched.links], [w1.id, 'DRAWN-1', 'closure', ['A-B', 'B-C']]);
  assert.deepEqual((await listDeliveries(db)).map((d) => [d.status, d.attempts]), [['delivered', 2]]);
});

test('the update touches the route and the corridor: exactly two more deliveries; a re-ingest adds none', async () => {
  const ing = await ingestAlerts(db, [join(FIX, '2-update.xml')], { now: plus(60) });
  assert.equal(ing.queued, 2);
  assert.deepEqual(await deliverDue(db, { at: plus(60) }), { delivered: 2, retrying: 0, failed: 0 });
  const again = await ingestAlerts(db, [FIX], { now: plus(120) });
  assert.equal(again.queued, 0);
  assert.deepEqual(await deliverDue(db, { at: plus(3600) }), { delivered: 0, retrying: 0, failed: 0 });
  const last = received.slice(2).map((r) => JSON.parse(r.body) as { watch: { kind: string }; alert: { identifier: string } });
  assert.deepEqual(last.map((b) => [b.watch.kind, b.alert.identifier]).sort(), [['corridor', 'DRAWN-2'], ['route', 'DRAWN-2']]);
  assert.equal(received.length, 4);
});
