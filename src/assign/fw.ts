// Frank–Wolfe family: conjugate (CFW) and bi-conjugate (BFW) Frank–Wolfe after Mitradjieva &
// Lindberg (2013). Each iteration is one all-or-nothing loading plus a line search, so memory is a
// few link arrays whatever the number of zones; good for rough answers, slow near 1e-6 and below.
import type { AssignNetwork, Demand } from './network.ts';
import { type CostModel, linkCost, updateCosts, updateDerivatives, totalCost } from './costs.ts';
import { ShortestPathTree, allOrNothing } from './shortest.ts';
import type { EngineOptions, EngineResult } from './engine.ts';

export type FwVariant = 'fw' | 'cfw' | 'bfw';

/** Step λ ∈ [0,1] minimising the objective along x + λ(s − x): bisection on its derivative. */
function lineSearch(cm: CostModel, x: Float64Array, s: Float64Array): number {
  const m = x.length;
  const slope = (lam: number): number => {
    let g = 0;
    for (let a = 0; a < m; a++) {
      const d = s[a] - x[a];
      if (d !== 0) g += d * linkCost(cm, a, x[a] + lam * d);
    }
    return g;
  };
  if (slope(1) <= 0) return 1;
  let lo = 0, hi = 1;
  for (let i = 0; i < 60 && hi - lo > 1e-15; i++) {
    const mid = 0.5 * (lo + hi);
    if (slope(mid) > 0) hi = mid; else lo = mid;
  }
  return 0.5 * (lo + hi);
}

export function frankWolfe(net: AssignNetwork, demand: Demand, cm: CostModel, opts: EngineOptions, variant: FwVariant): EngineResult {
  const t0 = performance.now();
  const m = net.linkCount;
  const x = new Float64Array(m), cost = new Float64Array(m), deriv = new Float64Array(m);
  const y = new Float64Array(m), s = new Float64Array(m), sPrev = new Float64Array(m), sPrev2 = new Float64Array(m);
  const nodeFlow = new Float64Array(net.nodeCount);
  const spt = new ShortestPathTree(net);
  updateCosts(cm, x, cost);
  const first = allOrNothing(net, demand, cost, x, spt, nodeFlow);
  if (first.unreachable >= 0) return { x, cost, gap: Infinity, sptt: 0, iterations: 0, seconds: (performance.now() - t0) / 1000, history: [], stop: 'unreachable', unreachable: first.unreachable };
  const history: number[] = [];
  let gap = Infinity, sptt = 0, it = 0, tau = 1, kind = 0; // kind: 0 none yet, 1 have s_{k-1}, 2 have s_{k-2}
  let stop: EngineResult['stop'] = 'max-iterations';
  while (it < opts.maxIterations) {
    updateCosts(cm, x, cost);
    sptt = allOrNothing(net, demand, cost, y, spt, nodeFlow).sptt;
    gap = totalCost(cm, x) / sptt - 1;
    it++;
    history.push(gap);
    opts.onIteration?.(it, gap);
    if (gap <= opts.gap) { stop = 'converged'; break; }
    if ((performance.now() - t0) / 1000 > opts.maxSeconds) { stop = 'max-seconds'; break; }
    // direction target s: conjugate to the previous one(s) under the Hessian diag(c'(x))
    if (variant === 'fw' || kind === 0) {
      s.set(y);
    } else {
      updateDerivatives(cm, x, deriv);
      if (variant === 'cfw' || kind === 1) {
        let num = 0, den = 0;
        for (let a = 0; a < m; a++) {
          const h = deriv[a] * (sPrev[a] - x[a]);
          num += h * (y[a] - x[a]);
          den += h * (y[a] - sPrev[a]);
        }
        let alpha = den !== 0 ? num / den : 0;
        alpha = alpha < 0 ? 0 : alpha > 0.99999 ? 0.99999 : alpha;
        for (let a = 0; a < m; a++) s[a] = alpha * sPrev[a] + (1 - alpha) * y[a];
      } else {
        let muNum = 0, muDen = 0, nuNum = 0, nuDen = 0;
        for (let a = 0; a < m; a++) {
          const h = deriv[a];
          const dBar = tau * sPrev[a] + (1 - tau) * sPrev2[a] - x[a];
          const yx = y[a] - x[a];
          const sx = sPrev[a] - x[a];
          muNum += dBar * h * yx;
          muDen += dBar * h * (sPrev2[a] - sPrev[a]);
          nuNum += sx * h * yx;
          nuDen += sx * h * sx;
        }
        let mu = muDen !== 0 ? -muNum / muDen : 0;
        if (!(mu > 0)) mu = 0;
        let nu = (nuDen !== 0 ? -nuNum / nuDen : 0) + (tau < 1 ? (mu * tau) / (1 - tau) : 0);
        if (!(nu > 0)) nu = 0;
        const b0 = 1 / (1 + nu + mu), b1 = nu * b0, b2 = mu * b0;
        for (let a = 0; a < m; a++) s[a] = b0 * y[a] + b1 * sPrev[a] + b2 * sPrev2[a];
      }
    }
    tau = lineSearch(cm, x, s);
    for (let a = 0; a < m; a++) x[a] += tau * (s[a] - x[a]);
    sPrev2.set(sPrev);
    sPrev.set(s);
    kind = kind < 2 ? kind + 1 : 2;
    // a full step makes the conjugate history meaningless: restart from plain FW
    if (tau >= 1 - 1e-12) kind = 0;
  }
  updateCosts(cm, x, cost);
  return { x, cost, gap, sptt, iterations: it, seconds: (performance.now() - t0) / 1000, history, stop, unreachable: -1 };
}
