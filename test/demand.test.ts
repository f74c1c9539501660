// The bundled CIS freight OD matrix: it validates against the bundled network, it is rebuilt byte for
// byte by scripts/build-demand.ts, docs/demand.md shows the calibration the script computes, and bad
// OD files give their coded issues (test/fixtures/demand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOdCsv, type OdReadResult } from '../src/ingest/demand.ts';
import { parseCsv } from '../src/ingest/csv.ts';
import { renderIssue } from '../src/core/issues.ts';
import { buildDemand, type Calibration } from '../scripts/build-demand.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (rel: string): string => readFileSync(join(PROJECT_ROOT, rel), 'utf8');
const nodeIds = new Set((JSON.parse(read('data/network/nodes.geojson')) as { features: { properties: { id: string } }[] }).features.map((f) => f.properties.id));
const isNode = (id: string): boolean => nodeIds.has(id);
let built: ReturnType<typeof buildDemand> | undefined;
const rebuild = () => (built ??= buildDemand(PROJECT_ROOT));
const committedCalibration = (): Calibration => JSON.parse(read('data/demand/calibration.json')) as Calibration;
const REBUILD_HINT = 'run `node --import tsx scripts/build-demand.ts` and review the change in docs/demand.md';

function readFixture(name: string, resolvePlace?: (n: string) => string | null): OdReadResult {
  return readOdCsv(read(`test/fixtures/demand/${name}`), { file: name, isNode, resolvePlace });
}
const brief = (r: OdReadResult) => r.issues.map((i) => `${i.at.line}:${i.at.field ?? ''}:${i.code}`);

test('the bundled OD matrix validates against the bundled network and matches its documented totals', () => {
  const r = readOdCsv(read('data/demand/od-matrix.csv'), { file: 'data/demand/od-matrix.csv', isNode });
  assert.deepEqual(r.issues.map((i) => renderIssue(i)), []);
  assert.equal(r.accepted, r.read);
  assert.ok(r.read > 1000, `only ${r.read} rows`);
  for (const rec of r.records) assert.ok(Number.isFinite(rec.tonnesPerYear) && rec.tonnesPerYear >= 0, `line ${rec.line}`);
  const cal = committedCalibration();
  assert.equal(r.accepted, cal.totals.pairs);
  assert.ok(Math.abs(r.totalTonnesPerYear - cal.totals.tonnesPerYear) < 1, `${r.totalTonnesPerYear} vs ${cal.totals.tonnesPerYear}`);
  // the gravity model is symmetric and closed borders carry nothing
  const byPair = new Map(r.records.map((x) => [`${x.origin}>${x.destination}`, x.tonnesPerYear]));
  for (const x of r.records) assert.equal(byPair.get(`${x.destination}>${x.origin}`), x.tonnesPerYear, `line ${x.line}: ${x.origin}>${x.destination} has no equal reverse`);
  assert.ok(!r.records.some((x) => [x.origin, x.destination].every((n) => n.startsWith('AM-') || n.startsWith('AZ-'))), 'Armenia–Azerbaijan flow in the matrix');
  // every zone of data/demand/zones.csv sends or receives freight in the matrix
  const zones = parseCsv(read('data/demand/zones.csv'));
  assert.ok(zones.ok);
  const nodeCol = zones.header.indexOf('node');
  const used = new Set(r.records.flatMap((x) => [x.origin, x.destination]));
  for (const z of zones.rows) assert.ok(used.has(z.cells[nodeCol]), `zone node ${z.cells[nodeCol]} has no flow`);
});

test('the throughput of the China gateways summed from the CSV agrees with the calibration report', () => {
  const r = readOdCsv(read('data/demand/od-matrix.csv'), { file: 'od-matrix.csv', isNode });
  const cal = committedCalibration();
  const through = (node: string) => r.records.reduce((a, x) => a + (x.origin === node || x.destination === node ? x.tonnesPerYear : 0), 0);
  for (const [node, target] of [['CN-ALASHANKOU', 'DOSTYK'], ['CN-KHORGOS', 'KHORGOS']] as const) {
    const model = cal.targets.find((t) => t.id === target)!.modelTonnes;
    // rows are rounded to 3 significant digits and rows under the threshold are left out: 1 %
    assert.ok(Math.abs(through(node) - model) / model < 0.01, `${node}: CSV ${through(node)} t vs calibration ${model} t`);
  }
});

test('the build is deterministic: a rebuild gives the committed CSV and calibration byte for byte', () => {
  const { csv, calibration } = rebuild();
  assert.ok(csv === read('data/demand/od-matrix.csv'), `data/demand/od-matrix.csv differs from a rebuild: ${REBUILD_HINT}`);
  assert.equal(JSON.stringify(calibration, null, 2) + '\n', read('data/demand/calibration.json'), REBUILD_HINT);
});

test('docs/demand.md shows the residuals and totals the build computes', () => {
  const { docsSection, calibration } = rebuild();
  assert.ok(read('docs/demand.md').includes(docsSection), `the calibration section of docs/demand.md is stale: ${REBUILD_HINT}`);
  // the fitted targets are met; a broken fit or attribution shows here before anyone reads the table
  for (const t of calibration.targets.filter((x) => x.weight > 0)) assert.ok(Math.abs(t.residualPct) < 5, `${t.id} residual ${t.residualPct} %`);
});

test('an OD file without a required column is refused at its header', () => {
  const r = readFixture('missing-column.csv');
  assert.deepEqual(brief(r), ['1::DEMAND_COLUMN_MISSING']);
  assert.equal(r.issues[0].params.expected, 'confidence');
  assert.equal(r.records.length, 0);
});

test('negative, NaN, infinite, missing and non-numeric amounts are each reported', () => {
  const r = readFixture('bad-flows.csv');
  assert.deepEqual(brief(r), [
    '2:tonnesPerYear:DEMAND_FLOW_INVALID', '3:tonnesPerYear:DEMAND_FLOW_INVALID', '4:teuPerYear:DEMAND_FLOW_INVALID',
    '5:tonnesPerYear:FIELD_REQUIRED', '6:tonnesPerYear:DEMAND_FLOW_INVALID',
  ]);
  assert.deepEqual([r.read, r.accepted, r.rejected], [6, 1, 5]);
  assert.deepEqual(r.records.map((x) => [x.destination, x.tonnesPerYear, x.teuPerYear]), [['KZ-OSKEMEN', 2500, 250]]);
  assert.match(renderIssue(r.issues[0]), /^bad-flows\.csv:2: field "tonnesPerYear": "-5" is not a finite number of at least 0 \[DEMAND_FLOW_INVALID\]$/);
});

test('zones must be network nodes or places the caller resolves', () => {
  const plain = readFixture('unknown-zone.csv');
  assert.deepEqual(brief(plain), ['2:origin:DEMAND_ZONE_UNKNOWN', '3:origin:DEMAND_ZONE_UNKNOWN', '4:destination:FIELD_REQUIRED']);
  const withPlaces = readFixture('unknown-zone.csv', (n) => (n === 'Almaty' ? 'KZ-ALMATY-1' : null));
  assert.deepEqual(brief(withPlaces), ['2:origin:DEMAND_ZONE_UNKNOWN', '4:destination:FIELD_REQUIRED']);
  assert.deepEqual(withPlaces.records.map((x) => [x.origin, x.destination, x.line]), [['KZ-ALMATY-1', 'KZ-ASTANA', 3]]);
  assert.match(renderIssue(plain.issues[0], 'ru'), /XX-NOWHERE/);
});

test('duplicates, self-flows, bad confidence, ragged rows and unknown columns are reported, nothing is dropped silently', () => {
  const r = readFixture('duplicates.csv');
  assert.deepEqual(brief(r), [
    '1:colour:PROPERTY_UNKNOWN', '4::DEMAND_DUPLICATE', '5:destination:DEMAND_SAME_ZONE',
    '6:source:FIELD_REQUIRED', '6:confidence:CONFIDENCE_UNKNOWN', '7::CSV_COLUMNS',
  ]);
  assert.equal(r.issues[1].params.first, 2);
  assert.deepEqual([r.read, r.accepted, r.rejected], [6, 2, 4]);
  assert.equal(r.totalTonnesPerYear, 1500);
  const lines = new Set(r.issues.map((i) => i.at.line));
  for (let line = 2; line <= 7; line++) assert.ok(r.records.some((x) => x.line === line) || lines.has(line), `line ${line} vanished`);
});
