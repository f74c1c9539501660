// Algorithm B on several threads: a set of origins on a worker thread gives the same iterates, bit
// for bit, as the same set run on this thread; with several sets the run still reaches the
// best-known flows to 1e-10 (one set takes over when the parallel passes stall); per-origin flows
// of bushes held by a worker conserve flow and add up to the link volumes; an unreachable pair is
// the one a single thread reports; the CLI takes --threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assign, syntheticAssignment, buildNetwork, type AssignNetwork, type Demand } from '../src/assign/index.ts';
import { algorithmB } from '../src/assign/bush.ts';
import { costModel } from '../src/assign/costs.ts';
import type { EngineResult } from '../src/assign/engine.ts';
import { cliEnv, runCli } from './helpers/cli.ts';
import { loadFixture, TNTP_DIR } from './helpers/tntp.ts';


function runB(net: AssignNetwork, demand: Demand, threads: number, inProcess: boolean, gap: number, maxIterations: number): EngineResult {
  return algorithmB(net, demand, costModel(net, 'ue'), { gap, maxIterations, maxSeconds: 120, threads, inProcess });
}

/** Every origin's flow conserved at every node, and the origins' flows adding up to the link volumes. */
function checkOriginFlows(net: AssignNetwork, demand: Demand, r: EngineResult): void {
  const m = net.linkCount, of = new Float64Array(m), sum = new Float64Array(m), balance = new Float64Array(net.nodeCount);
  for (let k = 0; k < demand.origins.length; k++) {
    r.originFlow!.fill(k, of);
    balance.fill(0);
    let links = 0;
    for (let a = 0; a < m; a++) {
      if (of[a] < 0) continue;
      links++;
      sum[a] += of[a];
      balance[net.head[a]] += of[a];
      balance[net.tail[a]] -= of[a];
    }
    assert.equal(links, r.originFlow!.bushLinks(k));
    for (let i = demand.start[k]; i < demand.start[k + 1]; i++) { balance[demand.dest[i]] -= demand.flow[i]; balance[demand.origins[k]] += demand.flow[i]; }
    for (let v = 0; v < net.nodeCount; v++) assert.ok(Math.abs(balance[v]) < 1e-6 * demand.total, `origin ${k}, node ${v}: ${balance[v]}`);
  }
  for (let a = 0; a < m; a++) assert.ok(Math.abs(sum[a] - r.x[a]) <= 1e-9 * Math.max(1, r.x[a]), `link ${a}: ${sum[a]} vs ${r.x[a]}`);
}

test('a set on a worker thread gives the same iterates as the same set run here, bit for bit', () => {
  const { net, demand } = syntheticAssignment({ nodeCount: 3000, zoneCount: 60, seed: 7 });
  for (const threads of [2, 3]) {
    const here = runB(net, demand, threads, true, 1e-9, 8);
    const there = runB(net, demand, threads, false, 1e-9, 8);
    assert.deepEqual(there.history, here.history);
    assert.deepEqual([...there.x], [...here.x]);
    assert.ok(here.history[here.history.length - 1] < 1e-2, String(here.history));
    checkOriginFlows(net, demand, there);
  }
});

test('a thread count is a whole number of sets: 2.5 works as 2, NaN as 1', () => {
  const { net, demand } = syntheticAssignment({ nodeCount: 600, zoneCount: 20, seed: 5 });
  const same = (a: EngineResult, b: EngineResult) => assert.deepEqual([...a.x], [...b.x]);
  same(runB(net, demand, 2.5, true, 1e-6, 4), runB(net, demand, 2, true, 1e-6, 4));
  same(runB(net, demand, Number.NaN, true, 1e-6, 4), runB(net, demand, 1, true, 1e-6, 4));
  checkOriginFlows(net, demand, runB(net, demand, 2.5, true, 1e-6, 4));
});

test('per-origin flows of bushes still held by workers conserve flow and add up to the volumes', () => {
  const { net, demand } = syntheticAssignment({ nodeCount: 3000, zoneCount: 60, seed: 3 });
  // two iterations: the gap is still falling fast, so the sets are still on their threads
  const r = runB(net, demand, 2, false, 1e-12, 2);
  assert.equal(r.iterations, 2);
  assert.ok(r.history[1] < 0.9 * r.history[0], String(r.history));
  checkOriginFlows(net, demand, r);
});

for (const [folder, prefix, gap] of [['SiouxFalls', 'SiouxFalls', 1e-12], ['Chicago-Sketch', 'ChicagoSketch', 1e-10]] as const) {
  test(`${prefix} on two threads reaches gap ${gap} and the best-known TSTT within 1e-9`, () => {
    const f = loadFixture(folder, prefix);
    const r = assign(f.net, f.demand, { algorithm: 'b', objective: 'ue', gap, maxIterations: 500, maxSeconds: 120, threads: 2 });
    assert.ok(r.value, JSON.stringify(r.issues));
    assert.equal(r.value.stop, 'converged');
    assert.ok(Math.abs(r.value.tstt - f.refTstt) / f.refTstt < 1e-9, `${r.value.tstt} vs ${f.refTstt}`);
  });
}

test('an unreachable pair is the one a single thread reports', () => {
  // zones 1–4; zone 4 has no link in; zones 2 and 3 ask for it (OD pairs 2 and 4)
  const pairs = [[1, 5], [5, 1], [2, 5], [5, 2], [3, 6], [6, 3], [5, 6], [6, 5], [4, 5]];
  const m = pairs.length;
  const col = (f: (p: number[]) => number) => Float64Array.from(pairs, f);
  const net = buildNetwork({
    nodeCount: 6, zoneCount: 4, firstThruNode: 5, from: Int32Array.from(pairs, (p) => p[0]), to: Int32Array.from(pairs, (p) => p[1]),
    capacity: col(() => 100), length: col(() => 1), freeFlowTime: col(() => 1), b: col(() => 0.15), power: col(() => 4), toll: new Float64Array(m),
  }, { tollFactor: 0, distanceFactor: 0 });
  const demand: Demand = {
    origins: Int32Array.of(0, 1, 2, 3), start: Int32Array.of(0, 1, 3, 5, 6),
    dest: Int32Array.of(1, 0, 3, 1, 3, 2), flow: Float64Array.of(10, 10, 10, 10, 10, 10), total: 60,
  };
  const one = runB(net, demand, 1, true, 1e-6, 10);
  assert.equal(one.stop, 'unreachable');
  assert.equal(one.unreachable, 2);
  for (const threads of [2, 3]) {
    const r = runB(net, demand, threads, false, 1e-6, 10);
    assert.equal(r.stop, 'unreachable');
    assert.equal(r.unreachable, one.unreachable);
  }
});

test('karavan assign --threads: runs on two threads; a bad count exits 2 naming the option', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'karavan-threads-'));
  try {
    const env = cliEnv(dir, { CI: 'true' });
    const sf = join(TNTP_DIR, 'SiouxFalls');
    const args = ['assign', '--net', join(sf, 'SiouxFalls_net.tntp'), '--trips', join(sf, 'SiouxFalls_trips.tntp')];
    const f = loadFixture('SiouxFalls', 'SiouxFalls');
    const ok = await runCli([...args, '--threads', '2', '--gap', '1e-11', '--json'], env);
    assert.equal(ok.code, 0, ok.stderr);
    const r = JSON.parse(ok.stdout);
    assert.ok(r.gap <= 1e-11);
    assert.equal(r.threads, 2);
    assert.ok(Math.abs(r.tstt - f.refTstt) / f.refTstt < 1e-9);
    const text = await runCli([...args, '--threads', '2', '--gap', '1e-8'], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^user equilibrium: gap \S+ after \d+ iterations in \S+ s on 2 threads; TSTT \d/m);
    const one = JSON.parse((await runCli([...args, '--gap', '1e-8', '--json'], env)).stdout);
    assert.equal(one.threads, 1);
    const bad = await runCli([...args, '--threads', '0'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--threads/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
