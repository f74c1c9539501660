// The bundled network (data/network/*.geojson) against its curated sources and against the
// coverage the mission asks for. These tests read the real files; when curation is incomplete
// they fail and say which country, corridor or file falls short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderIssue } from '../src/core/issues.ts';
import { LAYERS } from '../src/core/model.ts';
import { readTexts } from '../src/ingest/read-files.ts';
import { MEMBER_STATES } from '../src/core/countries.ts';
import {
  adjacency, buildCurated, coverageMarkdown, withCoverage, findPath, kmByCountry, largestComponentShares, loadGazetteer, networkTexts, notDisused, operatingRail,
  packageVersion, readCuratedTree,
} from '../src/ingest/curated/index.ts';

const root = new URL('..', import.meta.url).pathname;
const result = buildCurated({
  files: readCuratedTree(join(root, 'data/curated')),
  gazetteer: loadGazetteer(root),
  version: packageVersion(root),
  displayPrefix: 'data/curated/',
});
const { records } = result;

test('rebuilding data/curated gives byte-identical data/network files', () => {
  const texts = networkTexts(records);
  for (const layer of LAYERS) {
    const path = join(root, 'data/network', `${layer}.geojson`);
    assert.ok(existsSync(path), `${path} is missing: run npm run data:build`);
    assert.ok(readFileSync(path, 'utf8') === texts[layer], `data/network/${layer}.geojson differs from a rebuild of data/curated: run npm run data:build`);
  }
});

test('the coverage table in docs/data.md is the one the build computes (npm run data:build)', () => {
  const doc = readFileSync(join(root, 'docs/data.md'), 'utf8');
  assert.ok(doc === withCoverage(doc, coverageMarkdown(result)), 'docs/data.md coverage table is stale: run npm run data:build');
});

test('the curated data builds without errors', () => {
  const errors = result.issues.filter((i) => i.severity === 'error');
  assert.deepEqual(errors.map((i) => renderIssue(i)), []);
});

test('the importer accepts every record of the built network (what npm start loads)', () => {
  const texts = networkTexts(records);
  const r = readTexts(LAYERS.map((l) => ({ file: `${l}.geojson`, text: texts[l] })));
  assert.deepEqual(r.issues.filter((i) => i.severity === 'error').map((i) => renderIssue(i)), []);
  assert.equal(r.rejected, 0);
});

test('every record has a sourceId and a confidence', () => {
  for (const layer of LAYERS) {
    for (const r of records[layer]) {
      assert.ok(r.sourceId.startsWith('karavan-curated@'), `${layer} ${r.id}: sourceId ${r.sourceId}`);
      assert.ok(r.confidence, `${layer} ${r.id}: no confidence`);
    }
  }
});

test('every corridor’s consecutive waypoints are joined on the link graph', () => {
  assert.ok(records.corridors.length > 0, 'no corridors');
  const adj = adjacency(records.links, notDisused);
  const broken: string[] = [];
  for (const c of records.corridors) {
    for (let i = 1; i < c.nodes.length; i++) {
      if (!findPath(adj, c.nodes[i - 1], c.nodes[i])) broken.push(`${c.id}: ${c.nodes[i - 1]} → ${c.nodes[i]}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('each member state has ≥ 95 % of its operating rail km in the largest connected rail component', () => {
  const { shares } = largestComponentShares(records.links, operatingRail);
  const short: string[] = [];
  for (const cc of MEMBER_STATES) {
    const s = shares.get(cc);
    if (!s || s.totalKm === 0) short.push(`${cc}: no operating rail`);
    else if (s.share < 0.95) short.push(`${cc}: ${(s.share * 100).toFixed(1)} % of ${Math.round(s.totalKm)} km`);
  }
  assert.deepEqual(short, []);
});

test('operating rail route-km is within ±25 % of the official length (RU: at least 25,000 km)', () => {
  const rows = new Map(kmByCountry(result).map((r) => [r.country, r]));
  const off: string[] = [];
  for (const cc of ['KZ', 'UZ', 'TM', 'KG', 'TJ', 'AZ', 'GE', 'AM', 'BY', 'MD']) {
    const r = rows.get(cc);
    if (!r?.officialKm) { off.push(`${cc}: no ${cc}/official.csv`); continue; }
    const ratio = r.railKm / r.officialKm;
    if (ratio < 0.75 || ratio > 1.25) off.push(`${cc}: ${Math.round(r.railKm)} km is ${(ratio * 100).toFixed(0)} % of official ${r.officialKm} km`);
  }
  const ru = rows.get('RU')?.railKm ?? 0;
  if (ru < 25000) off.push(`RU: ${Math.round(ru)} km < 25,000 km`);
  assert.deepEqual(off, []);
});
