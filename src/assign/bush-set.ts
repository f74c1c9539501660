// Algorithm B's work on a set of origins (Dial 2006): one acyclic bush per origin; within each
// bush, flow moves from the longest used path to the shortest path into each node, from the node
// where they diverge, by a Newton step. Bushes shed links that carry nothing and grow by the
// links of the exact shortest-path tree (found for the gap anyway) and Dial's shortcuts, as far as
// a topological order kept close to the shortest distances allows. bush.ts runs the
// iterations over one set (all origins) or several, one per thread.
// Sparse layout: each origin keeps only its bush — its nodes in topological order, its links
// grouped by head in that order (the in-lists) and their flows — in typed arrays sized to the
// bush, so memory grows with Σ bush sizes rather than origins × links. Labels and predecessors
// refer to slots of those arrays; one dense array over all links (bf) serves the origin whose
// bush is being updated and is left all −1 again afterwards.
// A set sees link flows, costs and derivatives through its own arrays x, cost, deriv: the total
// flow as far as this set knows it (its own changes at once, other sets' at each synchronisation).
import type { AssignNetwork, Demand } from './network.ts';
import { type CostModel, linkCost, setCostAndDerivative, updateCosts, updateDerivatives } from './costs.ts';
import { ShortestPathTree } from './shortest.ts';
import { NearestFirstSort } from './nearest-first.ts';

const NOT_IN_BUSH = -1;
/**
 * A rebuild re-sorts the bush (nearest-first) when more than this share of its nodes have a tree
 * link that runs backward in the current order, else it moves just the nodes those links need
 * moved (insertForward). The sort keeps the order close to the distances, which lets more of
 * Dial's shortcuts join; the moves cost almost nothing. Measured: 0.01 on the 25k-node grid 5
 * iterations to 1e-4 and −14 % time; moving always (or up to 0.05) 6 iterations.
 */
const RESORT_ABOVE = 0.01;
/** Room left when a bush's link arrays are (re)allocated: they grow by reallocation, rarely after the first iterations. */
const GROWTH = 1.25;

/** One origin's bush as plain arrays (what a worker thread hands over): nodes in order, in-list starts, links, flows. */
export interface BushArrays {
  k: number;
  order: Int32Array;
  inStart: Int32Array;
  links: Int32Array;
  flows: Float64Array;
}

export interface BushSet {
  /** Global origin indices this set works on, ascending. */
  readonly origins: Int32Array;
  readonly x: Float64Array;
  readonly cost: Float64Array;
  readonly deriv: Float64Array;
  /** Initial bushes of a part's origins: shortest-path trees loaded all-or-nothing; the first OD pair without a path (index into demand.dest), or −1. */
  load(part: number, parts: number): number;
  /** Every origin's part of the SPTT at the current costs, and its bush rebuilt around its shortest paths; every origin busy. */
  rebuildPass(): number;
  /** One shift pass over the origins of a part not yet quiet; the largest excess seen and how many origins were worked. */
  shiftPass(threshold: number, part: number, parts: number): { worst: number; worked: number };
  /** Costs and derivatives recomputed from x (after x was set from outside). */
  refreshCosts(): void;
  /** x := this set's own flows, summed from its bushes. */
  ownFlows(): void;
  /** Origin k's link flows into out (−1 off the bush). */
  fill(k: number, out: Float64Array): Float64Array;
  bushLinks(k: number): number;
  /** The bushes as plain arrays. */
  exportBushes(): BushArrays[];
  /** Takes over other sets' bushes (their origins join this set, busy). */
  adopt(bushes: BushArrays[]): void;
}

/**
 * The set of origins `origins` (global indices into demand.origins). `arrays` may supply x, cost
 * and deriv (shared memory when the set runs on a worker thread); they start as all zero flow.
 */
export function createBushSet(net: AssignNetwork, demand: Demand, cm: CostModel, originsIn: Int32Array, arrays?: { x: Float64Array; cost: Float64Array; deriv: Float64Array }): BushSet {
  const n = net.nodeCount, m = net.linkCount;
  const nO = demand.origins.length;
  const { tail, head, outStart, outLink, inStart, inLink, firstThru } = net;
  const x = arrays?.x ?? new Float64Array(m), cost = arrays?.cost ?? new Float64Array(m), deriv = arrays?.deriv ?? new Float64Array(m);
  // origin k: bush nodes ord[k][0 ..< nodeLen[k]] in topological order; the links into ord[k][s]
  // are lk[k][st[k][s] ..< st[k][s + 1]] with flows fl[k][same]
  const ord: Int32Array[] = new Array(nO), st: Int32Array[] = new Array(nO);
  const lk: Int32Array[] = new Array(nO), fl: Float64Array[] = new Array(nO);
  const nodeLen = new Int32Array(nO), linkLen = new Int32Array(nO);
  // scratch, shared by the set's origins
  const bf = new Float64Array(m).fill(NOT_IN_BUSH);
  const L = new Float64Array(n), U = new Float64Array(n);
  const minPred = new Int32Array(n), maxPred = new Int32Array(n), pos = new Int32Array(n), indeg = new Int32Array(n);
  const used = new Uint8Array(n);
  const nodeFlow = new Float64Array(n);
  // seen: the gap's scratch for links met before their tails; seen/seenFlow: a rebuilt bush's links and flows
  const sorted = new Int32Array(n), seen = new Int32Array(m), seenFlow = new Float64Array(m);
  const spt = new ShortestPathTree(net);
  const nearestFirst = new NearestFirstSort(net);
  const busy = new Uint8Array(nO);
  // insertForward's scratch
  const backLinks = new Int32Array(n), stack = new Int32Array(n), seenAt = new Int32Array(n);
  const fwd = new Int32Array(n), bwd = new Int32Array(n), moving = new Int32Array(n), places = new Int32Array(n);
  let mark = 0;
  let origins = originsIn;
  const share = (part: number, parts: number): number => Math.floor((part * origins.length) / parts);

  /**
   * Each origin's shortest-path tree at the current costs, loaded all-or-nothing; costs follow
   * each origin's loading so later origins see earlier ones (a better start than free-flow trees
   * for all). A tree has one in-link per node: the one at slot s − 1.
   */
  function load(part: number, parts: number): number {
    if (part === 0) updateCosts(cm, x, cost);
    let unreachable = -1;
    for (let i = share(part, parts), e = share(part + 1, parts); i < e; i++) {
      const k = origins[i];
      const o = demand.origins[k];
      spt.run(o, cost);
      const len = spt.settledCount;
      const ordK = new Int32Array(len), stK = new Int32Array(len + 1);
      const cap = Math.ceil(GROWTH * len) + 8;
      const lkK = new Int32Array(cap), flK = new Float64Array(cap);
      for (let s = 0; s < len; s++) {
        const v = spt.settled[s];
        ordK[s] = v;
        if (s > 0) { stK[s] = s - 1; lkK[s - 1] = spt.predLink[v]; }
      }
      stK[len] = len > 0 ? len - 1 : 0;
      ord[k] = ordK; st[k] = stK; lk[k] = lkK; fl[k] = flK;
      nodeLen[k] = len; linkLen[k] = len > 0 ? len - 1 : 0;
      for (let i = demand.start[k]; i < demand.start[k + 1]; i++) {
        const d = demand.dest[i];
        if (spt.dist[d] === Infinity) { if (unreachable < 0) unreachable = i; continue; }
        nodeFlow[d] += demand.flow[i];
      }
      for (let s = len - 1; s > 0; s--) {
        const v = ordK[s];
        const f = nodeFlow[v];
        if (f === 0) continue;
        nodeFlow[v] = 0;
        const a = lkK[s - 1];
        flK[s - 1] += f;
        x[a] += f;
        cost[a] = linkCost(cm, a, x[a]);
        nodeFlow[tail[a]] += f;
      }
      nodeFlow[o] = 0;
    }
    if (part === parts - 1) updateDerivatives(cm, x, deriv);
    return unreachable;
  }

  /**
   * Labels in bush order: L, the shortest path over all bush links, and U, the longest path over
   * used links (flow > 0); minPred/maxPred hold slots. A node that no used link enters
   * (used[j] = 0) takes U as the longest over all its bush in-links. With `update`, flows are
   * read from the dense bf (rebuildBush has scattered them there), and flow left by rounding on
   * links out of a node that nothing flows into is cleared on the way: such a flow cannot be
   * shifted (the walk back meets an empty link) yet would keep its path "used" and stall the
   * bush; bush order carries the clearing downstream.
   */
  function labels(k: number, update: boolean): void {
    const ordK = ord[k], stK = st[k], lkK = lk[k], flK = fl[k], len = nodeLen[k];
    const o = ordK[0];
    L[o] = 0; U[o] = 0; minPred[o] = -1; maxPred[o] = -1; pos[o] = 0; used[o] = 1;
    for (let s = 1; s < len; s++) {
      const j = ordK[s];
      pos[j] = s;
      let l = Infinity, u = -Infinity, ua = -Infinity, lp = -1, up = -1, uap = -1;
      for (let q = stK[s], e = stK[s + 1]; q < e; q++) {
        const a = lkK[q];
        const fa = update ? bf[a] : flK[q];
        const i = tail[a];
        const c = cost[a];
        const li = L[i] + c;
        if (li < l) { l = li; lp = q; }
        const ui = U[i] + c;
        if (fa > 0) { if (ui > u) { u = ui; up = q; } } else if (ui > ua) { ua = ui; uap = q; }
      }
      L[j] = l; minPred[j] = lp;
      if (up >= 0) { U[j] = u; maxPred[j] = up; used[j] = 1; continue; }
      U[j] = ua; maxPred[j] = uap; used[j] = 0;
      if (update) {
        for (let q = outStart[j], e = outStart[j + 1]; q < e; q++) {
          const a = outLink[q];
          const f = bf[a];
          if (!(f > 0)) continue;
          bf[a] = 0;
          const xa = x[a] - f;
          x[a] = xa > 0 ? xa : 0;
          setCostAndDerivative(cm, a, x[a], cost, deriv);
        }
      }
    }
  }

  /**
   * Origin k's part of the SPTT (Σ demand × exact shortest-path cost at the current costs), and
   * its bush rebuilt. The exact distances D come from the gap's sweep and repair. Unused links
   * are dropped, except the shortest in-link of a node no used link enters (so every node stays
   * reachable). Links join only forward in the bush's order, which keeps it acyclic: into each
   * node, Dial's shortcuts (U[i] + c < U[j]) and the in-link that ends the shortest path there
   * (D[i] + c least) — the shortest-path tree's link, unless a used path holds its tail back
   * (then the shifts empty that path). For the tree's links to follow the order it changes in one
   * of two ways: where many tree links run backward (early iterations), the pruned bush is
   * re-sorted nearest-first by D (Kahn's sort, nearest available node first); where few do, each
   * of them is made forward by moving only the nodes between its ends that must move
   * (insertForward). Dial's rule alone, with U as the order, grows a bush slowly on a grid: the
   * shortest path to a node joins one link at a time, only where the longest used path is worse
   * at the head than at the tail (on a 25k-node grid bushes stayed 7–10× closer to their own
   * equilibrium than to the true one, and 1e-4 took 8 iterations; with the tree, 5).
   */
  function rebuildBush(k: number): number {
    const total = spt.orderedTotal(demand, k, ord[k], nodeLen[k], cost, seen);
    const D = spt.dist;
    const ordK = ord[k], stK = st[k], len = nodeLen[k];
    const o = ordK[0];
    // pos: places in the current order (labels sets them), −1 off the bush
    pos.fill(-1);
    {
      const lkK = lk[k], flK = fl[k];
      for (let q = 0, e = linkLen[k]; q < e; q++) bf[lkK[q]] = flK[q];
      labels(k, true);
      for (let s = 1; s < len; s++) {
        const j = ordK[s];
        const keep = used[j] === 1 ? -1 : minPred[j];
        for (let q = stK[s], e = stK[s + 1]; q < e; q++) {
          const a = lkK[q];
          if (bf[a] === 0 && q !== keep) bf[a] = NOT_IN_BUSH;
        }
        // pruning changed U only at nodes without flow, now reached by their shortest in-link alone
        if (keep >= 0) { const a = lkK[keep]; U[j] = U[tail[a]] + cost[a]; }
      }
    }
    // the tree links that run backward in the current order (pos from labels)
    let backCount = 0;
    for (let s = 1; s < len; s++) {
      const a = spt.predLink[ordK[s]];
      if (a >= 0 && bf[a] < 0 && pos[tail[a]] > s) backLinks[backCount++] = a;
    }
    if (backCount <= RESORT_ABOVE * len) {
      // few: each joins with the nodes it needs moved, unless it would close a cycle (then the
      // in-lists below take the best forward link instead)
      for (let b = 0; b < backCount; b++) insertForward(ordK, backLinks[b]);
      sorted.set(ordK.subarray(0, len));
    } else {
      // many: the pruned bush in the order nearest to D's that its links allow
      const lkK = lk[k];
      for (let s = 1; s < len; s++) {
        let d = 0;
        for (let q = stK[s], e = stK[s + 1]; q < e; q++) if (bf[lkK[q]] >= 0) d++;
        indeg[ordK[s]] = d;
      }
      const count = nearestFirst.run(o, bf, indeg, spt, pos, sorted);
      if (count !== len) throw new Error(`algorithm B: the bush of origin ${o + 1} lost ${len - count} of its ${len} nodes`);
    }
    // the new in-lists, node by node in the new order: the bush's links (all forward in it) and the joining ones
    let links = 0;
    stK[0] = 0;
    for (let s = 1; s < len; s++) {
      const v = sorted[s];
      stK[s] = links;
      // each in-link once: the bush's stay, shortcuts join, and the one that follows the order and
      // ends the shortest path (the tree's link if it follows the order, else D[i] + c least)
      // joins at the end if it has not
      const treeLink = spt.predLink[v];
      let best = -1, bestD = Infinity, bestIn = false;
      for (let q = inStart[v], e = inStart[v + 1]; q < e; q++) {
        const a = inLink[q], i = tail[a];
        if (i < firstThru && i !== o) continue;
        let f = bf[a];
        if (f >= 0) bf[a] = NOT_IN_BUSH;
        else if (!(pos[i] >= 0 && pos[i] < s)) continue;
        const c = cost[a], d = a === treeLink ? -Infinity : D[i] + c;
        const joins = f >= 0 || U[i] + c < U[v];
        if (d < bestD) { bestD = d; best = a; bestIn = joins; }
        if (!joins) continue;
        if (f < 0) f = 0;
        seen[links] = a; seenFlow[links] = f; links++;
      }
      if (!bestIn && best >= 0) { seen[links] = best; seenFlow[links] = 0; links++; }
    }
    stK[len] = links;
    ordK.set(sorted.subarray(0, len));
    if (links > lk[k].length) {
      const cap = Math.ceil(GROWTH * links) + 8;
      lk[k] = new Int32Array(cap); fl[k] = new Float64Array(cap);
    }
    lk[k].set(seen.subarray(0, links));
    fl[k].set(seenFlow.subarray(0, links));
    linkLen[k] = links;
    return total;
  }

  /**
   * Lets link a (x → y, not in the bush) join the bush (bf[a] = 0; bush links have bf ≥ 0). If x
   * comes after y in ordK (places in pos), only the nodes that must move do (Pearce & Kelly
   * 2006): those that reach x from y's place on, and those y reaches up to x's place, share out
   * the places they held, the first kind first, each kind keeping its order. Returns false and
   * leaves a out when y reaches x (a would close a cycle).
   */
  function insertForward(ordK: Int32Array, a: number): boolean {
    const x = tail[a], y = head[a];
    const yAt = pos[y], xAt = pos[x];
    if (xAt < yAt) { bf[a] = 0; return true; }
    mark++;
    // forward from y, up to x's place
    let nF = 0, top = 0;
    stack[top++] = y; seenAt[y] = mark;
    while (top > 0) {
      const u = stack[--top];
      if (u === x) return false;
      fwd[nF++] = pos[u];
      if (u < firstThru && u !== ordK[0]) continue;
      for (let q = outStart[u], e = outStart[u + 1]; q < e; q++) {
        const b = outLink[q];
        if (bf[b] < 0) continue;
        const w = head[b];
        if (seenAt[w] === mark || pos[w] > xAt) continue;
        seenAt[w] = mark; stack[top++] = w;
      }
    }
    // back from x, down to y's place
    let nB = 0;
    stack[top++] = x; seenAt[x] = mark;
    while (top > 0) {
      const u = stack[--top];
      bwd[nB++] = pos[u];
      for (let q = inStart[u], e = inStart[u + 1]; q < e; q++) {
        const b = inLink[q];
        if (bf[b] < 0) continue;
        const w = tail[b];
        if (seenAt[w] === mark || pos[w] < yAt) continue;
        seenAt[w] = mark; stack[top++] = w;
      }
    }
    const F = fwd.subarray(0, nF).sort(), B = bwd.subarray(0, nB).sort();
    // the nodes, in their present order, before their places are reassigned
    for (let i = 0; i < nB; i++) moving[i] = ordK[B[i]];
    for (let i = 0; i < nF; i++) moving[nB + i] = ordK[F[i]];
    // the places they held, merged ascending
    let i = 0, j = 0, t = 0;
    while (i < nB || j < nF) places[t++] = j >= nF || (i < nB && B[i] < F[j]) ? B[i++] : F[j++];
    for (let r = 0; r < t; r++) { const v = moving[r]; ordK[places[r]] = v; pos[v] = places[r]; }
    bf[a] = 0;
    return true;
  }

  /** One pass of flow shifts over the bush; returns the largest excess cost U − L seen, relative to L. */
  function shiftFlows(k: number, threshold: number): number {
    labels(k, false);
    const ordK = ord[k], lkK = lk[k], flK = fl[k], len = nodeLen[k];
    let worst = 0;
    for (let s = nodeLen[k] - 1; s > 0; s--) {
      const j = ordK[s];
      if (used[j] === 0) continue;
      const excess = U[j] - L[j];
      if (!(excess > threshold * L[j])) continue;
      if (excess > worst * L[j]) worst = excess / L[j];
      // divergence node: walk back along both paths, always stepping the later one in bush order;
      // the steps cover exactly the two segments, so their costs (summed afresh: earlier shifts
      // in this pass have changed link costs), derivatives and the room on the costly one are
      // taken on the way
      let cMin = 0, dMin = 0, cMax = 0, dMax = 0, room = Infinity;
      let a = lkK[minPred[j]];
      cMin += cost[a]; dMin += deriv[a];
      let p = tail[a];
      a = lkK[maxPred[j]];
      cMax += cost[a]; dMax += deriv[a];
      if (flK[maxPred[j]] < room) room = flK[maxPred[j]];
      let q = tail[a];
      // each step moves a walk to an earlier place, so in a topological order they meet within
      // 2·len steps; more means the order is broken (a bug): fail rather than loop for good
      for (let steps = 0; p !== q; steps++) {
        if (steps > 2 * len) throw new Error(`algorithm B: the bush of origin ${ordK[0] + 1} is out of order at node ${j + 1}`);
        if (pos[p] > pos[q]) {
          a = lkK[minPred[p]];
          cMin += cost[a]; dMin += deriv[a];
          p = tail[a];
        } else {
          const sl = maxPred[q];
          a = lkK[sl];
          cMax += cost[a]; dMax += deriv[a];
          if (flK[sl] < room) room = flK[sl];
          q = tail[a];
        }
      }
      const div = p;
      const diff = cMax - cMin;
      if (!(diff > 0) || !(room > 0)) continue;
      const dd = dMin + dMax;
      let delta = dd > 0 ? diff / dd : room;
      if (delta > room) delta = room;
      for (let v = j; v !== div; ) {
        const sl = maxPred[v], a = lkK[sl];
        // f ≥ room ≥ delta, so this never goes below zero; what is left of a flow equal to room up
        // to rounding is cleared with it, or it would stay behind as a phantom used path
        const fa = flK[sl];
        let fNew = fa - delta;
        if (fNew <= 1e-12 * fa) fNew = 0;
        flK[sl] = fNew;
        const xa = x[a] - (fa - fNew);
        x[a] = xa > 0 ? xa : 0;
        setCostAndDerivative(cm, a, x[a], cost, deriv);
        v = tail[a];
      }
      for (let v = j; v !== div; ) {
        const sl = minPred[v], a = lkK[sl];
        flK[sl] += delta;
        x[a] += delta;
        setCostAndDerivative(cm, a, x[a], cost, deriv);
        v = tail[a];
      }
    }
    return worst;
  }

  return {
    get origins(): Int32Array { return origins; },
    x, cost, deriv, load,
    rebuildPass(): number {
      let total = 0;
      for (const k of origins) { total += rebuildBush(k); busy[k] = 1; }
      return total;
    },
    shiftPass(threshold: number, part: number, parts: number): { worst: number; worked: number } {
      let worst = 0, worked = 0;
      for (let i = share(part, parts), e = share(part + 1, parts); i < e; i++) {
        const k = origins[i];
        if (busy[k] === 0) continue;
        worked++;
        const w = shiftFlows(k, threshold);
        busy[k] = w > threshold ? 1 : 0;
        if (w > worst) worst = w;
      }
      return { worst, worked };
    },
    refreshCosts(): void {
      updateCosts(cm, x, cost);
      updateDerivatives(cm, x, deriv);
    },
    ownFlows(): void {
      x.fill(0);
      for (const k of origins) {
        const lkK = lk[k], flK = fl[k];
        for (let q = 0, e = linkLen[k]; q < e; q++) { const f = flK[q]; if (f > 0) x[lkK[q]] += f; }
      }
    },
    fill(k: number, out: Float64Array): Float64Array {
      out.fill(NOT_IN_BUSH);
      const lkK = lk[k], flK = fl[k];
      for (let q = 0; q < linkLen[k]; q++) out[lkK[q]] = flK[q];
      return out;
    },
    bushLinks: (k: number): number => linkLen[k],
    exportBushes(): BushArrays[] {
      // views, not copies: a worker transfers their buffers (a copy of 500 bushes of 10⁵ links was 0.6 GB at the peak)
      return Array.from(origins, (k) => ({ k, order: ord[k], inStart: st[k], links: lk[k].subarray(0, linkLen[k]), flows: fl[k].subarray(0, linkLen[k]) }));
    },
    adopt(bushes: BushArrays[]): void {
      for (const b of bushes) {
        const k = b.k;
        ord[k] = b.order; st[k] = b.inStart; lk[k] = b.links; fl[k] = b.flows;
        nodeLen[k] = b.order.length; linkLen[k] = b.links.length;
        busy[k] = 1;
      }
      origins = Int32Array.from([...origins, ...bushes.map((b) => b.k)]).sort();
    },
  };
}
