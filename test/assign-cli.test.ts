// `karavan assign` as a user runs it: a child process, real files, real exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, runCli } from './helpers/cli.ts';
import { parseFlow } from '../src/assign/index.ts';

const SF = join(import.meta.dirname, 'fixtures/tntp/SiouxFalls');
const NET = join(SF, 'SiouxFalls_net.tntp');
const TRIPS = join(SF, 'SiouxFalls_trips.tntp');
const REF = parseFlow(readFileSync(join(SF, 'SiouxFalls_flow.tntp'), 'utf8'), 'SiouxFalls_flow.tntp').value!;
const REF_TSTT = REF.volume.reduce((s, v, a) => s + v * REF.cost[a], 0);

const dir = mkdtempSync(join(tmpdir(), 'karavan-assign-'));
const env = cliEnv(dir, { CI: 'true' });
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('SiouxFalls: --json result, gap per iteration in a pipe, flows in the TNTP flow format', async () => {
  const flows = join(dir, 'sf_flow.tntp');
  const json = await runCli(['assign', '--net', NET, '--trips', TRIPS, '--gap', '1e-11', '--flows-out', flows, '--json'], env);
  assert.equal(json.code, 0, json.stderr);
  const r = JSON.parse(json.stdout);
  assert.ok(r.gap <= 1e-11 && r.iterations >= 1 && r.seconds >= 0);
  assert.equal(r.gapHistory.length, r.iterations);
  assert.ok(Math.abs(r.tstt - REF_TSTT) / REF_TSTT < 1e-9, String(r.tstt));
  const out = parseFlow(readFileSync(flows, 'utf8'), 'sf_flow.tntp').value!;
  assert.deepEqual([...out.from], [...REF.from]);
  assert.deepEqual([...out.to], [...REF.to]);
  for (let a = 0; a < out.volume.length; a++) assert.ok(Math.abs(out.volume[a] - REF.volume[a]) <= 1e-4 * REF.volume[a]);
  assert.ok(Math.abs(out.volume.reduce((s, v, a) => s + v * out.cost[a], 0) - r.tstt) < 1e-6 * r.tstt);

  const text = await runCli(['assign', '--net', NET, '--trips', TRIPS, '--gap', '1e-6', '--algorithm', 'bfw'], env);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.trim().split('\n');
  const its = lines.filter((l) => /^ue iteration \d+ {2}gap \d\.\d{3}e[-+]\d+$/.test(l));
  assert.ok(its.length >= 2, text.stdout);
  assert.match(lines[lines.length - 1], /^user equilibrium: gap \S+ after \d+ iterations in \S+ s; TSTT \d/);
});

test('system optimum, price of anarchy, tolls, bottlenecks and select-link, in Russian too', async () => {
  const tolls = join(dir, 'sf_tolls.tsv');
  const r = await runCli(['assign', '--net', NET, '--trips', TRIPS, '--gap', '1e-10', '--tolls-out', tolls, '--bottlenecks', '3', '--select-link', '10-16', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.systemOptimum.tstt < j.tstt && j.priceOfAnarchy > 1 && Math.abs(j.priceOfAnarchy - j.tstt / j.systemOptimum.tstt) < 1e-12);
  assert.equal(j.bottlenecks.length, 3);
  assert.ok(j.bottlenecks[0].volumeCapacity >= j.bottlenecks[1].volumeCapacity);
  assert.equal(`${j.selectLink.from}-${j.selectLink.to}`, '10-16');
  const link = REF.from.findIndex((f, a) => f === 10 && REF.to[a] === 16);
  assert.ok(Math.abs(j.selectLink.volume - REF.volume[link]) < 1e-3 * REF.volume[link]);
  const rows = readFileSync(tolls, 'utf8').trim().split('\n');
  assert.equal(rows.length, 77);
  assert.ok(rows.slice(1).every((l) => /^\d+\t\d+\t[\d.e+-]+$/.test(l)));

  const ru = await runCli(['assign', '--net', NET, '--trips', TRIPS, '--gap', '1e-8', '--system-optimum', '--lang', 'ru'], env);
  assert.equal(ru.code, 0, ru.stderr);
  assert.match(ru.stdout, /равновесие \(UE\): разрыв/);
  assert.match(ru.stdout, /цена анархии/);
});

test('bad usage exits 2 naming the option; a bad file exits 1 naming file and line', async () => {
  const noNet = await runCli(['assign', '--trips', TRIPS], env);
  assert.equal(noNet.code, 2);
  assert.match(noNet.stderr, /--net/);
  const algo = await runCli(['assign', '--net', NET, '--trips', TRIPS, '--algorithm', 'tapas'], env);
  assert.equal(algo.code, 2);
  assert.match(algo.stderr, /--algorithm.*tapas.*b, bfw, cfw, fw/);
  const missing = await runCli(['assign', '--net', join(dir, 'nope_net.tntp'), '--trips', TRIPS], env);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope_net\.tntp/);
  const bad = join(dir, 'bad_net.tntp');
  writeFileSync(bad, '<NUMBER OF ZONES> 24\n<NUMBER OF NODES> 24\n<FIRST THRU NODE> 1\n<END OF METADATA>\n1\t2\t100\t6\t6\t0.15\t4\t;\n2\t1\tlots\t6\t6\t0.15\t4\t;\n');
  const r = await runCli(['assign', '--net', bad, '--trips', TRIPS, '--json'], env);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(j.ok, false);
  assert.ok(j.issues.some((i: { code: string; at: { line: number } }) => i.code === 'TNTP_NUMBER' && i.at.line === 6));
  const t = await runCli(['assign', '--net', bad, '--trips', TRIPS], env);
  assert.match(t.stderr, /bad_net\.tntp:6/);
});
