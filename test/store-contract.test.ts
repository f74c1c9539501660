// One contract, every backend: the same assertions on embedded PGlite and on a real
// PostgreSQL/PostGIS server (DATABASE_URL; CI starts one, and there this suite may not skip).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFiles, batchToRecords } from '../src/ingest/read-files.ts';
import { LAYERS } from '../src/core/model.ts';
import { countLayer, loadRecords, migrate, readLayer, upsertRecords, type Db } from '../src/store/index.ts';
import { needOrSkip } from './helpers/skip.ts';
import { openPgliteForTest, openServerForTest } from './helpers/stores.ts';

const fixture = () => {
  const r = readFiles(['test/fixtures/network', 'test/fixtures/network-extra']);
  assert.deepEqual(r.issues, []);
  return batchToRecords(r.batch);
};

function contract(name: string, open: () => Promise<{ db: Db; cleanup: () => Promise<void> } | null>) {
  describe(`store contract: ${name}`, () => {
    let h: { db: Db; cleanup: () => Promise<void> } | null = null;
    before(async () => { h = await open(); });
    after(async () => { await h?.cleanup(); });
    const db = () => h!.db;

    test('migrations are applied once and re-running them changes nothing', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      assert.deepEqual(await migrate(db()), []);
      const v = await db().query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.ok(v.length >= 1 && v[0].version === '0001');
    });

    test('records written are read back unchanged, in every layer', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      const recs = fixture();
      await db().transaction((tx) => upsertRecords(tx, recs));
      const back = await loadRecords(db());
      for (const layer of LAYERS) {
        assert.ok(recs[layer].length > 0, `the fixture has no ${layer}`);
        const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
        assert.deepEqual([...back[layer]].sort(byId), [...recs[layer]].sort(byId), layer);
      }
    });

    test('a second write of the same ids replaces, never duplicates', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      const recs = fixture();
      recs.links[0] = { ...recs.links[0], tracks: 3 };
      await db().transaction((tx) => upsertRecords(tx, recs));
      assert.equal(await countLayer(db(), 'links'), recs.links.length);
      const [l] = await readLayer(db(), 'links', { ids: [recs.links[0].id] });
      assert.equal(l.tracks, 3);
    });

    test('a bbox query uses the geometry (EPSG:4326)', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      const east = await readLayer(db(), 'nodes', { bbox: [82, 45, 83, 46] });
      assert.deepEqual(east.map((n) => n.id).sort(), ['T-ALASHANKOU', 'T-DOSTYK']);
      assert.equal(await countLayer(db(), 'links', { mode: 'rail', bbox: [73, 43, 74, 44] }), 1);
    });

    test('a country filter means the same in reads and counts, on every layer (crossings: either side; projects: any listed country)', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      for (const layer of LAYERS) {
        for (const country of ['KZ', 'CN']) {
          const rows = await readLayer(db(), layer, { country });
          assert.equal(await countLayer(db(), layer, { country }), rows.length, `${layer} ${country}`);
        }
      }
      assert.deepEqual((await readLayer(db(), 'crossings', { country: 'CN' })).map((x) => x.id), ['T-X-DOSTYK']);
      assert.deepEqual((await readLayer(db(), 'projects', { country: 'KZ' })).map((x) => x.id), ['T-P1']);
      assert.deepEqual((await readLayer(db(), 'corridors', { country: 'KZ' })).map((x) => x.id), ['T-COR-1']);
      assert.deepEqual((await readLayer(db(), 'corridors', { country: 'CN' })).map((x) => x.id), []);
      assert.equal((await readLayer(db(), 'nodes', { country: 'CN' })).every((n) => n.country === 'CN'), true);
    });

    test('ids come back in byte order on both backends (COLLATE "C")', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      const base = fixture().nodes[0];
      const ids = ['Z-a_c', 'Z-aB', 'Z-a-b', 'Z-Ab'];
      await db().transaction((tx) => upsertRecords(tx, { nodes: ids.map((id) => ({ ...base, id })), links: [], crossings: [], ports: [], corridors: [], projects: [] }));
      const back = (await readLayer(db(), 'nodes', { ids })).map((n) => n.id);
      assert.deepEqual(back, [...ids].sort());
      await db().query("DELETE FROM nodes WHERE id LIKE 'Z-%'");
    });

    test('geodesic length in the database agrees with the stored lengthKm of a straight link', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      const [r] = await db().query<{ km: number; stored: number }>(
        "SELECT ST_Length(geom::geography) / 1000 AS km, length_km AS stored FROM links WHERE id = 'rail:T-ALMATY:T-SHU'");
      assert.ok(Math.abs(r.km - r.stored) / r.stored < 0.005, `${r.km} vs ${r.stored}`);
    });

    test('a failed transaction leaves nothing behind', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      const before = await countLayer(db(), 'nodes');
      await assert.rejects(db().transaction(async (tx) => {
        await tx.query("INSERT INTO nodes (id, kind, name_en, country, source_id, confidence, geom) VALUES ('X1', 'city', 'X', 'KZ', 's', 'estimated', ST_SetSRID(ST_MakePoint(70, 45), 4326))");
        throw new Error('abort');
      }));
      assert.equal(await countLayer(db(), 'nodes'), before);
    });

    test('a link to a missing node is refused at commit (deferred foreign key)', async (t) => {
      if (!needOrSkip(t, h !== null, 'a PostgreSQL/PostGIS server (DATABASE_URL)')) return;
      const recs = fixture();
      const bad = { ...recs, nodes: [], crossings: [], ports: [], corridors: [], projects: [], links: [{ ...recs.links[0], id: 'dangling', to: 'NOWHERE' }] };
      await assert.rejects(db().transaction((tx) => upsertRecords(tx, bad)));
      assert.equal((await readLayer(db(), 'links', { ids: ['dangling'] })).length, 0);
    });
  });
}

contract('PGlite (embedded)', openPgliteForTest);
contract('PostgreSQL server', openServerForTest);
