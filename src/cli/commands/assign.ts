import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { assignTntp, flowsText, tollsText, ALGORITHMS, type Algorithm, type AssignTntpResult } from '../../app/assign-tntp.ts';
import { KaravanError, hasErrors, type Lang } from '../../core/issues.ts';
import type { Flows } from '../../assign/index.ts';
import { action, intOption, numberOption, EXIT, type CliContext } from '../kit.ts';
import { issueJson, printIssues } from '../render.ts';
import { withKaravan } from '../store.ts';
import { assignNetworkFlows, type NetworkFlowsResult } from '../../app/assign-network.ts';

interface AssignCliOptions {
  net?: string;
  trips?: string;
  gap: string;
  maxSeconds?: string;
  maxIterations: string;
  threads?: string;
  algorithm: string;
  tollFactor?: string;
  distanceFactor?: string;
  flowsOut?: string;
  systemOptimum?: boolean;
  tollsOut?: string;
  bottlenecks?: string;
  selectLink?: string;
  demand?: string;
  profile?: string;
  year?: string;
  modes?: string;
  tonnesPerTrain?: string;
  tonnesPerTruck?: string;
}

const g = (x: number) => x.toExponential(3);
const num = (x: number) => x.toPrecision(15).replace(/\.?0+$/, '');

function summary(f: Flows, lang: Lang, label: string): string {
  const stop = f.stop === 'converged' ? '' : ` (${f.stop})`;
  const threads = f.threads > 1 ? (lang === 'ru' ? `, потоков: ${f.threads}` : ` on ${f.threads} threads`) : '';
  return lang === 'ru'
    ? `${label}: разрыв ${g(f.gap)} после ${f.iterations} итераций за ${f.seconds.toFixed(2)} с${threads}${stop}; TSTT ${num(f.tstt)}`
    : `${label}: gap ${g(f.gap)} after ${f.iterations} iterations in ${f.seconds.toFixed(2)} s${threads}${stop}; TSTT ${num(f.tstt)}`;
}

function render(r: AssignTntpResult, lang: Lang): string {
  const ru = lang === 'ru';
  const lines = [summary(r.ue, lang, ru ? 'равновесие (UE)' : 'user equilibrium')];
  if (r.so && r.priceOfAnarchy !== undefined) {
    lines.push(summary(r.so, lang, ru ? 'системный оптимум (SO)' : 'system optimum'));
    lines.push(ru ? `цена анархии TSTT(UE)/TSTT(SO) = ${r.priceOfAnarchy.toFixed(6)}` : `price of anarchy TSTT(UE)/TSTT(SO) = ${r.priceOfAnarchy.toFixed(6)}`);
  }
  if (r.bottlenecks?.length) {
    lines.push('', ru ? 'узкие места (по V/C):' : 'bottlenecks (by V/C):');
    lines.push(['link', 'volume', 'capacity', 'V/C', 'delay', 'ext.cost', 'cap.value'].join('\t'));
    for (const b of r.bottlenecks) {
      lines.push([`${b.from}-${b.to}`, num(b.volume), num(b.capacity), b.volumeCapacity.toFixed(3), b.delay.toPrecision(4), b.externalCost.toPrecision(4), b.capacityValue.toPrecision(4)].join('\t'));
    }
  }
  if (r.selectLink) {
    const s = r.selectLink;
    lines.push('', ru ? `звено ${s.from}-${s.to}: ${num(s.volume)} из ${s.pairs.length} пар ОD` : `link ${s.from}-${s.to}: ${num(s.volume)} from ${s.pairs.length} OD pairs`);
    lines.push(['origin', 'destination', 'volume', 'share'].join('\t'));
    for (const p of s.pairs.slice(0, 50)) lines.push([p.origin, p.destination, num(p.volume), p.share.toFixed(4)].join('\t'));
    if (s.pairs.length > 50) lines.push(ru ? `… и ещё ${s.pairs.length - 50} (все — в --json)` : `… and ${s.pairs.length - 50} more (all in --json)`);
  }
  return lines.join('\n');
}

function flowsJson(f: Flows) {
  return { iterations: f.iterations, gap: f.gap, tstt: f.tstt, sptt: f.sptt, seconds: f.seconds, stop: f.stop, threads: f.threads, gapHistory: f.gapHistory };
}

function parseLinkOption(value: string): { from: number; to: number } {
  const m = /^\s*(\d+)\s*[-,:]\s*(\d+)\s*$/.exec(value);
  if (!m) throw new KaravanError('OPTION_INVALID', { option: '--select-link', value, allowed: 'FROM-TO node numbers, e.g. 12-7' });
  return { from: Number(m[1]), to: Number(m[2]) };
}

/** Gap per iteration: an updating line on a terminal, one line each in a pipe, nothing with --json. */
function progress(ctx: CliContext) {
  let last = 0;
  return {
    onIteration(objective: string, it: number, gap: number) {
      if (ctx.json) return;
      const text = `${objective} iteration ${it}  gap ${g(gap)}`;
      if (!ctx.tty) { ctx.out(text); return; }
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r${text}\x1b[K`);
    },
    done() { if (ctx.tty && !ctx.json && last > 0) process.stderr.write('\r\x1b[K'); },
  };
}

function renderNetwork(r: NetworkFlowsResult, lang: Lang): string {
  const ru = lang === 'ru';
  const t = (x: number) => Math.round(x).toLocaleString('en-US');
  const lines = [ru
    ? `${r.demandFile}: ${t(r.assignedTonnes)} из ${t(r.totalTonnes)} т/год распределено (профиль ${r.profile.id}); ${r.links.length} звеньев с потоком; ${r.converged ? 'сошлось' : 'НЕ сошлось'} за ${r.outerIterations} обновлений множителей, ${r.seconds.toFixed(2)} с`
    : `${r.demandFile}: ${t(r.assignedTonnes)} of ${t(r.totalTonnes)} t/yr assigned (profile ${r.profile.id}); ${r.links.length} links carry flow; ${r.converged ? 'converged' : 'NOT converged'} after ${r.outerIterations} multiplier updates, ${r.seconds.toFixed(2)} s`];
  lines.push('', ru ? `мощности (теневая цена, ${r.profile.unit === 'tonne' ? 'ед. стоимости профиля на тонну' : 'на единицу'}):` : `capacities (shadow price in profile cost units per ${r.profile.unit}):`);
  lines.push(['link', 'crossing', 'from', 'to', 't/yr', 'capacity t/yr', 'V/C', 'shadow price'].join('\t'));
  for (const b of r.bottlenecks) lines.push([b.link, b.crossing ?? '', b.from, b.to, t(b.tonnes), t(b.capacityTonnes), b.volumeCapacity.toFixed(3), b.shadowPrice.toFixed(2)].join('\t'));
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('assign')
    .description('traffic assignment: freight OD matrix on the Karavan network under hard capacities (--demand), or TNTP network and trip files (--net, --trips)')
    .option('--demand <file>', 'OD matrix CSV on the Karavan network (e.g. data/demand/od-matrix.csv): flows, bottlenecks, shadow prices')
    .option('--profile <id>', 'with --demand: costing profile (default bulk)')
    .option('--year <year>', 'with --demand: the network as of this year')
    .option('--modes <list>', 'with --demand: allowed modes, e.g. rail,ferry')
    .option('--tonnes-per-train <t>', 'with --demand: net tonnes per train, to turn trains/day into t/yr (default 3650)')
    .option('--tonnes-per-truck <t>', 'with --demand: net tonnes per truck (default 20)')
    .option('--net <file>', 'TNTP network file (X_net.tntp)')
    .option('--trips <file>', 'TNTP trip table (X_trips.tntp)')
    .option('--gap <relative gap>', 'stop at this relative gap TSTT/SPTT − 1', '1e-6')
    .option('--max-seconds <s>', 'stop after this many seconds')
    .option('--max-iterations <n>', 'stop after this many iterations', '100000')
    .option('--threads <n>', 'Algorithm B: threads working on the origins (default: one per core on large runs, else 1)')
    .option('--algorithm <name>', `b (Algorithm B, bush-based) or fw, cfw, bfw (Frank–Wolfe family)`, 'b')
    .option('--toll-factor <x>', 'generalised cost per toll unit (default: as the network README states, else 0)')
    .option('--distance-factor <x>', 'generalised cost per length unit (default: as the network README states, else 0)')
    .option('--flows-out <file>', 'write link flows in the TNTP flow format (From To Volume Cost)')
    .option('--system-optimum', 'also solve the system optimum: price of anarchy, marginal-cost tolls')
    .option('--tolls-out <file>', 'write the marginal-cost tolls (From To Toll); implies --system-optimum')
    .option('--bottlenecks <n>', 'list the n links with the highest volume/capacity')
    .option('--select-link <from-to>', 'which OD pairs use this link (Algorithm B only)')
    .action(action(async (ctx, opts: AssignCliOptions) => {
      if (opts.demand !== undefined) {
        const units = {
          ...(opts.tonnesPerTrain === undefined ? {} : { tonnesPerTrain: numberOption('--tonnes-per-train', opts.tonnesPerTrain, 1, 1e6) }),
          ...(opts.tonnesPerTruck === undefined ? {} : { tonnesPerTruck: numberOption('--tonnes-per-truck', opts.tonnesPerTruck, 1, 1e4) }),
        };
        const top = opts.bottlenecks === undefined ? 20 : intOption('--bottlenecks', opts.bottlenecks, 1, 1e6);
        return withKaravan(ctx, async (db) => {
          const r = await assignNetworkFlows(db, { demand: opts.demand, profile: opts.profile, year: opts.year, modes: opts.modes, units, top }, 'cli');
          if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...r, issues: r.issues.map((i) => issueJson(i, ctx.lang)) }));
          else { printIssues(r.issues, ctx.lang, ctx.err); ctx.out(renderNetwork(r, ctx.lang)); }
          return r.converged ? EXIT.OK : EXIT.DATA;
        });
      }
      if (!opts.net) throw new KaravanError('OPTION_REQUIRED', { option: '--net' });
      if (!opts.trips) throw new KaravanError('OPTION_REQUIRED', { option: '--trips' });
      if (!ALGORITHMS.includes(opts.algorithm as Algorithm)) throw new KaravanError('OPTION_INVALID', { option: '--algorithm', value: opts.algorithm, allowed: ALGORITHMS.join(', ') });
      const gap = numberOption('--gap', opts.gap, 1e-15, 1);
      const maxSeconds = opts.maxSeconds === undefined ? Infinity : numberOption('--max-seconds', opts.maxSeconds, 0, 1e7);
      const maxIterations = intOption('--max-iterations', opts.maxIterations, 1, 1e9);
      const threads = opts.threads === undefined ? undefined : intOption('--threads', opts.threads, 1, 256);
      const tollFactor = opts.tollFactor === undefined ? undefined : numberOption('--toll-factor', opts.tollFactor, -1e12, 1e12);
      const distanceFactor = opts.distanceFactor === undefined ? undefined : numberOption('--distance-factor', opts.distanceFactor, -1e12, 1e12);
      const top = opts.bottlenecks === undefined ? 0 : intOption('--bottlenecks', opts.bottlenecks, 1, 1e9);
      const selectLink = opts.selectLink === undefined ? undefined : parseLinkOption(opts.selectLink);
      const p = progress(ctx);
      const r = assignTntp({
        netPath: opts.net, tripsPath: opts.trips, algorithm: opts.algorithm as Algorithm, gap, maxSeconds, maxIterations, threads,
        tollFactor, distanceFactor, systemOptimum: Boolean(opts.systemOptimum || opts.tollsOut), bottlenecks: top, selectLink,
        onIteration: p.onIteration,
      });
      p.done();
      if (!ctx.json) printIssues(r.issues, ctx.lang, ctx.err);
      const v = r.value;
      if (!v) {
        if (ctx.json) ctx.out(JSON.stringify({ ok: false, issues: r.issues.map((i) => issueJson(i, ctx.lang)) }));
        return EXIT.DATA;
      }
      if (opts.flowsOut) writeFileSync(opts.flowsOut, flowsText(v.net, v.ue));
      if (opts.tollsOut && v.tolls) writeFileSync(opts.tollsOut, tollsText(v.net, v.tolls));
      if (ctx.json) {
        ctx.out(JSON.stringify({
          ok: true, algorithm: v.ue.algorithm, ...flowsJson(v.ue), factors: v.factors,
          systemOptimum: v.so ? flowsJson(v.so) : undefined, priceOfAnarchy: v.priceOfAnarchy,
          bottlenecks: v.bottlenecks, selectLink: v.selectLink,
          issues: r.issues.map((i) => issueJson(i, ctx.lang)),
        }));
      } else ctx.out(render(v, ctx.lang));
      return hasErrors(r.issues) ? EXIT.DATA : EXIT.OK;
    }));
}
