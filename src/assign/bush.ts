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
  const used = new Uint8Array(n);
  const nodeFlow = new Float64Array(n);
  const sorted = new Int32Array(n);
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
   * Labels in bush order: L, the shortest path over all bush links, and U, the longest path over
   * used links (flow > 0). A node that no used link enters (used[j] = 0) takes U as the longest
   * over all its bush in-links. With the unused links pruned as updateBush does, U is then a
   * potential every bush link respects (U[i] + c ≤ U[j]), which is what keeps additions acyclic.
   */
  function labels(k: number): void {
    const fo = k * m, oo = k * n, len = orderLen[k];
    const o = order[oo];
    L[o] = 0; U[o] = 0; minPred[o] = -1; maxPred[o] = -1; pos[o] = 0; used[o] = 1;
    for (let s = 1; s < len; s++) {
      const j = order[oo + s];
      pos[j] = s;
      let l = Infinity, u = -Infinity, ua = -Infinity, lp = -1, up = -1, uap = -1;
      for (let q = inStart[j], e = inStart[j + 1]; q < e; q++) {
        const a = inLink[q];
        const fa = bushFlow[fo + a];
        if (fa < 0) continue;
        const i = tail[a];
        const c = cost[a];
        const li = L[i] + c;
        if (li < l) { l = li; lp = a; }
        const ui = U[i] + c;
        if (fa > 0) { if (ui > u) { u = ui; up = a; } } else if (ui > ua) { ua = ui; uap = a; }
      }
      L[j] = l; minPred[j] = lp;
      if (up >= 0) { U[j] = u; maxPred[j] = up; used[j] = 1; } else { U[j] = ua; maxPred[j] = uap; used[j] = 0; }
    }
  }

  /**
   * Dial's bush update. Unused links are dropped, except the shortest in-link of a node no used
   * link enters (so every node stays reachable); then every link with U[i] + c < U[j] joins.
   * After the pruning, U is a potential of the bush, so these additions cannot close a cycle;
   * at an equilibrium of the bush U equals L, so every shortcut of the network qualifies.
   */
  function updateBush(k: number): void {
    const fo = k * m;
    const o = order[k * n];
    labels(k);
    for (let a = 0; a < m; a++) {
      if (bushFlow[fo + a] !== 0) continue;
      const j = head[a];
      if (used[j] === 1 || minPred[j] !== a) bushFlow[fo + a] = NOT_IN_BUSH;
    }
    pos.fill(-1);
    labels(k);
    for (let a = 0; a < m; a++) {
      if (bushFlow[fo + a] !== NOT_IN_BUSH) continue;
      const i = tail[a], j = head[a];
      if (pos[i] < 0 || pos[j] < 0 || j === o || (i < firstThru && i !== o)) continue;
      if (U[i] + cost[a] < U[j]) bushFlow[fo + a] = 0;
    }
    if (!sortBush(k)) throw new Error(`algorithm B: the bush of origin ${o + 1} has a cycle`);
  }

  /** Kahn's topological sort of the bush into its order; false (order left as it was) on a cycle. */
  function sortBush(k: number): boolean {
    const fo = k * m, oo = k * n;
    const o = order[oo];
    for (let s = 0; s < orderLen[k]; s++) indeg[order[oo + s]] = 0;
    for (let a = 0; a < m; a++) if (bushFlow[fo + a] >= 0) indeg[head[a]]++;
    let len = 0, read = 0;
    sorted[len++] = o;
    while (read < len) {
      const u = sorted[read++];
      for (let q = outStart[u], e = outStart[u + 1]; q < e; q++) {
        const a = outLink[q];
        if (bushFlow[fo + a] < 0) continue;
        const v = head[a];
        if (--indeg[v] === 0) sorted[len++] = v;
      }
    }
    if (len !== orderLen[k]) return false;
    order.set(sorted.subarray(0, len), oo);
    return true;
  }

  /** One pass of flow shifts over the bush; returns the largest excess cost U − L seen, relative to L. */
  function shiftFlows(k: number, threshold: number): number {
    const fo = k * m, oo = k * n;
    labels(k);
    let worst = 0;
    for (let s = orderLen[k] - 1; s > 0; s--) {
      const j = order[oo + s];
      if (used[j] === 0) continue;
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
