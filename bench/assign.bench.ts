// npm run bench -- assign: traffic assignment on the TNTP benchmark networks (test/fixtures/tntp),
// Algorithm B to relative gaps 1e-6 and 1e-10, timed the way the tap-b figures in issue 9 were:
// wall time from reading the files to the final flows, one thread. The answer's fingerprint is its
// TSTT against the best-known one (the `_flow` file): a faster wrong answer fails the bench.
// ASSIGN_BENCH_RUNS=N repeats each case N times (default 3) and reports min / median / max.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTntp, assign, parseFlow, type Algorithm } from '../src/assign/index.ts';

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
for (const c of CASES) {
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
if (failed) {
  console.log(`${failed} case(s) did not reproduce the best-known TSTT`);
  process.exit(1);
}
