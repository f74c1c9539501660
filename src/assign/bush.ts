// Algorithm B (Dial 2006): one acyclic bush per origin; within each bush, flow moves from the
// longest used path to the shortest path into each node, from the node where they diverge, by a
// Newton step. Bushes grow by shortcuts that keep them acyclic and shed links that carry nothing.
// All origins' link flows share one flat Float64Array (origin k at k·m, −1 = link not in the bush)
// and their topological orders one Int32Array (origin k at k·n), so the loops touch only typed
// arrays and nothing is allocated after the start.
import type { AssignNetwork, Demand } from './network.ts';
import { type CostModel, linkCost, linkDerivative, updateCosts, updateDerivatives, totalCost } from './costs.ts';
import { ShortestPathTree, shortestPathTotal } from './shortest.ts';
import type { EngineOptions, EngineResult } from './engine.ts';

const NOT_IN_BUSH = -1;

export function algorithmB(net: AssignNetwork, demand: Demand, cm: CostModel, opts: EngineOptions): EngineResult {
  const t0 = performance.now();
  const n = net.nodeCount, m = net.linkCount;
  const nO = demand.origins.length;
  const { tail, head, inStart, inLink, outStart, outLink, firstThru } = net;
  const x = new Float64Array(m), cost = new Float64Array(m), deriv = new Float64Array(m);
  const bushFlow = new Float64Array(nO * m).fill(NOT_IN_BUSH);
  const order = new Int32Array(nO * n);
  const orderLen = new Int32Array(nO);
  // scratch, shared by all origins
  const L = new Float64Array(n), U = new Float64Array(n);
  const minPred = new Int32Array(n), maxPred = new Int32Array(n), pos = new Int32Array(n), indeg = new Int32Array(n);
  const nodeFlow = new Float64Array(n);
  const spt = new ShortestPathTree(net);

  updateCosts(cm, x, cost);

  // Initial bushes: each origin's shortest-path tree at the current costs, loaded all-or-nothing;
  // costs follow each origin's loading so later origins see earlier ones (a better start than
  // free-flow trees for all).
  let unreachable = -1;
  for (let k = 0; k < nO; k++) {
    const o = demand.origins[k];
    const fo = k * m, oo = k * n;
    spt.run(o, cost);
    const len = spt.settledCount;
    for (let s = 0; s < len; s++) {
      const v = spt.settled[s];
      order[oo + s] = v;
      if (v !== o) bushFlow[fo + spt.predLink[v]] = 0;
    }
    orderLen[k] = len;
    for (let i = demand.start[k]; i < demand.start[k + 1]; i++) {
      const d = demand.dest[i];
      if (spt.dist[d] === Infinity) { if (unreachable < 0) unreachable = i; continue; }
      nodeFlow[d] += demand.flow[i];
    }
    for (let s = len - 1; s > 0; s--) {
      const v = order[oo + s];
      const fl = nodeFlow[v];
      if (fl === 0) continue;
      nodeFlow[v] = 0;
      const a = spt.predLink[v];
      bushFlow[fo + a] += fl;
      x[a] += fl;
      cost[a] = linkCost(cm, a, x[a]);
      nodeFlow[tail[a]] += fl;
    }
    nodeFlow[o] = 0;
  }
  const elapsed = (): number => (performance.now() - t0) / 1000;
  if (unreachable >= 0) return { x, cost, gap: Infinity, sptt: 0, iterations: 0, seconds: elapsed(), history: [], stop: 'unreachable', unreachable };
  updateDerivatives(cm, x, deriv);

  /**
   * Labels in bush order: L (shortest) over all bush links; U (longest) over links with flow, and
   * over all bush links when `all` (a potential every bush link respects, used to add links
   * without closing a cycle). A node that no used link enters takes its shortest label and pred,
   * so the longest-path walk never falls off the bush.
   */
  function labels(k: number, all: boolean): void {
    const fo = k * m, oo = k * n, len = orderLen[k];
    const o = order[oo];
    L[o] = 0; U[o] = 0; minPred[o] = -1; maxPred[o] = -1; pos[o] = 0;
    for (let s = 1; s < len; s++) {
      const j = order[oo + s];
      pos[j] = s;
      let l = Infinity, u = -Infinity, lp = -1, up = -1;
      for (let q = inStart[j], e = inStart[j + 1]; q < e; q++) {
        const a = inLink[q];
        const fa = bushFlow[fo + a];
        if (fa < 0) continue;
        const i = tail[a];
        const c = cost[a];
        const li = L[i] + c;
        if (li < l) { l = li; lp = a; }
        if (fa > 0 || all) { const ui = U[i] + c; if (ui > u) { u = ui; up = a; } }
      }
      L[j] = l; minPred[j] = lp;
      if (up < 0) { U[j] = l; maxPred[j] = lp; } else { U[j] = u; maxPred[j] = up; }
    }
  }

  /** Drops unused links, adds shortcuts that keep the bush acyclic, and re-sorts it. */
  function updateBush(k: number): void {
    const fo = k * m, oo = k * n;
    const o = order[oo];
    labels(k, true);
    pos.fill(-1);
    for (let s = 0; s < orderLen[k]; s++) pos[order[oo + s]] = s;
    // U is a potential every bush link respects (U[i] + c ≤ U[j], c ≥ 0): a link added only where
    // U[i] < U[j] can never close a cycle. Among those, add the ones that shorten the path to j.
    for (let a = 0; a < m; a++) {
      const fa = bushFlow[fo + a];
      const i = tail[a], j = head[a];
      if (fa === 0) {
        if (minPred[j] !== a) bushFlow[fo + a] = NOT_IN_BUSH;
      } else if (fa < 0) {
        if (pos[i] < 0 || j === o || (i < firstThru && i !== o)) continue;
        const c = cost[a];
        if (U[i] < U[j] && (L[i] + c < L[j] || U[i] + c < U[j])) bushFlow[fo + a] = 0;
      }
    }
    // Kahn's topological sort over the bush links
    for (let s = 0; s < orderLen[k]; s++) indeg[order[oo + s]] = 0;
    for (let a = 0; a < m; a++) if (bushFlow[fo + a] >= 0) indeg[head[a]]++;
    let len = 0, read = 0;
    order[oo + len++] = o;
    while (read < len) {
      const u = order[oo + read++];
      for (let q = outStart[u], e = outStart[u + 1]; q < e; q++) {
        const a = outLink[q];
        if (bushFlow[fo + a] < 0) continue;
        const v = head[a];
        if (--indeg[v] === 0) order[oo + len++] = v;
      }
    }
    if (len !== orderLen[k]) throw new Error(`algorithm B: bush of origin ${o + 1} lost nodes (${orderLen[k]} → ${len}): a cycle`);
  }

  /** One pass of flow shifts over the bush; returns the largest excess cost U − L seen, relative to L. */
  function shiftFlows(k: number, threshold: number): number {
    const fo = k * m, oo = k * n;
    labels(k, false);
    let worst = 0;
    for (let s = orderLen[k] - 1; s > 0; s--) {
      const j = order[oo + s];
      const excess = U[j] - L[j];
      if (!(excess > threshold * L[j])) continue;
      if (excess > worst * L[j]) worst = excess / L[j];
      // divergence node: walk back along both paths, always stepping the later one in bush order
      let p = tail[minPred[j]], q = tail[maxPred[j]];
      while (p !== q) {
        if (pos[p] > pos[q]) p = tail[minPred[p]];
        else q = tail[maxPred[q]];
      }
      const div = p;
      // path costs are summed afresh: earlier shifts in this pass have changed link costs
      let cMin = 0, dMin = 0, cMax = 0, dMax = 0, room = Infinity;
      for (let v = j; v !== div; ) { const a = minPred[v]; cMin += cost[a]; dMin += deriv[a]; v = tail[a]; }
      for (let v = j; v !== div; ) {
        const a = maxPred[v];
        cMax += cost[a]; dMax += deriv[a];
        const fa = bushFlow[fo + a];
        if (fa < room) room = fa;
        v = tail[a];
      }
      const diff = cMax - cMin;
      if (!(diff > 0) || !(room > 0)) continue;
      const dd = dMin + dMax;
      let delta = dd > 0 ? diff / dd : room;
      if (delta > room) delta = room;
      for (let v = j; v !== div; ) {
        const a = maxPred[v];
        // f ≥ room ≥ delta, so this never goes below zero, and is exactly zero on the link that set room
        bushFlow[fo + a] -= delta;
        const xa = x[a] - delta;
        x[a] = xa > 0 ? xa : 0;
        cost[a] = linkCost(cm, a, x[a]);
        deriv[a] = linkDerivative(cm, a, x[a]);
        v = tail[a];
      }
      for (let v = j; v !== div; ) {
        const a = minPred[v];
        bushFlow[fo + a] += delta;
        x[a] += delta;
        cost[a] = linkCost(cm, a, x[a]);
        deriv[a] = linkDerivative(cm, a, x[a]);
        v = tail[a];
      }
    }
    return worst;
  }

  /** Total flows rebuilt from the bushes, which removes the drift of many small ± updates. */
  function resum(): void {
    x.fill(0);
    for (let k = 0; k < nO; k++) {
      const fo = k * m;
      for (let a = 0; a < m; a++) { const f = bushFlow[fo + a]; if (f > 0) x[a] += f; }
    }
    updateCosts(cm, x, cost);
    updateDerivatives(cm, x, deriv);
  }

  const history: number[] = [];
  let gap = Infinity, sptt = 0, it = 0;
  let stop: EngineResult['stop'] = 'max-iterations';
  const inner = opts.innerPasses ?? 4;
  while (it < opts.maxIterations) {
    // shift to well below the current gap, but not below what floating point can tell apart
    const threshold = Math.max(1e-15, Math.min(gap, 1) * 1e-2, opts.gap * 1e-2);
    for (let k = 0; k < nO; k++) {
      updateBush(k);
      shiftFlows(k, threshold);
    }
    // extra passes on the fixed bushes: cheap, and they settle what the bush update opened up
    for (let r = 0; r < inner; r++) {
      let worst = 0;
      for (let k = 0; k < nO; k++) { const w = shiftFlows(k, threshold); if (w > worst) worst = w; }
      if (worst <= threshold) break;
    }
    it++;
    resum();
    sptt = shortestPathTotal(demand, cost, spt);
    gap = totalCost(cm, x) / sptt - 1;
    history.push(gap);
    opts.onIteration?.(it, gap);
    if (gap <= opts.gap) { stop = 'converged'; break; }
    if (elapsed() > opts.maxSeconds) { stop = 'max-seconds'; break; }
  }
  return { x, cost, gap, sptt, iterations: it, seconds: elapsed(), history, stop, unreachable: -1 };
}
