// Equilibrium under hard capacities (trains per day on a line, crossing throughput, ferry slots):
// a side-constrained equilibrium solved by the augmented-Lagrangian method (Larsson & Patriksson
// 1995; Nie, Zhang & Lee 2004). Each outer step solves an ordinary equilibrium, with Algorithm B,
// in which a capacitated link costs c(x) + max(0, μ + ρ·(x − u)); then μ ← max(0, μ + ρ·(x − u)).
// At the solution x ≤ u everywhere and μ > 0 only where x = u: μ is the capacity's shadow price,
// in generalised-cost units per unit of flow — the queueing or rationing price a traveller pays
// there at user equilibrium, and, at the system optimum, what one more unit of capacity saves the
// system. With constant link costs UE and SO coincide and μ is the LP dual of the capacity.
import { makeIssue, type Issue } from '../core/issues.ts';
import type { AssignNetwork, Demand } from './network.ts';
import { costModel, linkCost, totalCost, type Objective } from './costs.ts';
import { algorithmB } from './bush.ts';
import type { EngineResult } from './engine.ts';

export interface CapacityOptions {
  objective: Objective;
  /** Relative gap each inner equilibrium is solved to (default 1e-10). */
  gap?: number;
  /** Largest overflow (x − u)/u accepted on a capacitated link (default 1e-7). */
  tolerance?: number;
  maxOuter?: number;
  maxSeconds?: number;
}

export interface ShadowPrice {
  link: number;
  from: number;
  to: number;
  capacity: number;
  volume: number;
  /** μ, generalised-cost units per unit of flow; 0 when the capacity does not bind. */
  shadowPrice: number;
  binding: boolean;
}

export interface CapacitatedFlows {
  objective: Objective;
  volume: Float64Array;
  /** Link cost without the capacity term (what the link itself costs at these volumes). */
  cost: Float64Array;
  /** Multiplier per link (0 where uncapacitated or not binding). */
  mu: Float64Array;
  /** Every capacitated link, binding first, by shadow price. */
  capacities: ShadowPrice[];
  /** Σ x·c(x) without the capacity term, and with it (what travellers pay, queues included). */
  tstt: number;
  tsttWithShadow: number;
  /** Largest relative overflow (x − u)/u left, and the last inner gap. */
  overflow: number;
  gap: number;
  outerIterations: number;
  innerIterations: number;
  seconds: number;
  converged: boolean;
}

/**
 * Assigns `demand` with hard capacities `hardCap` (per link; Infinity = none). Demand that cannot
 * fit (a cut whose capacity is below what must cross it) shows as an overflow that does not
 * vanish and a warning issue, not an exception.
 */
export function assignWithCapacities(net: AssignNetwork, demand: Demand, hardCap: Float64Array, opts: CapacityOptions): { value: CapacitatedFlows | null; issues: Issue[] } {
  const t0 = performance.now();
  const m = net.linkCount;
  const gap = opts.gap ?? 1e-10, tol = opts.tolerance ?? 1e-7, maxOuter = opts.maxOuter ?? 200, maxSeconds = opts.maxSeconds ?? 600;
  const cm = costModel(net, opts.objective);
  const mu = new Float64Array(m), rho = new Float64Array(m);
  const inner = { gap, maxIterations: 10_000, maxSeconds };
  // first solve without the side term: its average OD cost sets the scale of ρ, and if nothing
  // overflows, that is the answer
  let r: EngineResult = algorithmB(net, demand, cm, inner);
  if (r.stop === 'unreachable') return { value: null, issues: [unreachableIssue(net, demand, r.unreachable)] };
  const meanCost = r.sptt / demand.total;
  // ρ in cost per unit of overflow: a zero capacity (a closed crossing) is scaled as a tiny one
  const floor = 1e-6 * demand.total;
  const scale = (u: number): number => Math.max(u, floor);
  for (let a = 0; a < m; a++) rho[a] = Number.isFinite(hardCap[a]) ? (10 * meanCost) / scale(hardCap[a]) : 0;
  cm.side = { hardCap, mu, rho };
  let overflow = maxOverflow(r.x, hardCap, floor), outer = 0, innerIterations = r.iterations;
  let prevOverflow = Infinity;
  while (overflow > tol && outer < maxOuter && (performance.now() - t0) / 1000 < maxSeconds) {
    outer++;
    r = algorithmB(net, demand, cm, inner);
    innerIterations += r.iterations;
    for (let a = 0; a < m; a++) {
      if (rho[a] === 0) continue;
      const t = mu[a] + rho[a] * (r.x[a] - hardCap[a]);
      mu[a] = t > 0 ? t : 0;
    }
    overflow = maxOverflow(r.x, hardCap, floor);
    // ρ grows when the overflow falls too slowly (the textbook factor 1/4), up to where the inner
    // problems stay well conditioned
    if (overflow > 0.25 * prevOverflow) for (let a = 0; a < m; a++) rho[a] = Math.min(rho[a] * 4, (1e6 * meanCost) / scale(hardCap[a]));
    prevOverflow = overflow;
  }
  cm.side = undefined;
  const plain = costModel(net, 'ue');
  const cost = new Float64Array(m);
  let tsttWithShadow = 0;
  for (let a = 0; a < m; a++) { cost[a] = linkCost(plain, a, r.x[a]); tsttWithShadow += r.x[a] * (cost[a] + mu[a]); }
  const capacities: ShadowPrice[] = [];
  for (let a = 0; a < m; a++) {
    if (!Number.isFinite(hardCap[a])) continue;
    capacities.push({ link: a, from: net.nodeLabel[net.tail[a]], to: net.nodeLabel[net.head[a]], capacity: hardCap[a], volume: r.x[a], shadowPrice: mu[a], binding: mu[a] > 0 });
  }
  capacities.sort((p, q) => q.shadowPrice - p.shadowPrice || q.volume / q.capacity - p.volume / p.capacity || p.link - q.link);
  const converged = overflow <= tol && r.gap <= gap;
  const issues: Issue[] = [];
  if (!converged) issues.push(makeIssue('ASSIGN_CAPACITY_OVERFLOW', {}, { value: overflow.toExponential(2), iterations: outer, target: tol }));
  return {
    value: {
      objective: opts.objective, volume: r.x, cost, mu, capacities, tstt: totalCost(plain, r.x), tsttWithShadow, overflow, gap: r.gap,
      outerIterations: outer, innerIterations, seconds: (performance.now() - t0) / 1000, converged,
    },
    issues,
  };
}

/** Largest (x − u) / max(u, floor) over capacitated links: relative, and defined for u = 0. */
function maxOverflow(x: Float64Array, hardCap: Float64Array, floor: number): number {
  let worst = 0;
  for (let a = 0; a < x.length; a++) {
    const u = hardCap[a];
    if (!Number.isFinite(u)) continue;
    const o = (x[a] - u) / Math.max(u, floor);
    if (o > worst) worst = o;
  }
  return worst;
}

/** The issue for OD pair i (an index into demand.dest) without a path. */
export function unreachableIssue(net: AssignNetwork, demand: Demand, i: number): Issue {
  let k = 0;
  while (demand.start[k + 1] <= i) k++;
  return makeIssue('ASSIGN_UNREACHABLE', {}, { origin: net.nodeLabel[demand.origins[k]], destination: net.nodeLabel[demand.dest[i]], value: demand.flow[i] });
}
