// The assign stage's front door: read TNTP files into a network and demand, run an equilibrium
// engine (user equilibrium or system optimum), and derive what planners ask about: total system
// travel time, the price of anarchy, and the marginal-cost tolls that make UE flows system-optimal.
import { makeIssue, hasErrors, type Issue } from '../core/issues.ts';
import { parseNet, parseTrips, type TntpNet, type TntpTrips } from './tntp.ts';
import { buildNetwork, buildDemand, knownFactors, type AssignNetwork, type Demand, type CostFactors } from './network.ts';
import { costModel, linkCost, linkDerivative, totalCost, type Objective } from './costs.ts';
import { algorithmB, defaultThreads } from './bush.ts';
import { frankWolfe } from './fw.ts';
import { unreachableIssue } from './capacity.ts';
import type { EngineResult, OriginFlows } from './engine.ts';

export type { AssignNetwork, Demand, CostFactors } from './network.ts';
export type { Objective } from './costs.ts';
export type { OriginFlows } from './engine.ts';
export { KNOWN_COST_FACTORS, knownFactors, buildNetwork, buildDemand } from './network.ts';
export { parseNet, parseTrips, parseFlow, formatFlow } from './tntp.ts';
export { assignWithCapacities, type CapacityOptions, type CapacitatedFlows, type ShadowPrice } from './capacity.ts';
export { syntheticAssignment } from './synthetic.ts';
export { defaultThreads } from './bush.ts';
export { karavanNetwork, zoneDemand, reachableDemand, DEFAULT_CAPACITY_UNITS, type CapacityUnits, type KaravanAssignNetwork } from './karavan.ts';
export { bottlenecks, selectLink, findLink, type Bottleneck, type SelectLinkResult, type SelectLinkPair } from './analysis.ts';

export type Algorithm = 'b' | 'bfw' | 'cfw' | 'fw';

/**
 * Origins × nodes Algorithm B will take on: a bush spans its origin's reachable nodes (8 bytes
 * each for order and in-list start) and typically 1–1.5 links per node (12 bytes each), so
 * 3·10^8 origin-nodes is about 6 GB.
 */
export const MAX_BUSH_NODES = 300_000_000;
export const ALGORITHMS: readonly Algorithm[] = ['b', 'bfw', 'cfw', 'fw'];

export interface AssignOptions {
  algorithm: Algorithm;
  objective: Objective;
  gap: number;
  maxIterations: number;
  maxSeconds: number;
  /** Algorithm B: threads (sets of origins worked in parallel); default by size (defaultThreads). */
  threads?: number;
  /** Extra fixed cost per link (e.g. tolls in generalised-cost units), added for the run. */
  extraCost?: Float64Array;
  onIteration?: (iteration: number, gap: number) => void;
}

export interface Flows {
  objective: Objective;
  algorithm: Algorithm;
  /** Link volumes, input order. */
  volume: Float64Array;
  /** Generalised cost a traveller sees on each link at these volumes (without extraCost). */
  cost: Float64Array;
  /** Relative gap under the objective's costs: Σ x·c / Σ d·(shortest path) − 1. */
  gap: number;
  /** Total system travel time Σ x · cost (generalised, as TNTP reports it). */
  tstt: number;
  /** Σ demand × shortest path cost under the objective's costs. */
  sptt: number;
  iterations: number;
  seconds: number;
  gapHistory: number[];
  stop: EngineResult['stop'];
  /** Threads the engine worked on. */
  threads: number;
  /** Per-origin link flows (sparse; see OriginFlows), from Algorithm B only. */
  originFlow?: OriginFlows;
}

export interface Loaded {
  net: AssignNetwork;
  demand: Demand;
  factors: CostFactors;
}

/** Reads a TNTP net and trips file pair; factors default to the known table, else 0 and 0. */
export function loadTntp(netText: string, netFile: string, tripsText: string, tripsFile: string, factors?: Partial<CostFactors>): { value: Loaded | null; issues: Issue[] } {
  const pn = parseNet(netText, netFile);
  const pt = parseTrips(tripsText, tripsFile);
  const issues = [...pn.issues, ...pt.issues];
  if (!pn.value || !pt.value) return { value: null, issues };
  const err = checkZones(pn.value, pt.value, tripsFile);
  issues.push(...err);
  if (hasErrors(issues)) return { value: null, issues };
  const known = knownFactors(netFile) ?? { tollFactor: 0, distanceFactor: 0 };
  const f: CostFactors = { tollFactor: factors?.tollFactor ?? known.tollFactor, distanceFactor: factors?.distanceFactor ?? known.distanceFactor };
  const netv = pn.value.zoneCount > 0 ? pn.value : { ...pn.value, zoneCount: pt.value.zones };
  return { value: { net: buildNetwork(netv, f), demand: buildDemand(pt.value), factors: f }, issues };
}

function checkZones(net: TntpNet, trips: TntpTrips, tripsFile: string): Issue[] {
  const out: Issue[] = [];
  if (net.zoneCount > 0 && trips.zones > net.zoneCount) out.push(makeIssue('ASSIGN_ZONES_MISMATCH', { file: tripsFile }, { count: trips.zones, expected: net.zoneCount }));
  let maxZone = 0;
  for (const o of trips.origins) if (o > maxZone) maxZone = o;
  for (const d of trips.dest) if (d > maxZone) maxZone = d;
  if (maxZone > net.nodeCount) out.push(makeIssue('TNTP_NOT_ZONE', { file: tripsFile }, { value: maxZone, zones: net.zoneCount || net.nodeCount }));
  return out;
}

/** Runs an assignment; an OD pair without a path is an error issue, not an exception. */
export function assign(net: AssignNetwork, demand: Demand, opts: AssignOptions): { value: Flows | null; issues: Issue[] } {
  const bushNodes = demand.origins.length * net.nodeCount;
  if (opts.algorithm === 'b' && bushNodes > MAX_BUSH_NODES) {
    return { value: null, issues: [makeIssue('LIMIT_EXCEEDED', {}, { field: 'origins × nodes (--algorithm b; bfw has no such limit)', value: bushNodes, limit: MAX_BUSH_NODES })] };
  }
  const cm = costModel(net, opts.objective, opts.extraCost);
  const threads = opts.threads ?? defaultThreads(demand.origins.length, net.nodeCount);
  const engineOpts = { gap: opts.gap, maxIterations: opts.maxIterations, maxSeconds: opts.maxSeconds, onIteration: opts.onIteration, threads };
  const r = opts.algorithm === 'b' ? algorithmB(net, demand, cm, engineOpts) : frankWolfe(net, demand, cm, engineOpts, opts.algorithm);
  if (r.stop === 'unreachable') return { value: null, issues: [unreachableIssue(net, demand, r.unreachable)] };
  const ue = costModel(net, 'ue');
  const cost = new Float64Array(net.linkCount);
  for (let a = 0; a < net.linkCount; a++) cost[a] = linkCost(ue, a, r.x[a]);
  const issues: Issue[] = [];
  if (r.stop !== 'converged') {
    issues.push(makeIssue('ASSIGN_NOT_CONVERGED', {}, { value: r.gap.toExponential(3), iterations: r.iterations, reason: r.stop, target: opts.gap }));
  }
  return {
    value: {
      objective: opts.objective, algorithm: opts.algorithm, volume: r.x, cost, gap: r.gap, tstt: totalCost(ue, r.x), sptt: r.sptt,
      iterations: r.iterations, seconds: r.seconds, gapHistory: r.history, stop: r.stop, threads: r.threads ?? 1, originFlow: r.originFlow,
    },
    issues,
  };
}

/**
 * Marginal-cost (Pigouvian) tolls x·c'(x) at system-optimal volumes, in generalised-cost units:
 * charged on top of the cost, they make the SO flows a user equilibrium.
 */
export function marginalCostTolls(net: AssignNetwork, soVolume: Float64Array): Float64Array {
  const ue = costModel(net, 'ue');
  const toll = new Float64Array(net.linkCount);
  for (let a = 0; a < net.linkCount; a++) toll[a] = soVolume[a] * linkDerivative(ue, a, soVolume[a]);
  return toll;
}

/** Price of anarchy: TSTT at user equilibrium over TSTT at the system optimum (≥ 1). */
export function priceOfAnarchy(ueTstt: number, soTstt: number): number {
  return ueTstt / soTstt;
}
