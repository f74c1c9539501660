// Use case: traffic assignment on a TNTP network and trip table (the research benchmarks):
// read both files → build the network and demand → user equilibrium → optionally the system
// optimum, its price of anarchy and the marginal-cost tolls → what the caller asked to report.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { KaravanError, hasErrors, type Issue } from '../core/issues.ts';
import {
  assign, loadTntp, formatFlow, marginalCostTolls, priceOfAnarchy, bottlenecks, selectLink, findLink,
  type Algorithm, type Flows, type AssignNetwork, type Demand, type CostFactors, type Objective,
  type Bottleneck, type SelectLinkResult,
} from '../assign/index.ts';

export { ALGORITHMS, type Algorithm } from '../assign/index.ts';

export interface AssignTntpOptions {
  netPath: string;
  tripsPath: string;
  algorithm: Algorithm;
  gap: number;
  maxSeconds: number;
  maxIterations: number;
  /** Algorithm B's threads; default by size. */
  threads?: number;
  /** Generalised-cost weights; default: what the network's README states (known table), else 0. */
  tollFactor?: number;
  distanceFactor?: number;
  /** Also solve the system optimum: price of anarchy and marginal-cost tolls. */
  systemOptimum?: boolean;
  /** Rank this many links by volume/capacity (0: none). */
  bottlenecks?: number;
  /** Select-link analysis of the link from→to (node numbers as in the file). */
  selectLink?: { from: number; to: number };
  onIteration?: (objective: Objective, iteration: number, gap: number) => void;
}

export interface AssignTntpResult {
  net: AssignNetwork;
  demand: Demand;
  factors: CostFactors;
  ue: Flows;
  so?: Flows;
  priceOfAnarchy?: number;
  /** Marginal-cost tolls per link (generalised-cost units) that make the SO flows a UE. */
  tolls?: Float64Array;
  bottlenecks?: Bottleneck[];
  selectLink?: SelectLinkResult;
}

function readInput(path: string, option: string): string {
  if (!existsSync(path)) throw new KaravanError('NOT_FOUND', { what: 'file', what_ru: 'файл', field: option, value: path });
  return readFileSync(path, 'utf8');
}

export function assignTntp(o: AssignTntpOptions): { value: AssignTntpResult | null; issues: Issue[] } {
  const netText = readInput(o.netPath, '--net');
  const tripsText = readInput(o.tripsPath, '--trips');
  const loaded = loadTntp(netText, basename(o.netPath), tripsText, basename(o.tripsPath), { tollFactor: o.tollFactor, distanceFactor: o.distanceFactor });
  const issues: Issue[] = [...loaded.issues];
  if (!loaded.value) return { value: null, issues };
  const { net, demand, factors } = loaded.value;
  let linkIndex = -1;
  if (o.selectLink) {
    linkIndex = findLink(net, o.selectLink.from, o.selectLink.to);
    if (linkIndex < 0) throw new KaravanError('NOT_FOUND', { what: 'link', what_ru: 'звено', field: '--select-link', value: `${o.selectLink.from}-${o.selectLink.to}` });
    // per-origin flows exist only in the bush engine
    if (o.algorithm !== 'b') throw new KaravanError('OPTION_INVALID', { option: '--select-link', value: `with --algorithm ${o.algorithm}`, allowed: 'with --algorithm b' });
  }
  const run = (objective: Objective, extraCost?: Float64Array) => assign(net, demand, {
    algorithm: o.algorithm, objective, gap: o.gap, maxSeconds: o.maxSeconds, maxIterations: o.maxIterations, extraCost, threads: o.threads,
    onIteration: o.onIteration ? (i, g) => o.onIteration!(objective, i, g) : undefined,
  });
  const ue = run('ue');
  issues.push(...ue.issues);
  if (!ue.value || hasErrors(issues)) return { value: null, issues };
  const result: AssignTntpResult = { net, demand, factors, ue: ue.value };
  if (o.systemOptimum) {
    const so = run('so');
    issues.push(...so.issues);
    if (!so.value) return { value: null, issues };
    result.so = so.value;
    result.priceOfAnarchy = priceOfAnarchy(ue.value.tstt, so.value.tstt);
    result.tolls = marginalCostTolls(net, so.value.volume);
  }
  if (o.bottlenecks) result.bottlenecks = bottlenecks(net, ue.value.volume, o.bottlenecks);
  if (linkIndex >= 0 && ue.value.originFlow) result.selectLink = selectLink(net, demand, ue.value.originFlow, linkIndex);
  return { value: result, issues };
}

/** Link flows in the TNTP flow format (`From To Volume Cost`, input order). */
export function flowsText(net: AssignNetwork, flows: Flows): string {
  const from = new Int32Array(net.linkCount), to = new Int32Array(net.linkCount);
  for (let a = 0; a < net.linkCount; a++) { from[a] = net.nodeLabel[net.tail[a]]; to[a] = net.nodeLabel[net.head[a]]; }
  return formatFlow(from, to, flows.volume, flows.cost);
}

/** Marginal-cost tolls as `From To Toll` rows, input order, in generalised-cost units. */
export function tollsText(net: AssignNetwork, tolls: Float64Array): string {
  const out = ['From\tTo\tToll'];
  for (let a = 0; a < net.linkCount; a++) out.push(`${net.nodeLabel[net.tail[a]]}\t${net.nodeLabel[net.head[a]]}\t${tolls[a]}`);
  return out.join('\n') + '\n';
}
