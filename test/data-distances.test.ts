// The bundled network against published rail distances between city pairs (issue 5, "Checks"):
// the shortest path over operating rail links must lie within ±15 % of each published figure in
// data/curated/checks/rail-distances.csv. A failure lists every pair out of tolerance, ours vs
// published; `node --import tsx scripts/check-distances.ts --path` prints the whole table and paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Link } from '../src/core/model.ts';
import { buildCurated, loadGazetteer, packageVersion, readCuratedTree } from '../src/ingest/curated/index.ts';
import { CHECKS_FILE, OPEN_FILE, TOLERANCE, compareDistances, describe, kmGraph, readDistanceChecks, shortestKm, withinTolerance } from '../scripts/check-distances.ts';
import { MEMBER_STATES } from '../src/core/countries.ts';

const root = new URL('..', import.meta.url).pathname;
const result = buildCurated({
  files: readCuratedTree(join(root, 'data/curated')),
  gazetteer: loadGazetteer(root),
  version: packageVersion(root),
  displayPrefix: 'data/curated/',
});
const read = readDistanceChecks(readFileSync(join(root, CHECKS_FILE), 'utf8'), CHECKS_FILE);
const { rows, problems } = compareDistances(result, read.checks);
const readOpen = readDistanceChecks(readFileSync(join(root, OPEN_FILE), 'utf8'), OPEN_FILE);
const open = compareDistances(result, readOpen.checks, OPEN_FILE);

test('the distance checks files are well formed: known nodes, source keys that resolve, no pair twice', () => {
  assert.deepEqual([...read.problems, ...problems, ...readOpen.problems, ...open.problems], []);
});

test('the checks cover every member state with rail and at least 40 pairs', () => {
  assert.ok(rows.length >= 40, `only ${rows.length} pairs in ${CHECKS_FILE}`);
  const countryOf = new Map(result.records.nodes.map((n) => [n.id, n.country]));
  const covered = new Set(rows.flatMap((r) => [countryOf.get(r.from), countryOf.get(r.to)]));
  const withRail = new Set(result.records.links.filter((l) => l.mode === 'rail' && l.status === 'operating').map((l) => l.country));
  const missing = MEMBER_STATES.filter((cc) => withRail.has(cc) && !covered.has(cc));
  assert.deepEqual(missing, [], `member states with operating rail but no checked pair: ${missing.join(', ')}`);
});

test(`every published city-pair rail distance is matched within ±${TOLERANCE * 100} % by the shortest operating-rail path`, () => {
  const off = rows.filter((r) => !withinTolerance(r));
  assert.ok(off.length === 0, `${off.length} of ${rows.length} pairs out of tolerance:\n${off.map((r) => describe(r)).join('\n')}`);
});

test(`every open pair (${OPEN_FILE}) is still out of tolerance: a fixed one moves back to ${CHECKS_FILE}`, () => {
  const fixed = open.rows.filter(withinTolerance);
  assert.ok(fixed.length === 0, `now within ±${TOLERANCE * 100} %, move to ${CHECKS_FILE}:\n${fixed.map((r) => describe(r, OPEN_FILE)).join('\n')}`);
});

test('the shortest-path helper finds the shorter of two routes and says when there is none', () => {
  // A drawn network: A–B–C is 10 + 10 km, A–C directly 25 km, D is on its own (a planned link).
  const link = (from: string, to: string, lengthKm: number, status: Link['status'] = 'operating') =>
    ({ ...result.records.links[0], id: `rail:${from}:${to}`, mode: 'rail', from, to, lengthKm, status }) as Link;
  const g = kmGraph([link('A', 'B', 10), link('B', 'C', 10), link('A', 'C', 25), link('C', 'D', 5, 'planned')], (l) => l.status === 'operating');
  assert.deepEqual(shortestKm(g, 'A', 'C'), { km: 20, path: ['A', 'B', 'C'] });
  assert.deepEqual(shortestKm(g, 'C', 'A'), { km: 20, path: ['C', 'B', 'A'] });
  assert.equal(shortestKm(g, 'A', 'D'), null);
});
