// The route answer's bytes do not depend on what the server has cached or where its network came
// from. The fast path (one warm network: profiles, places, arc costs, A* bounds and penalty buffers
// kept between requests; a network read back from its snapshot) must answer every seeded request
// with exactly the JSON the plain path gives (a network and router that have seen nothing yet).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledFiles } from '../src/app/open.ts';
import { checkOptions, loadProfile, openNetwork, planOnNetwork, PROFILE_CHECK_MS, PROFILES_DIR, routesGeoJson, type RouteOptions } from '../src/app/plan-route.ts';
import { decodeNetwork, encodeNetwork, networkFromRecords, snapshotDir, snapshotFile, type Network } from '../src/app/network.ts';
import { seededRandom } from '../src/core/random.ts';
import { KaravanError } from '../src/core/issues.ts';
import { batchToRecords, readFiles } from '../src/ingest/read-files.ts';
import { encodeSnapshot } from '../src/network/snapshot.ts';
import { Router } from '../src/route/index.ts';
import { buildServer } from '../src/serve/app.ts';
import { openStore, setMeta, upsertRecords, type Db } from '../src/store/index.ts';
import { dostykNetwork } from './helpers/draw-network.ts';
import { randomNetwork } from './helpers/random-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';

type Req = Omit<RouteOptions, 'signal'> & { lang?: 'en' | 'ru'; geojson?: boolean };

/** The plain path: a router with empty caches, a network object no place was resolved on, a profile object never routed with. */
function plain(net: Network, r: Req): string {
  const fresh: Network = { ...net, router: new Router(net.graph) };
  const opts = checkOptions(r, 'http');
  const own = { ...opts, profile: structuredClone(opts.profile) };
  const out = planOnNetwork(fresh, r, own, 'http', r.lang ?? 'en');
  return JSON.stringify(r.geojson ? routesGeoJson(fresh, out) : out);
}

function fast(net: Network, r: Req): string {
  const out = planOnNetwork(net, r, checkOptions(r, 'http'), 'http', r.lang ?? 'en');
  return JSON.stringify(r.geojson ? routesGeoJson(net, out) : out);
}

/** Errors are part of the answer too: compare their code and text. */
function answer(f: () => string): string {
  try { return f(); } catch (e) { if (e instanceof KaravanError) return `${e.code}: ${e.message}`; throw e; }
}

function seededRequests(net: Network, seed: number, count: number): Req[] {
  const rand = seededRandom(seed);
  const g = net.graph;
  const nodes: string[] = [];
  for (let n = 0; n < g.nodeCount; n++) if (g.firstVertex[n + 1] > g.firstVertex[n] && !g.nodeIds[n].startsWith('T-')) nodes.push(g.nodeIds[n]);
  const pick = () => nodes[Math.floor(rand() * nodes.length)];
  const variants: Partial<Req>[] = [
    {}, { alternatives: 3 }, { alternatives: 1, geojson: true }, { weights: 'usd=1,hours=5' }, { modes: 'rail' }, { modes: 'rail,ferry', alternatives: 2 },
    { avoidCountries: 'RU' }, { year: 2035 }, { maxTransshipments: 1 }, { profile: 'bulk' }, { lang: 'ru' }, { via: [pick()] },
  ];
  const out: Req[] = [
    { from: 'Almaty', to: 'Tashkent' }, { from: 'Алматы', to: 'Ташкент', lang: 'ru' }, { from: 'Almatyy', to: 'Tashkent', alternatives: 3 },
    { from: 'KZALA', to: 'Dostyk' }, { from: '76.9,43.3', to: 'Baku', geojson: true }, { from: 'Almaty', to: 'Nowhere-on-the-map' },
    { from: 'Almaty', to: 'Baku', pareto: true },
  ];
  while (out.length < count) out.push({ from: pick(), to: pick(), ...variants[Math.floor(rand() * variants.length)] });
  return out;
}

const records = batchToRecords(readFiles(bundledFiles()).batch);
const bundled = records.links.length > 0 ? networkFromRecords(records, 'route-answers') : null;

test('a warm network answers seeded requests byte for byte as a cold one does, in any order', { skip: !bundled && 'no bundled network (npm run data:build)' }, () => {
  const net = bundled!;
  const reqs = seededRequests(net, 20261130, 40);
  const expected = reqs.map((r) => answer(() => plain(net, r)));
  assert.ok(expected.filter((e) => e.startsWith('{"routes":[{') || e.startsWith('{"type":"FeatureCollection","features":[{')).length > reqs.length / 2, 'most seeded requests find a route');
  // Twice, the second time shuffled, so every answer is given with caches filled by other requests.
  const rand = seededRandom(7);
  const order = [...reqs.keys(), ...[...reqs.keys()].sort(() => rand() - 0.5)];
  for (const i of order) assert.equal(answer(() => fast(net, reqs[i])), expected[i], `request ${i}: ${JSON.stringify(reqs[i])}`);
});

test('a network read back from its snapshot answers byte for byte as the one built from records', { skip: !bundled && 'no bundled network' }, () => {
  const net = bundled!;
  const back = decodeNetwork(encodeNetwork(net), 'test.bin', net.key);
  assert.deepEqual(Object.keys(back.graph).sort(), Object.keys(net.graph).sort(), 'every graph field travels');
  assert.equal(back.links.size, net.links.size);
  for (const r of seededRequests(net, 99, 30)) assert.equal(answer(() => fast(back, r)), answer(() => plain(net, r)), JSON.stringify(r));
});

test('a snapshot keeps the contracted hierarchies: read back, the router answers from them without contracting again', () => {
  const recs = randomNetwork(11, 80, 200);
  const ro = { hierarchyFromVertices: 0 };
  const net = networkFromRecords(recs, 'ch-test', ro);
  const def = checkOptions({}, 'cli');
  assert.ok(net.router.hierarchyFor(def.profile, def.overlay, def.weights), 'a hierarchy for the default metric');
  assert.equal(net.router.hierarchiesBuilt, 1);
  const back = decodeNetwork(encodeNetwork(net), 'ch.bin', 'ch-test', ro);
  const g = net.graph;
  for (let i = 0; i < 30; i++) {
    const r = { from: g.nodeIds[i], to: g.nodeIds[g.nodeCount - 1 - i], alternatives: 1 };
    assert.equal(answer(() => fast(back, r)), answer(() => fast(net, r)), JSON.stringify(r));
  }
  assert.equal(back.router.hierarchiesBuilt, 0, 'the saved hierarchy was used');
  assert.equal(net.router.hierarchiesBuilt, 1);
});

test('a snapshot keeps the customizable hierarchy: read back, overlays are customized on it without a new order or contraction, with the same answers', () => {
  const recs = randomNetwork(12, 80, 200);
  const ro = { hierarchyFromVertices: 0 };
  const net = networkFromRecords(recs, 'cch-test', ro);
  const def = checkOptions({}, 'cli');
  net.router.hierarchyFor(def.profile, def.overlay, def.weights);
  net.router.prepareOverlays(def.profile, def.overlay, def.weights);
  const built = net.router.customizable();
  assert.ok(built, 'a customizable hierarchy was built');
  const back = decodeNetwork(encodeNetwork(net), 'cch.bin', 'cch-test', ro);
  const read = back.router.customizable();
  assert.ok(read && read !== built, 'read back from the snapshot, not shared');
  assert.equal(read.arcs, built.arcs);
  assert.deepEqual(Array.from(read.order), Array.from(built.order));
  const g = net.graph;
  let customized = 0;
  for (let i = 0; i < 20; i++) {
    // An avoided country is an overlay: answered by customizing the hierarchy read back.
    const r = { from: g.nodeIds[i], to: g.nodeIds[g.nodeCount - 1 - i], alternatives: 1, avoidCountries: 'KG' };
    assert.equal(answer(() => fast(back, r)), answer(() => fast(net, r)), JSON.stringify(r));
    customized = back.router.customizations;
  }
  assert.ok(customized >= 1, 'the overlay was customized');
  assert.equal(back.router.customizable(), read, 'no new customizable hierarchy was built');
  assert.equal(back.router.hierarchiesBuilt, 0);
});

test('a cached profile is handed out while its file is unchanged, and an edited file is read again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'karavan-profiles-'));
  try {
    const text = readFileSync(join(PROFILES_DIR, 'container.json'), 'utf8');
    writeFileSync(join(dir, 'container.json'), text);
    const a = loadProfile('container', '--profile', dir);
    assert.equal(loadProfile('container', '--profile', dir), a, 'the same object while unchanged');
    const edited = JSON.parse(text);
    edited.ferryDefaultWaitHours = a.ferryDefaultWaitHours + 7;
    writeFileSync(join(dir, 'container.json'), JSON.stringify(edited));
    await new Promise((r) => setTimeout(r, PROFILE_CHECK_MS + 50));
    assert.equal(loadProfile('container', '--profile', dir).ferryDefaultWaitHours, a.ferryDefaultWaitHours + 7);
    writeFileSync(join(dir, 'bulk2.json'), text.replace(/"id":\s*"container"/, '"id": "bulk2"'));
    await new Promise((r) => setTimeout(r, PROFILE_CHECK_MS + 50));
    assert.equal(loadProfile('bulk2', '--profile', dir).id, 'bulk2', 'a new profile file is found');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ── the app on a real store: the snapshot is written, read on the next start, and a wrong one is refused and replaced
const drawn = dostykNetwork();

let store: Awaited<ReturnType<typeof openPgliteForTest>>;
let db: Db;
before(async () => {
  store = await openPgliteForTest();
  db = store.db;
  // A data version, as an import or the bundled seed leaves: without one no snapshot is kept.
  await db.transaction(async (tx) => { await upsertRecords(tx, drawn); await setMeta(tx, 'bundled_version', 'drawn-1'); });
});
after(async () => {
  if (db !== store?.db) await db?.close().catch(() => undefined);
  await store?.cleanup();
});

/** A new start: the same store opened again (a new Db object has no network in memory). */
async function restart(): Promise<void> {
  await db.close();
  db = await openStore({ dataDir: store.dir });
}

test('the app saves the compiled network under the data directory, reads it on the next start, refuses a wrong one and rebuilds', async () => {
  const dir = snapshotDir(db);
  assert.ok(dir?.startsWith(store.dir), `snapshots live in the store's directory, not ${dir}`);
  const first = await openNetwork(db);
  assert.equal(first.snapshot?.loaded, false);
  assert.equal(first.snapshot?.written, true);
  const file = snapshotFile(dir!, first.key);
  assert.ok(existsSync(file));
  const body = { from: 'Алматы', to: 'Far Port', alternatives: 2 };
  const app = await buildServer({ db });
  try {
    const served = await app.inject({ method: 'POST', url: '/route', payload: body });
    assert.equal(served.statusCode, 200, served.body);
    assert.equal(served.body, plain(first, body), 'the served bytes are the plain path\'s');
  } finally {
    await app.close();
  }

  await restart();
  const second = await openNetwork(db);
  assert.equal(second.snapshot?.loaded, true, 'read from the snapshot, not rebuilt');
  assert.equal(fast(second, body), plain(first, body));

  // A file built from other data under this name: refused with the coded message naming both, then replaced.
  const other = networkFromRecords(drawn, 'some-other-data');
  writeFileSync(file, encodeSnapshot(other.graph));
  await restart();
  const third = await openNetwork(db);
  assert.equal(third.snapshot?.loaded, false);
  assert.equal(third.snapshot?.refused?.code, 'ROUTE_SNAPSHOT_MISMATCH');
  assert.equal(third.snapshot?.refused?.params.foundHash, 'some-other-data');
  assert.equal(third.snapshot?.refused?.params.expectedHash, third.key);
  assert.equal(fast(third, body), plain(first, body));
  assert.doesNotThrow(() => decodeNetwork(readFileSync(file), file, third.key), 'the refused file was replaced');
});
