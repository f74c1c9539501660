// Algorithm B (Dial 2006): one acyclic bush per origin; within each bush, flow moves from the
// longest used path to the shortest path into each node, from the node where they diverge, by a
// Newton step. Bushes grow by shortcuts that keep them acyclic and shed links that carry nothing.
// Per-origin flows live in one dense Float64Array per origin (−1 = link not in the bush), so the
// inner loops touch only typed arrays and allocate nothing.
import type { AssignNetwork, Demand } from './network.ts';
import { type CostModel, linkCost, linkDerivative, updateCosts, totalCost } from './costs.ts';
import { ShortestPathTree, shortestPathTotal } from './shortest.ts';
import type { EngineOptions, EngineResult } from './engine.ts';

const NOT_IN_BUSH = -1;

export function algorithmB(net: AssignNetwork, demand: Demand, cm: CostModel, opts: EngineOptions): EngineResult {
  const t0 = performance.now();
  const n = net.nodeCount, m = net.linkCount;
  const nO = demand.origins.length;
  const { tail, head, inStart, inLink, outStart, outLink, firstThru } = net;
  const x = new Float64Array(m), cost = new Float64Array(m), deriv = new Float64Array(m);
  const bushFlow: Float64Array[] = new Array(nO);
  const order: Int32Array[] = new Array(nO);
  const orderLen = new Int32Array(nO);
  // scratch, shared by all origins
  const L = new Float64Array(n), U = new Float64Array(n), Uall = new Float64Array(n);
  const minPred = new Int32Array(n), maxPred = new Int32Array(n), pos = new Int32Array(n), indeg = new Int32Array(n);
  const nodeFlow = new Float64Array(n);
  const spt = new ShortestPathTree(net);

  updateCosts(cm, x, cost);

  // Initial bushes: each origin's shortest-path tree at the current costs, loaded all-or-nothing;
  // costs follow each origin's loading so later origins see earlier ones.
  let unreachable = -1;
  for (let k = 0; k < nO; k++) {
    const o = demand.origins[k];
    spt.run(o, cost);
    const f = new Float64Array(m).fill(NOT_IN_BUSH);
    const ord = new Int32Array(n);
    let len = 0;
    for (let s = 0; s < spt.settledCount; s++) {
      const v = spt.settled[s];
      ord[len++] = v;
      if (v !== o) f[spt.predLink[v]] = 0;
    }
    for (let i = demand.start[k]; i < demand.start[k + 1]; i++) {
      const d = demand.dest[i];
      if (spt.dist[d] === Infinity) { if (unreachable < 0) unreachable = i; continue; }
      nodeFlow[d] += demand.flow[i];
    }
    for (let s = len - 1; s > 0; s--) {
      const v = ord[s];
      const fl = nodeFlow[v];
      if (fl === 0) continue;
      nodeFlow[v] = 0;
      const a = spt.predLink[v];
      f[a] += fl;
      x[a] += fl;
      cost[a] = linkCost(cm, a, x[a]);
      nodeFlow[tail[a]] += fl;
    }
    nodeFlow[o] = 0;
    bushFlow[k] = f;
    order[k] = ord;
    orderLen[k] = len;
  }
  if (unreachable >= 0) return { x, cost, gap: Infinity, sptt: 0, iterations: 0, seconds: (performance.now() - t0) / 1000, history: [], stop: 'unreachable', unreachable };
  for (let a = 0; a < m; a++) deriv[a] = linkDerivative(cm, a, x[a]);

  /** Min labels over all bush links, max labels over used links (and, if `all`, over all bush links). */
  function labels(k: number, all: boolean): void {
    const f = bushFlow[k], ord = order[k], len = orderLen[k];
    const o = ord[0];
    for (let s = 0; s < len; s++) {
      const j = ord[s];
      pos[j] = s;
      if (j === o) { L[j] = 0; U[j] = 0; Uall[j] = 0; minPred[j] = -1; maxPred[j] = -1; continue; }
      let l = Infinity, u = -Infinity, ua = -Infinity, lp = -1, up = -1;
      for (let q = inStart[j], e = inStart[j + 1]; q < e; q++) {
        const a = inLink[q];
        const fa = f[a];
        if (fa < 0) continue;
        const i = tail[a];
        const c = cost[a];
        const li = L[i] + c;
        if (li < l) { l = li; lp = a; }
        if (fa > 0) { const ui = U[i] + c; if (ui > u) { u = ui; up = a; } }
        if (all) { const ui = Uall[i] + c; if (ui > ua) ua = ui; }
      }
      L[j] = l; minPred[j] = lp;
      if (up < 0) { U[j] = l; maxPred[j] = -1; } else { U[j] = u; maxPred[j] = up; }
      if (all) Uall[j] = ua;
    }
  }

  /** Drops unused links, adds shortcuts that keep the bush acyclic, and re-sorts it. */
  function updateBush(k: number): void {
    const f = bushFlow[k], ord = order[k];
    const o = ord[0];
    labels(k, true);
    // Uall is a potential that every bush link respects (Uall[i] + c ≤ Uall[j]); a link added only
    // where Uall[i] < Uall[j] can therefore never close a cycle.
    for (let s = 0; s < n; s++) pos[s] = -1;
    for (let s = 0; s < orderLen[k]; s++) pos[ord[s]] = s;
    for (let a = 0; a < m; a++) {
      const fa = f[a];
      const i = tail[a], j = head[a];
      if (fa === 0) {
        if (minPred[j] !== a) f[a] = NOT_IN_BUSH;
      } else if (fa < 0) {
        if (pos[i] < 0 || j === o || (i < firstThru && i !== o) || pos[j] < 0) continue;
        const c = cost[a];
        if (Uall[i] + c < Uall[j] || (L[i] + c < L[j] && Uall[i] < Uall[j])) f[a] = 0;
      }
    }
    // Kahn's topological sort over the bush
    indeg.fill(0);
    for (let a = 0; a < m; a++) if (f[a] >= 0) indeg[head[a]]++;
    let len = 0, read = 0;
    ord[len++] = o;
    while (read < len) {
      const u = ord[read++];
      if (u < firstThru && u !== o) continue;
      for (let q = outStart[u], e = outStart[u + 1]; q < e; q++) {
        const a = outLink[q];
        if (f[a] < 0) continue;
        const v = head[a];
        if (--indeg[v] === 0) ord[len++] = v;
      }
    }
    orderLen[k] = len;
  }

  /** One pass of flow shifts over the bush; returns the largest relative excess cost seen. */
  function shiftFlows(k: number, threshold: number): number {
    const f = bushFlow[k], ord = order[k];
    labels(k, false);
    let worst = 0;
    for (let s = orderLen[k] - 1; s > 0; s--) {
      const j = ord[s];
      if (maxPred[j] < 0) continue;
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
      let cMin = 0, dMin = 0, cMax = 0, dMax = 0, room = Infinity;
      for (let v = j; v !== div; ) { const a = minPred[v]; cMin += cost[a]; dMin += deriv[a]; v = tail[a]; }
      for (let v = j; v !== div; ) { const a = maxPred[v]; cMax += cost[a]; dMax += deriv[a]; if (f[a] < room) room = f[a]; v = tail[a]; }
      const diff = cMax - cMin;
      if (!(diff > 0)) continue;
      const dd = dMin + dMax;
      let delta = dd > 0 ? diff / dd : room;
      if (delta >= room) delta = room;
      if (!(delta > 0)) continue;
      for (let v = j; v !== div; ) {
        const a = maxPred[v];
        const fa = f[a] - delta;
        // the link that limited the step is emptied exactly, so it can leave the bush
        f[a] = fa <= room * 1e-12 || delta === room && f[a] === room ? 0 : fa;
        const xa = x[a] - delta;
        x[a] = xa > 0 ? xa : 0;
        cost[a] = linkCost(cm, a, x[a]);
        deriv[a] = linkDerivative(cm, a, x[a]);
        v = tail[a];
      }
      for (let v = j; v !== div; ) {
        const a = minPred[v];
        f[a] += delta;
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
      const f = bushFlow[k];
      for (let a = 0; a < m; a++) if (f[a] > 0) x[a] += f[a];
    }
    updateCosts(cm, x, cost);
    for (let a = 0; a < m; a++) deriv[a] = linkDerivative(cm, a, x[a]);
  }

  const history: number[] = [];
  let gap = Infinity, sptt = 0, it = 0;
  let stop: EngineResult['stop'] = 'max-iterations';
  const inner = opts.innerPasses ?? 8;
  while (it < opts.maxIterations) {
    // shift to well below the current gap, but not below what floating point can tell apart
    const threshold = Math.max(1e-15, Math.min(gap, 1) * 1e-3, opts.gap * 1e-3);
    for (let k = 0; k < nO; k++) {
      updateBush(k);
      for (let r = 0; r < inner; r++) if (shiftFlows(k, threshold) <= threshold) break;
    }
    it++;
    resum();
    sptt = shortestPathTotal(demand, cost, spt);
    gap = totalCost(cm, x) / sptt - 1;
    history.push(gap);
    opts.onIteration?.(it, gap);
    if (gap <= opts.gap) { stop = 'converged'; break; }
    if ((performance.now() - t0) / 1000 > opts.maxSeconds) { stop = 'max-seconds'; break; }
  }
  return { x, cost, gap, sptt, iterations: it, seconds: (performance.now() - t0) / 1000, history, stop, unreachable: -1 };
}
