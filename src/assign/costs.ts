// Link cost functions: BPR on the generalised cost, for user equilibrium (the cost a traveller
// sees) or system optimum (the marginal cost c + x·c', whose equilibrium minimises total cost).
// Both are base + coef·(x/cap)^p with p ≥ 0, so the engines need only one formula.
import type { AssignNetwork } from './network.ts';

export type Objective = 'ue' | 'so';

export interface CostModel {
  base: Float64Array;
  coef: Float64Array;
  invCap: Float64Array;
  power: Float64Array;
  /** Hard capacities as an augmented-Lagrangian term (capacity.ts); undefined for plain BPR. */
  side: SideTerm | undefined;
}

/**
 * The augmented-Lagrangian term of hard capacities: max(0, mu + rho·(x − hardCap)) added to a
 * link's cost, increasing in x, so the subproblem is still a separable convex equilibrium.
 * hardCap = Infinity on links without one.
 */
export interface SideTerm {
  hardCap: Float64Array;
  mu: Float64Array;
  rho: Float64Array;
}

/** The cost model of an objective; `extraCost` (per link, e.g. tolls) is added to the base. */
export function costModel(net: AssignNetwork, objective: Objective, extraCost?: Float64Array): CostModel {
  const m = net.linkCount;
  const base = new Float64Array(m), coef = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    base[a] = net.fixedCost[a] + (extraCost ? extraCost[a] : 0);
    // d/dx (x · t(x)) = t + x·t' adds p·fftB·r^p to the variable part
    coef[a] = objective === 'so' ? net.fftB[a] * (net.power[a] + 1) : net.fftB[a];
  }
  return { base, coef, invCap: net.invCap, power: net.power, side: undefined };
}

/** r^p, with the common powers done by multiplication (Math.pow is several times slower). */
export function powr(r: number, p: number): number {
  if (p === 4) { const r2 = r * r; return r2 * r2; }
  if (p === 3) return r * r * r; // the derivative of the common p = 4
  if (p === 0) return 1;
  if (p === 1) return r;
  if (p === 2) return r * r;
  return Math.pow(r, p);
}

export function linkCost(cm: CostModel, a: number, x: number): number {
  const p = cm.power[a];
  const c = p === 0 ? cm.base[a] + cm.coef[a] : cm.base[a] + cm.coef[a] * powr(x > 0 ? x * cm.invCap[a] : 0, p);
  if (cm.side === undefined) return c;
  const t = cm.side.mu[a] + cm.side.rho[a] * (x - cm.side.hardCap[a]);
  return t > 0 ? c + t : c;
}

export function linkDerivative(cm: CostModel, a: number, x: number): number {
  const p = cm.power[a];
  const d = p === 0 ? 0 : cm.coef[a] * p * powr(x > 0 ? x * cm.invCap[a] : 0, p - 1) * cm.invCap[a];
  if (cm.side === undefined) return d;
  return cm.side.mu[a] + cm.side.rho[a] * (x - cm.side.hardCap[a]) > 0 ? d + cm.side.rho[a] : d;
}

/**
 * cost[a] and deriv[a] at flow x in one go: the same numbers as linkCost and linkDerivative (the
 * same operations in the same order), with the ratio, its powers and the side term worked out
 * once; the shift loops update both for every link they move flow on.
 */
export function setCostAndDerivative(cm: CostModel, a: number, x: number, cost: Float64Array, deriv: Float64Array): void {
  const p = cm.power[a];
  let c: number, d: number;
  if (p === 0) {
    c = cm.base[a] + cm.coef[a];
    d = 0;
  } else {
    const invCap = cm.invCap[a], coef = cm.coef[a];
    const r = x > 0 ? x * invCap : 0;
    let rp: number, rp1: number;
    if (p === 4) { const r2 = r * r; rp = r2 * r2; rp1 = r2 * r; } else { rp = powr(r, p); rp1 = powr(r, p - 1); }
    c = cm.base[a] + coef * rp;
    d = coef * p * rp1 * invCap;
  }
  if (cm.side !== undefined) {
    const t = cm.side.mu[a] + cm.side.rho[a] * (x - cm.side.hardCap[a]);
    if (t > 0) { c = c + t; d = d + cm.side.rho[a]; }
  }
  cost[a] = c;
  deriv[a] = d;
}

export function updateCosts(cm: CostModel, flow: Float64Array, cost: Float64Array): void {
  for (let a = 0; a < flow.length; a++) cost[a] = linkCost(cm, a, flow[a]);
}

export function updateDerivatives(cm: CostModel, flow: Float64Array, deriv: Float64Array): void {
  for (let a = 0; a < flow.length; a++) deriv[a] = linkDerivative(cm, a, flow[a]);
}

/** Σ flow · cost under the model (TSTT when the model is the UE one). */
export function totalCost(cm: CostModel, flow: Float64Array): number {
  let s = 0;
  for (let a = 0; a < flow.length; a++) if (flow[a] > 0) s += flow[a] * linkCost(cm, a, flow[a]);
  return s;
}

/** Beckmann objective Σ ∫₀^x c(u) du: what UE minimises (SO minimises totalCost). */
export function beckmann(cm: CostModel, flow: Float64Array): number {
  let s = 0;
  for (let a = 0; a < flow.length; a++) {
    const x = flow[a];
    if (!(x > 0)) continue;
    const p = cm.power[a];
    s += cm.base[a] * x + (p === 0 ? cm.coef[a] * x : (cm.coef[a] * x * powr(x * cm.invCap[a], p)) / (p + 1));
  }
  return s;
}
