// TNTP files in the wild differ in small ways; the readers go by shape, not by one file's layout.
// Each variant here is SiouxFalls rewritten one way; all must give the same equilibrium. Plus the
// first-thru-node rule on a drawn network, and the issues bad files produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { loadTntp, assign, parseNet, parseTrips, parseFlow, formatFlow, syntheticAssignment } from '../src/assign/index.ts';
import { renderIssue } from '../src/core/issues.ts';

const DIR = join(import.meta.dirname, 'fixtures/tntp/SiouxFalls');
const NET = readFileSync(join(DIR, 'SiouxFalls_net.tntp'), 'utf8');
const TRIPS = readFileSync(join(DIR, 'SiouxFalls_trips.tntp'), 'utf8');
const REF = parseFlow(readFileSync(join(DIR, 'SiouxFalls_flow.tntp'), 'utf8'), 'SiouxFalls_flow.tntp').value!;
const REF_TSTT = REF.volume.reduce((s, v, a) => s + v * REF.cost[a], 0);

/** The link rows of the original file as numbers, standard column order. */
const ROWS: number[][] = NET.split('\n')
  .filter((l) => /^\s*\d/.test(l))
  .map((l) => l.replace(/;/g, '').trim().split(/\s+/).map(Number));

const META = { zones: 24, nodes: 24, first: 1, links: ROWS.length };

/** Solves a variant and checks it against the best-known flows. */
function solvesLikeSiouxFalls(net: string, trips: string, what: string): void {
  const l = loadTntp(net, 'variant_net.tntp', trips, 'variant_trips.tntp');
  assert.ok(l.value, `${what}: ${l.issues.map((i) => renderIssue(i)).join('; ')}`);
  assert.equal(l.value.net.linkCount, 76, what);
  assert.equal(l.value.demand.total, 360600, what);
  const r = assign(l.value.net, l.value.demand, { algorithm: 'b', objective: 'ue', gap: 1e-11, maxIterations: 500, maxSeconds: 30 });
  assert.ok(r.value, what);
  assert.ok(Math.abs(r.value.tstt - REF_TSTT) / REF_TSTT < 1e-9, `${what}: TSTT ${r.value.tstt}`);
  for (let a = 0; a < 76; a++) assert.ok(Math.abs(r.value.volume[a] - REF.volume[a]) <= 1e-4 * Math.max(1, REF.volume[a]), `${what}: link ${a}`);
}

test('the original files', () => solvesLikeSiouxFalls(NET, TRIPS, 'original'));

test('metadata in another order, comments, spaces, CRLF, no `;`, no END OF METADATA', () => {
  const net = [
    '~ Sioux Falls, rewritten',
    `<NUMBER OF LINKS> ${META.links}`,
    '<FIRST THRU NODE>\t1',
    '~ a comment between metadata lines',
    `<NUMBER OF NODES>   ${META.nodes}`,
    `<NUMBER OF ZONES> ${META.zones} ;`,
    '',
    ...ROWS.map((r, i) => r.join(i % 2 ? '   ' : ' \t ') + (i % 3 === 0 ? '  ~ inline comment' : '')),
    '',
  ].join('\r\n');
  const trips = TRIPS.replace('<NUMBER OF ZONES> 24\n<TOTAL OD FLOW> 360600.0\n<END OF METADATA>', '~ demand\n<TOTAL OD FLOW>\t360600.0;\n<NUMBER OF ZONES>\t24')
    .replace(/;\s*$/gm, '').replace(/\n/g, '\r\n');
  assert.notEqual(trips, TRIPS);
  solvesLikeSiouxFalls(net, trips, 'messy');
});

test('B already divided by capacity^power (capacity 1, or 0 with a warning)', () => {
  for (const cap of [1, 0]) {
    const rows = ROWS.map((r) => { const q = r.slice(); q[5] = r[5] / r[2] ** r[6]; q[2] = cap; return q; });
    const net = `<NUMBER OF ZONES> 24\n<NUMBER OF NODES> 24\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 76\n<END OF METADATA>\n${rows.map((r) => `\t${r.join('\t')}\t;`).join('\n')}\n`;
    const p = parseNet(net, 'divided_net.tntp');
    assert.ok(p.value);
    assert.equal(p.issues.filter((i) => i.code === 'TNTP_CAPACITY_ASSUMED').length, cap === 0 ? 76 : 0);
    solvesLikeSiouxFalls(net, TRIPS, `capacity ${cap}`);
  }
});

test('missing metadata is assumed out loud; a wrong link count is a warning', () => {
  const net = `<NUMBER OF ZONES> 24\n<NUMBER OF LINKS> 77\n<END OF METADATA>\n${ROWS.map((r) => r.join('\t')).join('\n')}\n`;
  const p = parseNet(net, 'bare_net.tntp');
  assert.ok(p.value);
  assert.deepEqual(p.issues.map((i) => [i.code, i.severity, i.params.key ?? i.params.expected]).sort(), [
    ['TNTP_COUNT_MISMATCH', 'warning', 77], ['TNTP_METADATA_MISSING', 'warning', 'FIRST THRU NODE'], ['TNTP_METADATA_MISSING', 'warning', 'NUMBER OF NODES'],
  ]);
  assert.equal(p.value.nodeCount, 24);
  assert.equal(p.value.firstThruNode, 1);
  solvesLikeSiouxFalls(net, TRIPS, 'bare metadata');
});

test('a column header in another order (tab-separated names with spaces and units) is followed', () => {
  const order = [1, 0, 4, 2, 5, 6, 3, 9, 8, 7]; // term, init, fftt, capacity, B, power, length, type, toll, speed
  const names = ['Init node', 'Term node', 'Capacity (veh/h)', 'Length (ft)', 'Free Flow Time (min)', 'B', 'Power', 'Speed limit', 'Toll', 'Link type'];
  const header = `~\t${order.map((c) => names[c]).join('\t')}\t;`;
  const net = `<NUMBER OF ZONES> 24\n<NUMBER OF NODES> 24\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 76\n<END OF METADATA>\n~ a comment that is not a header\n${header}\n${ROWS.map((r) => order.map((c) => r[c]).join('\t') + '\t;').join('\n')}\n`;
  solvesLikeSiouxFalls(net, TRIPS, 'permuted columns');
});

test('trip tables: several pairs a line, `,` or `:`, tabs, comments, missing `;`', () => {
  const t = parseTrips(TRIPS, 'SiouxFalls_trips.tntp').value!;
  const lines = ['<NUMBER OF ZONES> 24', '<TOTAL OD FLOW> 360600.0', '<END OF METADATA>', '~ rewritten'];
  for (let k = 0; k < t.origins.length; k++) {
    lines.push(`Origin\t${t.origins[k]}`);
    const pairs: string[] = [];
    for (let i = t.start[k]; i < t.start[k + 1]; i++) pairs.push(i % 2 ? `${t.dest[i]} , ${t.flow[i]}` : `${t.dest[i]}:\t${t.flow[i]}`);
    for (let i = 0; i < pairs.length; i += 3) lines.push(pairs.slice(i, i + 3).join(i % 2 ? ' ; ' : ';  ') + (i % 2 ? '' : ';'));
  }
  solvesLikeSiouxFalls(NET, lines.join('\n'), 'trips rewritten');
});

test('first thru node: zones end paths but are never passed through', () => {
  // zones 1, 2, 3; the short way from 1 to 3 passes through zone 2, the long way through node 4
  const links = [[1, 2, 1], [2, 3, 1], [1, 4, 5], [4, 3, 5]];
  const net = (first: number) => `<NUMBER OF ZONES> 3\n<NUMBER OF NODES> 4\n<FIRST THRU NODE> ${first}\n<NUMBER OF LINKS> 4\n<END OF METADATA>\n${links.map(([a, b, t]) => `${a}\t${b}\t100\t${t}\t${t}\t0.15\t4\t0\t0\t1\t;`).join('\n')}\n`;
  const trips = '<NUMBER OF ZONES> 3\n<TOTAL OD FLOW> 10\n<END OF METADATA>\nOrigin 1\n3 : 10;\n';
  for (const [first, viaZone] of [[4, 0], [1, 10]] as const) {
    const l = loadTntp(net(first), 'z_net.tntp', trips, 'z_trips.tntp');
    assert.ok(l.value);
    for (const algorithm of ['b', 'bfw'] as const) {
      const r = assign(l.value.net, l.value.demand, { algorithm, objective: 'ue', gap: 1e-10, maxIterations: 1000, maxSeconds: 10 });
      assert.ok(r.value);
      assert.ok(Math.abs(r.value.volume[0] - viaZone) < 1e-6, `first thru ${first}, ${algorithm}: ${r.value.volume[0]}`);
      assert.ok(Math.abs(r.value.volume[2] - (10 - viaZone)) < 1e-6);
    }
  }
});

test('bad files give issues with file and line, and no value', () => {
  const net = `<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 1\n<END OF METADATA>\n1\t2\t100\t1\t1\t0.15\t4\t;\n2\tx\t100\t1\t1\t0.15\t4\t;\n2\t9\t100\t1\t1\t0.15\t4\t;\n3\t1\t100\n`;
  const p = parseNet(net, 'bad_net.tntp');
  assert.equal(p.value, null);
  const text = p.issues.map((i) => renderIssue(i));
  assert.ok(p.issues.some((i) => i.code === 'TNTP_NUMBER' && i.at.line === 6 && i.params.value === 'x'), text.join('\n'));
  assert.ok(text.some((s) => s.startsWith('bad_net.tntp:6')), text.join('\n'));
  assert.ok(p.issues.some((i) => i.code === 'TNTP_NODE_RANGE' && i.at.line === 7));
  assert.ok(p.issues.some((i) => i.code === 'TNTP_COLUMNS' && i.at.line === 8));
  const t = parseTrips('<NUMBER OF ZONES> 2\n<END OF METADATA>\n1 : 5;\nOrigin 1\n2 : -3;\nOrigin 5\n', 'bad_trips.tntp');
  assert.equal(t.value, null);
  assert.deepEqual(t.issues.map((i) => [i.code, i.at.line]), [['TNTP_TRIPS_NO_ORIGIN', 3], ['TNTP_DEMAND_NEGATIVE', 5], ['TNTP_NOT_ZONE', 6]]);
});

test('an OD pair without a path is an error issue, not an exception', () => {
  const net = '<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<END OF METADATA>\n1\t2\t100\t1\t1\t0.15\t4\t;\n';
  const l = loadTntp(net, 'u_net.tntp', '<NUMBER OF ZONES> 2\nOrigin 2\n1 : 4;\n', 'u_trips.tntp');
  for (const algorithm of ['b', 'fw'] as const) {
    const r = assign(l.value!.net, l.value!.demand, { algorithm, objective: 'ue', gap: 1e-6, maxIterations: 10, maxSeconds: 10 });
    assert.equal(r.value, null);
    assert.deepEqual(r.issues.map((i) => [i.code, i.params.origin, i.params.destination]), [['ASSIGN_UNREACHABLE', 2, 1]]);
  }
});

test('the flow writer round-trips through the flow reader at full precision', () => {
  const from = Int32Array.from([1, 2]), to = Int32Array.from([2, 1]);
  const vol = Float64Array.from([1 / 3, 12345.678901234567]), cost = Float64Array.from([Math.PI, 0]);
  const back = parseFlow(formatFlow(from, to, vol, cost), 'x_flow.tntp').value!;
  assert.deepEqual([...back.volume], [...vol]);
  assert.deepEqual([...back.cost], [...cost]);
  assert.deepEqual([...back.from], [1, 2]);
});

test('scripts/synthetic-tntp.ts writes the bench grid so that the TNTP reader gives back the same assignment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'karavan-syn-'));
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../scripts/synthetic-tntp.ts'), '2500', '20', '4', dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const read = loadTntp(readFileSync(join(dir, 'SYN_net.tntp'), 'utf8'), 'SYN_net.tntp', readFileSync(join(dir, 'SYN_trips.tntp'), 'utf8'), 'SYN_trips.tntp');
    assert.ok(read.value, JSON.stringify(read.issues?.slice(0, 3)));
    const direct = syntheticAssignment({ nodeCount: 2500, zoneCount: 20, seed: 4 });
    const opts = { algorithm: 'b' as const, objective: 'ue' as const, gap: 1e-8, maxIterations: 100, maxSeconds: 30 };
    const a = assign(read.value.net, read.value.demand, opts).value!, b = assign(direct.net, direct.demand, opts).value!;
    assert.ok(Math.abs(a.tstt - b.tstt) <= 1e-12 * b.tstt, `TSTT ${a.tstt} from the files, ${b.tstt} from the generator`);
    for (let l = 0; l < b.volume.length; l++) assert.ok(Math.abs(a.volume[l] - b.volume[l]) <= 1e-9 * (1 + b.volume[l]), `link ${l + 1}: ${a.volume[l]} against ${b.volume[l]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
