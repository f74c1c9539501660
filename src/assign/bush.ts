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
  // each bush's links by head, heads in bush order: the links into order[s] are
  // bushIn[k·m + bushStart[k·(n+1) + s] ..< bushStart[k·(n+1) + s + 1]]; rebuilt when the bush changes
  const bushIn = new Int32Array(nO * m);
  const bushStart = new Int32Array(nO * (n + 1));
  // scratch, shared by all origins
  const L = new Float64Array(n), U = new Float64Array(n);
  const minPred = new Int32Array(n), maxPred = new Int32Array(n), pos = new Int32Array(n), indeg = new Int32Array(n);
  const used = new Uint8Array(n);
  const nodeFlow = new Float64Array(n);
  const sorted = new Int32Array(n), seen = new Int32Array(m);
  const targetMark = new Int32Array(n).fill(-1);
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
    buildInLists(k);
  }
  const elapsed = (): number => (performance.now() - t0) / 1000;
  if (unreachable >= 0) return { x, cost, gap: Infinity, sptt: 0, iterations: 0, seconds: elapsed(), history: [], stop: 'unreachable', unreachable };
  updateDerivatives(cm, x, deriv);

  /**
   * Labels in bush order: L, the shortest path over all bush links, and U, the longest path over
   * used links (flow > 0). A node that no used link enters (used[j] = 0) takes U as the longest
   * over all its bush in-links. With the unused links pruned as updateBush does, U is then a
   * potential every bush link respects (U[i] + c ≤ U[j]), which is what keeps additions acyclic.
   * With `clearOrphans`, flow left by rounding on links out of a node that nothing flows into is
   * cleared on the way: such a flow cannot be shifted (the walk back meets an empty link) yet
   * would keep its path "used" and stall the bush; bush order carries the clearing downstream.
   */
  function labels(k: number, clearOrphans: boolean): void {
    const fo = k * m, oo = k * n, bo = k * (n + 1), len = orderLen[k];
    const o = order[oo];
    L[o] = 0; U[o] = 0; minPred[o] = -1; maxPred[o] = -1; pos[o] = 0; used[o] = 1;
    for (let s = 1; s < len; s++) {
      const j = order[oo + s];
      pos[j] = s;
      let l = Infinity, u = -Infinity, ua = -Infinity, lp = -1, up = -1, uap = -1;
      for (let q = fo + bushStart[bo + s], e = fo + bushStart[bo + s + 1]; q < e; q++) {
        const a = bushIn[q];
        const fa = bushFlow[fo + a];
        const i = tail[a];
        const c = cost[a];
        const li = L[i] + c;
        if (li < l) { l = li; lp = a; }
        const ui = U[i] + c;
        if (fa > 0) { if (ui > u) { u = ui; up = a; } } else if (ui > ua) { ua = ui; uap = a; }
      }
      L[j] = l; minPred[j] = lp;
      if (up >= 0) { U[j] = u; maxPred[j] = up; used[j] = 1; continue; }
      U[j] = ua; maxPred[j] = uap; used[j] = 0;
      if (clearOrphans) {
        for (let q = outStart[j], e = outStart[j + 1]; q < e; q++) {
          const a = outLink[q];
          const f = bushFlow[fo + a];
          if (!(f > 0)) continue;
          bushFlow[fo + a] = 0;
          const xa = x[a] - f;
          x[a] = xa > 0 ? xa : 0;
          cost[a] = linkCost(cm, a, x[a]);
          deriv[a] = linkDerivative(cm, a, x[a]);
        }
      }
    }
  }

  /**
   * Dial's bush update. Unused links are dropped, except the shortest in-link of a node no used
   * link enters (so every node stays reachable); then every link with U[i] + c < U[j] joins.
   * After the pruning, U is a potential of the bush, so these additions cannot close a cycle;
   * at an equilibrium of the bush U equals L, so every shortcut of the network qualifies.
   */
  function updateBush(k: number): void {
    const fo = k * m, oo = k * n, bo = k * (n + 1), len = orderLen[k];
    const o = order[oo];
    labels(k, true);
    for (let s = 1; s < len; s++) {
      const j = order[oo + s];
      const keep = used[j] === 1 ? -1 : minPred[j];
      for (let q = fo + bushStart[bo + s], e = fo + bushStart[bo + s + 1]; q < e; q++) {
        const a = bushIn[q];
        if (bushFlow[fo + a] === 0 && a !== keep) bushFlow[fo + a] = NOT_IN_BUSH;
      }
      // pruning changed U only at nodes without flow, now reached by their shortest in-link alone
      if (keep >= 0) { U[j] = U[tail[keep]] + cost[keep]; maxPred[j] = keep; }
    }
    pos.fill(-1);
    for (let s = 0; s < len; s++) { const v = order[oo + s]; pos[v] = s; indeg[v] = 0; }
    for (let a = 0; a < m; a++) {
      const j = head[a];
      if (bushFlow[fo + a] === NOT_IN_BUSH) {
        const i = tail[a];
        if (pos[i] < 0 || pos[j] < 0 || j === o || (i < firstThru && i !== o) || !(U[i] + cost[a] < U[j])) continue;
        bushFlow[fo + a] = 0;
      }
      indeg[j]++;
    }
    if (!sortBush(k)) throw new Error(`algorithm B: the bush of origin ${o + 1} has a cycle`);
  }

  /**
   * Kahn's topological sort of the bush (indeg holding each node's bush in-degree) into its
   * order, and the in-lists rebuilt; false (order left as it was) on a cycle.
   */
  function sortBush(k: number): boolean {
    const fo = k * m, oo = k * n, bo = k * (n + 1);
    const o = order[oo];
    let len = 0, read = 0, links = 0;
    sorted[len++] = o;
    while (read < len) {
      const u = sorted[read++];
      for (let q = outStart[u], e = outStart[u + 1]; q < e; q++) {
        const a = outLink[q];
        if (bushFlow[fo + a] < 0) continue;
        seen[links++] = a;
        const v = head[a];
        if (--indeg[v] === 0) sorted[len++] = v;
      }
    }
    if (len !== orderLen[k]) return false;
    // in-lists by counting sort of the links just seen on their heads' new positions; indeg is
    // all zero again and serves as the fill count
    for (let s = 0; s <= len; s++) bushStart[bo + s] = 0;
    for (let s = 0; s < len; s++) { const v = sorted[s]; order[oo + s] = v; pos[v] = s; }
    for (let q = 0; q < links; q++) bushStart[bo + pos[head[seen[q]]] + 1]++;
    for (let s = 0; s < len; s++) bushStart[bo + s + 1] += bushStart[bo + s];
    for (let q = 0; q < links; q++) {
      const a = seen[q], v = head[a];
      bushIn[fo + bushStart[bo + pos[v]] + indeg[v]++] = a;
    }
    for (let s = 0; s < len; s++) indeg[sorted[s]] = 0;
    return true;
  }

  function buildInLists(k: number): void {
    const fo = k * m, oo = k * n, bo = k * (n + 1), len = orderLen[k];
    let c = 0;
    bushStart[bo] = 0;
    for (let s = 1; s < len; s++) {
      bushStart[bo + s] = c;
      const j = order[oo + s];
      for (let q = inStart[j], e = inStart[j + 1]; q < e; q++) {
        const a = inLink[q];
        if (bushFlow[fo + a] >= 0) bushIn[fo + c++] = a;
      }
    }
    bushStart[bo + len] = c;
  }

  /** One pass of flow shifts over the bush; returns the largest excess cost U − L seen, relative to L. */
  function shiftFlows(k: number, threshold: number): number {
    const fo = k * m, oo = k * n;
    labels(k, false);
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
        // f ≥ room ≥ delta, so this never goes below zero; what is left of a flow equal to room up
        // to rounding is cleared with it, or it would stay behind as a phantom used path
        const fa = bushFlow[fo + a];
        let fNew = fa - delta;
        if (fNew <= 1e-12 * fa) fNew = 0;
        bushFlow[fo + a] = fNew;
        const xa = x[a] - (fa - fNew);
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
  const inner = opts.innerPasses ?? 50;
  const busy = new Uint8Array(nO);
  while (it < opts.maxIterations) {
    // shift where a node's excess cost, relative to its path cost, is above the current gap (an
    // average over all OD pairs): tighter wastes passes on small excesses, looser needs more bush
    // updates (factors 0.1 to 2 measured on Chicago-Sketch; 1 was as fast as any)
    const threshold = Math.max(1e-15, Math.min(gap, 1), opts.gap);
    for (let k = 0; k < nO; k++) {
      updateBush(k);
      busy[k] = shiftFlows(k, threshold) > threshold ? 1 : 0;
    }
    // extra passes on the fixed bushes, until every origin is quiet: much cheaper than a bush
    // update, and they settle what it opened up. An origin found quiet is skipped for the rest of
    // the iteration even though others' shifts move its costs a little: the next update catches it.
    // On stiff networks (a congested grid) origins never go quiet: then the passes stop after the
    // work of 10 full sweeps, and a bush update is the better use of time.
    let budget = 10 * nO;
    for (let r = 0; r < inner && budget > 0; r++) {
      let worst = 0;
      for (let k = 0; k < nO; k++) {
        if (busy[k] === 0) continue;
        budget--;
        const w = shiftFlows(k, threshold);
        busy[k] = w > threshold ? 1 : 0;
        if (w > worst) worst = w;
      }
      if (worst <= threshold) break;
    }
    it++;
    resum();
    sptt = shortestPathTotal(demand, cost, spt, targetMark);
    gap = totalCost(cm, x) / sptt - 1;
    history.push(gap);
    opts.onIteration?.(it, gap);
    if (gap <= opts.gap) { stop = 'converged'; break; }
    if (elapsed() > opts.maxSeconds) { stop = 'max-seconds'; break; }
  }
  return { x, cost, gap, sptt, iterations: it, seconds: elapsed(), history, stop, unreachable: -1, originFlow: bushFlow };
}
