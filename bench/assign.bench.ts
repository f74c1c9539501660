// npm run bench -- assign: traffic assignment on the TNTP benchmark networks (test/fixtures/tntp),
// Algorithm B to relative gaps 1e-6 and 1e-10, timed the way the tap-b figures in issue 9 were:
// wall time from reading the files to the final flows, one thread. The answer's fingerprint is its
// TSTT against the best-known one (the `_flow` file): a faster wrong answer fails the bench.
// ASSIGN_BENCH_RUNS=N repeats each case N times (default 3) and reports min / median / max.
// Then the scale case, in a child process so that its peak RSS is its own: a seeded synthetic grid
// of 100k nodes and 1,000 zones (src/assign/synthetic.ts), Algorithm B to 1e-4, run once; its
// fingerprint is the gap, recomputed here from the flows it returns, and flow conservation.
// Its progress (gap, wall and CPU seconds per iteration) goes to stderr as it runs.
// ASSIGN_BENCH_ONLY=synthetic (or tntp) runs that part alone; ASSIGN_BENCH_SYNTH=nodes,zones resizes it; ASSIGN_BENCH_THREADS=N sets its threads (default: defaultThreads).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadTntp, assign, parseFlow, defaultThreads, type Algorithm } from '../src/assign/index.ts';
import { syntheticAssignment } from '../src/assign/synthetic.ts';
import { costModel, totalCost } from '../src/assign/costs.ts';
import { ShortestPathTree, shortestPathTotal } from '../src/assign/shortest.ts';

if (process.argv[2] === '--synthetic') { synthetic(); process.exit(0); }

const DIR = join(import.meta.dirname, '../test/fixtures/tntp');
const RUNS = Math.max(1, Number(process.env.ASSIGN_BENCH_RUNS ?? 3));

interface Case { folder: string; prefix: string; gap: number; algorithm: Algorithm; tapB?: number }

// tap-b (C, Algorithm B, one thread, wall time including reading the files), as issue 9 records them
const CASES: Case[] = [
  { folder: 'SiouxFalls', prefix: 'SiouxFalls', gap: 1e-6, algorithm: 'b' },
  { folder: 'SiouxFalls', prefix: 'SiouxFalls', gap: 1e-10, algorithm: 'b' },
  { folder: 'Anaheim', prefix: 'Anaheim', gap: 1e-6, algorithm: 'b', tapB: 0.02 },
  { folder: 'Anaheim', prefix: 'Anaheim', gap: 1e-10, algorithm: 'b', tapB: 0.05 },
  { folder: 'Barcelona', prefix: 'Barcelona', gap: 1e-6, algorithm: 'b', tapB: 0.22 },
  { folder: 'Barcelona', prefix: 'Barcelona', gap: 1e-10, algorithm: 'b', tapB: 0.39 },
  { folder: 'Chicago-Sketch', prefix: 'ChicagoSketch', gap: 1e-6, algorithm: 'b', tapB: 0.66 },
  { folder: 'Chicago-Sketch', prefix: 'ChicagoSketch', gap: 1e-10, algorithm: 'b', tapB: 1.23 },
  { folder: 'Chicago-Sketch', prefix: 'ChicagoSketch', gap: 1e-4, algorithm: 'bfw' },
];

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sec = (x: number) => x.toFixed(2);

function once(c: Case) {
  const wall0 = performance.now(), cpu0 = process.cpuUsage();
  const read = (suffix: string) => readFileSync(join(DIR, c.folder, `${c.prefix}_${suffix}.tntp`), 'utf8');
  const l = loadTntp(read('net'), `${c.prefix}_net.tntp`, read('trips'), `${c.prefix}_trips.tntp`);
  if (!l.value) throw new Error(`${c.prefix}: ${JSON.stringify(l.issues)}`);
  const r = assign(l.value.net, l.value.demand, { algorithm: c.algorithm, objective: 'ue', gap: c.gap, maxIterations: 1e6, maxSeconds: 300 });
  if (!r.value) throw new Error(`${c.prefix}: ${JSON.stringify(r.issues)}`);
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, flows: r.value };
}

console.log(`\n### Traffic assignment, TNTP networks (${RUNS} runs each; wall s from reading the files to the flows)\n`);
console.log('| network | algorithm | target gap | gap reached | iterations | wall s min / median / max | CPU s median | tap-b s | ratio | TSTT vs best known |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
let failed = 0;
for (const c of process.env.ASSIGN_BENCH_ONLY === 'synthetic' ? [] : CASES) {
  const ref = parseFlow(readFileSync(join(DIR, c.folder, `${c.prefix}_flow.tntp`), 'utf8'), 'flow').value!;
  const refTstt = ref.volume.reduce((s, v, a) => s + v * ref.cost[a], 0);
  const runs = Array.from({ length: RUNS }, () => once(c));
  const last = runs[runs.length - 1].flows;
  const rel = (last.tstt - refTstt) / refTstt;
  // the answer check: at 1e-10 the TSTT must match the best-known one to 1e-9, looser gaps in proportion
  const ok = last.stop === 'converged' && Math.abs(rel) <= Math.max(1e-9, 20 * c.gap);
  if (!ok) failed++;
  const walls = runs.map((r) => r.wall);
  const med = median(walls);
  console.log(`| ${c.prefix} | ${c.algorithm} | ${c.gap.toExponential(0)} | ${last.gap.toExponential(2)} | ${last.iterations} | ${sec(Math.min(...walls))} / ${sec(med)} / ${sec(Math.max(...walls))} | ${sec(median(runs.map((r) => r.cpu)))} | ${c.tapB ?? '–'} | ${c.tapB ? (med / c.tapB).toFixed(1) + '×' : '–'} | ${rel.toExponential(2)}${ok ? '' : ' **WRONG**'} |`);
}
console.log(`\npeak memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB max RSS (the whole bench process)`);
if (process.env.ASSIGN_BENCH_ONLY !== 'tntp') {
  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--synthetic'], { stdio: 'inherit', env: process.env });
  if (child.status !== 0) failed++;
}
if (failed) {
  console.log(`${failed} case(s) did not reproduce the best-known TSTT`);
  process.exit(1);
}

/** The scale case: build, assign to 1e-4 (at most ASSIGN_BENCH_MAX_S s), check the answer, report time, gap and peak RSS. */
function synthetic(): void {
  const [nodeCount, zoneCount] = (process.env.ASSIGN_BENCH_SYNTH ?? '100000,1000').split(',').map(Number);
  const wall0 = performance.now(), cpu0 = process.cpuUsage();
  const { net, demand } = syntheticAssignment({ nodeCount, zoneCount, seed: 1 });
  const built = (performance.now() - wall0) / 1000;
  const gaps: string[] = [];
  const maxSeconds = Number(process.env.ASSIGN_BENCH_MAX_S ?? 600);
  const threads = Number(process.env.ASSIGN_BENCH_THREADS ?? 0) || defaultThreads(demand.origins.length, net.nodeCount);
  const r = assign(net, demand, { algorithm: 'b', objective: 'ue', gap: 1e-4, maxIterations: 1000, maxSeconds, threads, onIteration: (i, g) => {
    // CPU beside wall: on a shared machine the wall time says more about the load than the code
    const c = process.cpuUsage(cpu0), cpuS = ((c.user + c.system) / 1e6).toFixed(0);
    gaps.push(`${g.toExponential(1)}@${((performance.now() - wall0) / 1000).toFixed(0)}s/${cpuS}cpu`);
    process.stderr.write(`synthetic: iteration ${i}, gap ${g.toExponential(2)}, ${((performance.now() - wall0) / 1000).toFixed(0)} s wall, ${cpuS} s CPU, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB\n`);
  } });
  if (!r.value) throw new Error(JSON.stringify(r.issues));
  const wall = (performance.now() - wall0) / 1000, cpu = process.cpuUsage(cpu0);
  const f = r.value;
  // the answer check: the gap recomputed from the returned volumes, and every origin's flow conserved
  const ue = costModel(net, 'ue');
  const spt = new ShortestPathTree(net);
  const gap = totalCost(ue, f.volume) / shortestPathTotal(demand, f.cost, spt, new Int32Array(net.nodeCount).fill(-1)) - 1;
  const of = new Float64Array(net.linkCount), balance = new Float64Array(net.nodeCount);
  let worstBalance = 0;
  for (let k = 0; k < demand.origins.length; k += 97) {
    f.originFlow!.fill(k, of); balance.fill(0);
    for (let a = 0; a < net.linkCount; a++) if (of[a] > 0) { balance[net.head[a]] += of[a]; balance[net.tail[a]] -= of[a]; }
    for (let i = demand.start[k]; i < demand.start[k + 1]; i++) { balance[demand.dest[i]] -= demand.flow[i]; balance[demand.origins[k]] += demand.flow[i]; }
    for (let v = 0; v < net.nodeCount; v++) worstBalance = Math.max(worstBalance, Math.abs(balance[v]));
  }
  let bushLinks = 0;
  for (let k = 0; k < demand.origins.length; k++) bushLinks += f.originFlow!.bushLinks(k);
  // a wrong answer fails the bench; stopping at the time limit (ASSIGN_BENCH_MAX_S, default 600 s
  // wall) is reported as such
  const ok = Math.abs(gap - f.gap) <= 1e-6 && worstBalance < 1e-6 * demand.total;
  const reached = f.stop === 'converged' ? '' : ` — target not reached (${f.stop})`;
  console.log(`\n### Traffic assignment at scale: synthetic grid, seed 1 (src/assign/synthetic.ts), Algorithm B, target gap 1e-4, one run\n`);
  console.log('| nodes | links | zones | OD pairs | threads | build s | wall s | CPU s | iterations | gap reached (recomputed) | mean bush links / origin | peak RSS MiB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(`| ${net.nodeCount} | ${net.linkCount} | ${zoneCount} | ${demand.dest.length} | ${threads} | ${built.toFixed(2)} | ${wall.toFixed(1)} | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} | ${f.iterations} | ${f.gap.toExponential(2)} (${gap.toExponential(2)})${ok ? '' : ' **WRONG**'}${reached} | ${Math.round(bushLinks / demand.origins.length)} | ${Math.round(process.resourceUsage().maxRSS / 1024)} |`);
  console.log(`\ngap by iteration: ${gaps.join(' ')}`);
  if (!ok) process.exit(1);
}
