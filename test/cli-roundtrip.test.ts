// Import → export → validate → import → export on the real CLI and the embedded store: the second
// export is byte-identical to the first. Then the OSM path on the real Monaco extract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineLengthKm } from '../src/core/geo.ts';
import { LAYERS } from '../src/core/model.ts';
import { cliEnv, runCli } from './helpers/cli.ts';
import { freshPgliteDir } from './helpers/stores.ts';

const LAYERS_OUT = LAYERS.map((l) => ['--layer', l] as const);

async function exportAll(env: NodeJS.ProcessEnv, outDir: string, format: 'geojson' | 'csv'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const args of LAYERS_OUT) {
    const file = join(outDir, `${args[1]}.${format}`);
    const r = await runCli(['export', ...args, '--format', format, '--output', file], env);
    assert.equal(r.code, 0, r.stderr);
    out[args[1]] = readFileSync(file, 'utf8');
  }
  return out;
}

test('export → validate → import → export is byte-identical (GeoJSON and CSV)', async () => {
  const work = mkdtempSync(join(tmpdir(), 'karavan-roundtrip-'));
  try {
    const a = cliEnv(await freshPgliteDir());
    const imp = await runCli(['import', 'test/fixtures/network', 'test/fixtures/network-extra'], a);
    assert.equal(imp.code, 0, imp.stdout + imp.stderr);
    assert.match(imp.stdout, /read \d+.*accepted \d+.*rejected 0/i);
    for (const format of ['geojson', 'csv'] as const) {
      const dir1 = mkdtempSync(join(work, `${format}-1-`));
      const first = await exportAll(a, dir1, format);
      assert.match(first.links, format === 'geojson' ? /"lengthKm"/ : /lengthKm/);
      const val = await runCli(['validate', '--no-store', dir1], a);
      assert.equal(val.code, 0, val.stdout);
      const b = cliEnv(await freshPgliteDir());
      const imp2 = await runCli(['import', dir1], b);
      assert.equal(imp2.code, 0, imp2.stdout + imp2.stderr);
      const second = await exportAll(b, mkdtempSync(join(work, `${format}-2-`)), format);
      for (const k of Object.keys(first)) assert.ok(first[k] === second[k], `${format} ${k}: second export differs from the first`);
    }
    const rail = await runCli(['export', '--mode', 'rail', '--format', 'geojson'], a);
    const fc = JSON.parse(rail.stdout) as { features: { geometry: { type: string }; properties: Record<string, unknown> }[] };
    assert.ok(fc.features.length > 0);
    for (const f of fc.features) {
      assert.equal(f.geometry.type, 'LineString');
      for (const k of ['id', 'mode', 'from', 'to', 'country', 'lengthKm', 'gaugeMm', 'tracks', 'electrified', 'status', 'speedKmh', 'sourceId', 'confidence']) {
        assert.ok(k in f.properties, `rail export lacks property ${k}`);
      }
      assert.equal(f.properties.mode, 'rail');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('the real Monaco OpenStreetMap extract imports: railway as rail, streets as road, lengths geodesic', async () => {
  const env = cliEnv(await freshPgliteDir());
  const imp = await runCli(['import', '--country', 'MC', 'test/fixtures/osm/monaco.osm.pbf'], env);
  assert.equal(imp.code, 0, imp.stdout + imp.stderr);
  for (const mode of ['rail', 'road'] as const) {
    const r = await runCli(['export', '--mode', mode], env);
    assert.equal(r.code, 0, r.stderr);
    const fc = JSON.parse(r.stdout) as { features: { geometry: { coordinates: [number, number][] }; properties: { mode: string; lengthKm: number; country: string } }[] };
    assert.ok(fc.features.length > 0, `no ${mode} links from the Monaco extract`);
    let total = 0;
    for (const f of fc.features) {
      assert.equal(f.properties.mode, mode);
      assert.equal(f.properties.country, 'MC');
      const c = f.geometry.coordinates;
      const km = lineLengthKm(c); // the export rounds coordinates to ~1 m, hence the tolerance below
      assert.ok(Math.abs(km - f.properties.lengthKm) <= 0.003 + km * 0.005, `${mode} link length ${f.properties.lengthKm} vs geometry ${km}`);
      total += f.properties.lengthKm;
      // Monaco: every point inside a small box around the principality
      for (const [lon, lat] of c) assert.ok(lon > 7.3 && lon < 7.6 && lat > 43.6 && lat < 43.8, `${lon},${lat} outside Monaco`);
    }
    assert.ok(total > 0.5 && total < 500, `${mode}: ${total} km in Monaco`);
  }
});
