// Alerts in a real store (PGlite, and a PostgreSQL/PostGIS server when DATABASE_URL is set):
// exposure on a drawn network with answers worked out by hand, supersession by references,
// duplicates, expiry, the antimeridian, and the hostile corpus leaving nothing behind.
//
//   A==========B----------C----------E     cellKm 10: A–B rail 110 km (KZ), B–C road 110 km (KG),
//              |                           C–E road 110 km (KG), B–D road 30 km (KZ);
//              |                           crossing X-B-C at B (KZ→KG).
//              |                           Nodes sit on the equator grid: lon = column·10/111.32°,
//              D                           lat = −row·10/111.32°.
//
// The alert box (good/sequence/1-alert.xml, good/hazards.geojson HZ-1) spans lon 0.5..1.5,
// lat −0.1..0.1: B (lon 0.98814) is inside; on the equator a link's share inside is linear in
// longitude, so A–B has (0.98814−0.5)/0.98814 = 0.49400 inside, B–C (1.5−0.98814)/0.98814 = 0.51800,
// and B–D (south along a meridian) 0.1/0.26949 = 0.37107.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { alertImpacts, ingestAlertBody, ingestAlerts, listAlertsUseCase, showAlert } from '../src/app/alerts.ts';
import type { Records } from '../src/core/model.ts';
import { countAlerts, migrate, upsertRecords, type Db } from '../src/store/index.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { needOrSkip } from './helpers/skip.ts';
import { openPgliteForTest, openServerForTest } from './helpers/stores.ts';

const FIX = join(PROJECT_ROOT, 'test/fixtures/cap');
const NOW = '2025-03-06T18:00:00Z';

function drawn(): Records {
  // the first row starts right after the backtick: row 0 is the equator
  const r = drawNetwork(`A==========B----------C----------E
           |
           |
           D`, {
    cellKm: 10,
    nodes: { C: { country: 'KG' }, E: { country: 'KG' } },
    links: { 'B-C': { country: 'KG' }, 'C-E': { country: 'KG' } },
    crossings: { 'B-C': { dwellHoursAB: 5, dwellHoursBA: 5 } },
  });
  r.corridors = [
    { id: 'COR-ABC', name_en: 'A–C', name_ru: 'A–C', nodes: ['A', 'B', 'C'], color: null, sourceId: 'drawn#COR-ABC', confidence: 'surveyed' },
    { id: 'COR-CE', name_en: 'C–E', name_ru: 'C–E', nodes: ['C', 'E'], color: null, sourceId: 'drawn#COR-CE', confidence: 'surveyed' },
  ];
  const project = (id: string, link: string) => ({
    id, name_en: id, name_ru: id, countries: ['KG'], kind: 'upgrade' as const, status: 'planned' as const, yearStart: 2026, yearEnd: 2028, costAmount: null, costCurrency: null,
    financiers: [], changes: [{ op: 'set' as const, link, attr: 'speedKmh' as const, value: 80 }], citation: 'drawn', sourceId: `drawn#${id}`, confidence: 'surveyed' as const,
  });
  r.projects = [project('P-BC', 'B-C'), project('P-CE', 'C-E')];
  return r;
}

/** Two short links on either side of 180° at 65° N, and one far away at 100° E. */
function farEast(): Records {
  const r = drawNetwork(`P====Q R====S T====U`, { cellKm: 10, nodes: { P: { country: 'RU' }, Q: { country: 'RU' }, R: { country: 'RU' }, S: { country: 'RU' }, T: { country: 'RU' }, U: { country: 'RU' } } });
  const place: Record<string, [number, number]> = { P: [179.5, 65], Q: [179.9, 65], R: [-179.9, 65], S: [-179.5, 65], T: [100, 65], U: [100.4, 65] };
  for (const n of r.nodes) [n.lon, n.lat] = place[n.id];
  for (const l of r.links) l.geometry = [place[l.from], place[l.to]];
  for (const n of r.nodes) n.id = `FE-${n.id}`;
  for (const l of r.links) [l.id, l.from, l.to] = [`FE-${l.id}`, `FE-${l.from}`, `FE-${l.to}`];
  return r;
}

const near = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);

function suite(name: string, open: () => Promise<{ db: Db; cleanup: () => Promise<void> } | null>) {
  describe(`alerts on ${name}`, () => {
    let h: { db: Db; cleanup: () => Promise<void> } | null = null;
    before(async () => {
      h = await open();
      if (h) await h.db.transaction(async (tx) => { await upsertRecords(tx, drawn()); await upsertRecords(tx, farEast()); });
    });
    after(async () => { await h?.cleanup(); });
    const need = (t: Parameters<typeof needOrSkip>[0]) => needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)');

    test('the hostile corpus is refused as a whole: nothing stored', async (t) => {
      if (!need(t)) return;
      const r = await ingestAlerts(h!.db, [join(FIX, 'bad')], { now: NOW });
      assert.equal(r.ok, false);
      assert.equal(r.written, 0);
      assert.deepEqual(await countAlerts(h!.db, NOW), { total: 0, active: 0 });
    });

    test('a polygon alert: links, km per mode and country, node, crossing, corridor and project, by hand', async (t) => {
      if (!need(t)) return;
      const r = await ingestAlerts(h!.db, [join(FIX, 'good/sequence/1-alert.xml')], { now: NOW });
      assert.equal(r.ok, true, JSON.stringify(r.issues));
      assert.equal(r.written, 1);
      const [x] = await alertImpacts(h!.db, { id: r.alerts[0].id, at: NOW });
      assert.equal(x.alert.effect.kind, 'closure'); // Extreme + Observed
      const i = x.impact;
      assert.deepEqual(i.links.map((l) => l.id), ['A-B', 'B-C', 'B-D']);
      near(i.links[0].affectedKm, 110 * 0.494, 0.02, 'A-B');
      near(i.links[1].affectedKm, 110 * 0.518, 0.02, 'B-C');
      near(i.links[2].affectedKm, 30 * 0.37107, 0.02, 'B-D');
      assert.deepEqual(i.kmByModeCountry.map((e) => `${e.mode} ${e.country}`), ['rail KZ', 'road KG', 'road KZ']);
      near(i.kmByMode.road, 110 * 0.518 + 30 * 0.37107, 0.03, 'road');
      assert.deepEqual(i.nodes, ['B']);
      assert.deepEqual(i.crossings, ['X-B-C']);
      assert.deepEqual(i.corridors, ['COR-ABC']);
      assert.deepEqual(i.projects, ['P-BC']);
    });

    test('an update supersedes by references; its circle touches what lies within 20 km of C', async (t) => {
      if (!need(t)) return;
      const r = await ingestAlerts(h!.db, [join(FIX, 'good/sequence/2-update.xml')], { now: NOW });
      assert.equal(r.ok, true);
      assert.equal(r.superseded.length, 1);
      const active = await listAlertsUseCase(h!.db, { at: NOW });
      assert.deepEqual(active.map((a) => a.identifier), ['DRAWN-2']);
      const [x] = await alertImpacts(h!.db, { at: NOW });
      assert.equal(x.alert.effect.kind, 'delay'); // Severe + Likely
      assert.deepEqual(x.impact.links.map((l) => l.id), ['B-C', 'C-E']);
      for (const l of x.impact.links) near(l.affectedKm, 20, 0.05, l.id); // circumscribed 64-gon: +0.12 %
      assert.deepEqual(x.impact.nodes, ['C']);
      assert.deepEqual(x.impact.crossings, []);
      assert.deepEqual(x.impact.corridors.sort(), ['COR-ABC', 'COR-CE']);
      const first = await showAlert(h!.db, r.superseded[0], NOW);
      assert.equal(first.identifier, 'DRAWN-1');
      assert.equal(first.active, false);
      assert.deepEqual(first.history.map((e) => [e.change, e.byAlert]), [['received', null], ['updated', r.alerts[0].id]]);
    });

    test('a cancel ends it; ingesting the same file again is a duplicate, not a second alert', async (t) => {
      if (!need(t)) return;
      const r = await ingestAlerts(h!.db, [join(FIX, 'good/sequence/3-cancel.xml')], { now: NOW });
      assert.equal(r.ok, true);
      assert.deepEqual(await listAlertsUseCase(h!.db, { at: NOW }), []);
      const again = await ingestAlerts(h!.db, [join(FIX, 'good/sequence')], { now: NOW });
      assert.equal(again.written, 0);
      assert.equal(again.issues.filter((i) => i.code === 'CAP_DUPLICATE').length, 3);
      assert.deepEqual(await countAlerts(h!.db, NOW), { total: 3, active: 0 });
    });

    test('expired alerts are kept as history; "active" is judged at a given moment', async (t) => {
      if (!need(t)) return;
      const r = await ingestAlerts(h!.db, [join(FIX, 'good/hazards.geojson')], { now: '2025-03-07T12:00:00Z' });
      assert.equal(r.ok, true);
      assert.deepEqual(r.issues.map((i) => [i.code, i.at.id]), [['CAP_EXPIRED', 'HZ-2']]);
      assert.deepEqual((await listAlertsUseCase(h!.db, { at: '2025-03-07T12:00:00Z' })).map((a) => a.identifier), ['HZ-1']);
      assert.deepEqual((await listAlertsUseCase(h!.db, { at: '2025-03-06T12:00:00Z' })).map((a) => a.identifier).sort(), ['HZ-1', 'HZ-2']);
      assert.deepEqual((await listAlertsUseCase(h!.db, { at: '2025-03-09T12:00:00Z' })).map((a) => a.identifier), []);
    });

    test('a feed stores its inline and linked entries', async (t) => {
      if (!need(t)) return;
      const feedNow = '2025-03-06T12:00:00Z';
      const r = await ingestAlerts(h!.db, [join(FIX, 'good/feed/feed.atom')], { now: feedNow });
      assert.equal(r.written, 2);
      const ids = (await listAlertsUseCase(h!.db, { at: feedNow })).map((a) => a.identifier);
      assert.ok(ids.includes('FEED-INLINE-1') && ids.includes('FEED-LINKED-1'));
    });

    test('an update that arrives before its original still supersedes it', async (t) => {
      if (!need(t)) return;
      const rename = (f: string) => new TextEncoder().encode(readFileSync(join(FIX, 'good/sequence', f), 'utf8').replaceAll('DRAWN-', 'LATE-'));
      const u = await ingestAlertBody(h!.db, rename('2-update.xml'), 'update.xml', { now: NOW });
      assert.deepEqual(u.issues.map((i) => i.code), ['CAP_REFERENCE_UNKNOWN']);
      const a = await ingestAlertBody(h!.db, rename('1-alert.xml'), 'alert.xml', { now: NOW });
      assert.deepEqual(a.superseded, [a.alerts[0].id]);
      const active = (await listAlertsUseCase(h!.db, { at: NOW })).map((x) => x.identifier);
      assert.ok(active.includes('LATE-2') && !active.includes('LATE-1'));
    });

    test('an antimeridian polygon touches the links on both sides of 180° and nothing at 100° E', async (t) => {
      if (!need(t)) return;
      const r = await ingestAlerts(h!.db, [join(FIX, 'bad/antimeridian.xml')], { now: '2025-03-06T13:00:00Z' });
      assert.equal(r.ok, true);
      const [x] = await alertImpacts(h!.db, { id: r.alerts[0].id, at: '2025-03-06T13:00:00Z' });
      assert.deepEqual(x.impact.links.map((l) => l.id), ['FE-P-Q', 'FE-R-S']);
      assert.deepEqual(x.impact.nodes, ['FE-P', 'FE-Q', 'FE-R', 'FE-S']);
      for (const l of x.impact.links) near(l.affectedKm, l.lengthKm, 0.01, l.id);
    });

    test('migration 0003 on a store written before it: country areas marked, onset moved to the event start', async (t) => {
      if (!need(t)) return;
      const r = await ingestAlerts(h!.db, [join(FIX, 'geocode/country-only.xml')], { now: '2030-05-01T02:00:00Z' });
      assert.equal(r.ok, true, JSON.stringify(r.issues));
      const id = r.alerts[0].id;
      const state = async () => (await h!.db.query<{ geocode: boolean; onset: string }>(
        `SELECT bool_and(x.from_geocode) AS geocode, to_char(a.onset AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS onset
         FROM alerts a JOIN alert_areas x ON x.alert_id = a.id WHERE a.id = $1 GROUP BY a.onset`, [id]))[0];
      assert.deepEqual(await state(), { geocode: true, onset: '2030-05-01T03:00:00Z' }, 'as ingested now');
      const others = await h!.db.query(`SELECT id, onset FROM alerts WHERE id <> $1 ORDER BY id`, [id]);
      // back to the schema and data of before: no column, no flag in the document, onset clamped to sent
      await h!.db.exec(`ALTER TABLE alert_areas DROP COLUMN from_geocode; DROP INDEX alerts_onset_idx;
        UPDATE alerts SET doc = doc #- '{infos,0,areas,0,fromGeocodes}', onset = sent WHERE id = '${id}';
        DELETE FROM schema_migrations WHERE version = '0003'`);
      assert.deepEqual(await migrate(h!.db), ['0003']);
      assert.deepEqual(await state(), { geocode: true, onset: '2030-05-01T03:00:00Z' }, 'as the migration left it');
      assert.deepEqual(await h!.db.query(`SELECT id, onset FROM alerts WHERE id <> $1 ORDER BY id`, [id]), others, 'the others keep their onset');
      assert.equal((await h!.db.query(`SELECT count(*)::int AS n FROM alert_areas WHERE from_geocode`))[0].n, 1, 'drawn areas stay drawn');
    });
  });
}

suite('PGlite', openPgliteForTest);
suite('PostgreSQL server', openServerForTest);
