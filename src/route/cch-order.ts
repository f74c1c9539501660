// A nested-dissection order for the customizable contraction hierarchy (cch.ts): the metric-free
// part of it, so it is computed once per graph and serves every metric.
//
// Each part of the graph is cut in two by a line through its vertices' coordinates (vertices lie
// at their nodes' lon/lat; four directions are tried: east, north and the two diagonals), at the
// position between 30 % and 70 % of its vertices that cuts the fewest edges. A greedy vertex cover
// of the cut edges is the first separator; then the smallest vertex cut between the two sides is
// looked for by max-flow in a band around the line holding a fifth of the part (inertial flow's
// step, done locally: a cut may bend around missing links where a straight line cannot). The
// separator is ranked above both halves, which are ordered the same way; disconnected parts need
// no separator. On the peer harness's 100k grid the flow step cut triangles (customization work)
// from 155 M to 68 M and query relaxations by half, for about a second more. Only the fill-in (and
// so customization and query time) depends on the order's quality, never exactness.
import type { Graph } from '../network/graph.ts';

/** Undirected adjacency (each arc both ways, self-loops dropped), CSR over vertices. */
export interface Adjacency { first: Int32Array; other: Int32Array }

export function undirectedAdjacency(g: Graph): Adjacency {
  const V = g.vertexCount, first = new Int32Array(V + 1);
  for (let a = 0; a < g.arcCount; a++) if (g.arcTail[a] !== g.arcHead[a]) { first[g.arcTail[a] + 1]++; first[g.arcHead[a] + 1]++; }
  for (let v = 0; v < V; v++) first[v + 1] += first[v];
  const at = first.slice(0, V), other = new Int32Array(first[V]);
  for (let a = 0; a < g.arcCount; a++) {
    const t = g.arcTail[a], h = g.arcHead[a];
    if (t !== h) { other[at[t]++] = h; other[at[h]++] = t; }
  }
  return { first, other };
}

const BINS = 1024;
const DIRECTIONS: [number, number][] = [[1, 0], [0, 1], [Math.SQRT1_2, Math.SQRT1_2], [Math.SQRT1_2, -Math.SQRT1_2]];

/** rank[v] for every vertex: separators above the parts they separate. */
export function dissectionOrder(g: Graph, adj: Adjacency = undirectedAdjacency(g)): Int32Array {
  const V = g.vertexCount, { first, other } = adj;
  // Local plane: degrees of longitude shrink with the cosine of the latitude.
  let latSum = 0;
  for (let v = 0; v < V; v++) latSum += g.nodeLat[g.vertexNode[v]];
  const cosLat = Math.cos(((V ? latSum / V : 0) * Math.PI) / 180);
  const x = new Float64Array(V), y = new Float64Array(V);
  for (let v = 0; v < V; v++) { const n = g.vertexNode[v]; x[v] = g.nodeLon[n] * cosLat; y[v] = g.nodeLat[n]; }

  const rank = new Int32Array(V).fill(-1);
  const part = new Int32Array(V);         // stamp: which part a vertex is in now
  let stamp = 0;
  const bin = new Int32Array(V), cover = new Uint8Array(V);
  const count = new Int32Array(BINS + 1), crossing = new Int32Array(BINS + 1);
  const queue = new Int32Array(V);
  const cls = new Uint8Array(V);
  const flow = new BandFlow(adj, part, bin, cls);
  // Parts to order: vertex lists with the rank range [lo, lo + length) they fill.
  const stack: { vs: Int32Array; lo: number }[] = [{ vs: Int32Array.from({ length: V }, (_, i) => i), lo: 0 }];

  while (stack.length) {
    const { vs, lo } = stack.pop()!;
    const n = vs.length;
    if (n <= 2) { for (let i = 0; i < n; i++) rank[vs[i]] = lo + i; continue; }
    const s = ++stamp;
    for (let i = 0; i < n; i++) part[vs[i]] = s;
    // Components first: a part that falls apart is ordered component by component, no separator.
    const comp = ++stamp;
    let qn = 0;
    queue[qn++] = vs[0]; part[vs[0]] = comp;
    for (let qi = 0; qi < qn; qi++) {
      const v = queue[qi];
      for (let p = first[v]; p < first[v + 1]; p++) { const u = other[p]; if (part[u] === s) { part[u] = comp; queue[qn++] = u; } }
    }
    if (qn < n) {
      // Every component at once (peeling one per pass would be quadratic on many small islands).
      let at = lo;
      stack.push({ vs: queue.slice(0, qn), lo: at });
      at += qn;
      for (let i = 0; i < n; i++) {
        if (part[vs[i]] !== s) continue;
        const c = ++stamp;
        let cn = 0;
        queue[cn++] = vs[i]; part[vs[i]] = c;
        for (let qi = 0; qi < cn; qi++) {
          const v = queue[qi];
          for (let p = first[v]; p < first[v + 1]; p++) { const u = other[p]; if (part[u] === s) { part[u] = c; queue[cn++] = u; } }
        }
        stack.push({ vs: queue.slice(0, cn), lo: at });
        at += cn;
      }
      continue;
    }
    // Connected: find the straight cut with the fewest crossing edges near the middle.
    let best = { cut: Infinity, dir: -1, k: 0, min: 0, span: 1 };
    for (let d = 0; d < DIRECTIONS.length; d++) {
      const [dx, dy] = DIRECTIONS[d];
      let min = Infinity, max = -Infinity;
      for (let i = 0; i < n; i++) { const v = vs[i], key = x[v] * dx + y[v] * dy; if (key < min) min = key; if (key > max) max = key; }
      if (!(max > min)) continue;
      const span = max - min;
      count.fill(0); crossing.fill(0);
      for (let i = 0; i < n; i++) { const v = vs[i]; const b = Math.min(BINS - 1, Math.floor(((x[v] * dx + y[v] * dy - min) / span) * BINS)); bin[v] = b; count[b]++; }
      // An edge with ends in bins b1 < b2 crosses every boundary k with b1 < k <= b2.
      for (let i = 0; i < n; i++) {
        const v = vs[i];
        for (let p = first[v]; p < first[v + 1]; p++) {
          const u = other[p];
          if (part[u] !== comp || bin[u] <= bin[v]) continue;
          crossing[bin[v] + 1]++; crossing[bin[u] + 1]--;
        }
      }
      let left = 0, cut = 0;
      for (let k = 1; k < BINS; k++) {
        left += count[k - 1]; cut += crossing[k];
        if (left < 0.3 * n || left > 0.7 * n) continue;
        // Balance breaks ties: prefer the middle when cuts are equal.
        const score = cut + Math.abs(left - n / 2) / n;
        if (score < best.cut) best = { cut: score, dir: d, k, min, span };
      }
    }
    if (best.dir < 0) {
      // Every vertex at one point, or no balanced cut: halves in list order, the edges between them as cut.
      for (let i = 0; i < n; i++) bin[vs[i]] = i < n / 2 ? 0 : 1;
      best = { cut: 0, dir: -1, k: 1, min: 0, span: 1 };
    } else {
      const [dx, dy] = DIRECTIONS[best.dir];
      for (let i = 0; i < n; i++) { const v = vs[i]; bin[v] = Math.min(BINS - 1, Math.floor(((x[v] * dx + y[v] * dy - best.min) / best.span) * BINS)); }
    }
    // Greedy vertex cover of the cut edges: the end with more cut edges goes first.
    const side = (v: number) => (bin[v] < best.k ? 0 : 1);
    const cutDegree = (v: number) => { let c = 0; for (let p = first[v]; p < first[v + 1]; p++) { const u = other[p]; if (part[u] === comp && side(u) !== side(v)) c++; } return c; };
    for (let i = 0; i < n; i++) cover[vs[i]] = 0;
    for (let i = 0; i < n; i++) {
      const v = vs[i];
      if (side(v) !== 0 || cover[v]) continue;
      for (let p = first[v]; p < first[v + 1]; p++) {
        const u = other[p];
        if (part[u] !== comp || side(u) !== 1 || cover[u] || cover[v]) continue;
        if (cutDegree(u) > cutDegree(v)) cover[u] = 1; else cover[v] = 1;
      }
    }
    // cls: 0 left, 1 right, 2 separator; a smaller cut through a band around the line replaces it.
    let greedy = 0;
    for (let i = 0; i < n; i++) { const v = vs[i]; cls[v] = cover[v] ? 2 : side(v); if (cover[v]) greedy++; }
    if (best.dir >= 0 && n >= FLOW_FROM) flow.refine(vs, comp, best.k, greedy);
    let nl = 0, nr = 0, ns = 0;
    for (let i = 0; i < n; i++) { const c = cls[vs[i]]; if (c === 0) nl++; else if (c === 1) nr++; }
    const L = new Int32Array(nl), R = new Int32Array(nr);
    nl = 0; nr = 0;
    for (let i = 0; i < n; i++) {
      const v = vs[i], c = cls[v];
      if (c === 2) rank[v] = lo + L.length + R.length + ns++;
      else if (c === 0) L[nl++] = v; else R[nr++] = v;
    }
    stack.push({ vs: L, lo }, { vs: R, lo: lo + L.length });
  }
  return rank;
}

/** Parts smaller than this keep the straight cut's cover (the flow would gain a vertex or two). */
const FLOW_FROM = 32;
/** Share of a part's vertices in the band around the straight cut where the flow looks for a smaller one. */
const BAND_SHARE = 0.2;

/**
 * The smallest vertex cut between the two sides of a straight cut, looked for in a band around it
 * (inertial flow's step, made local): unit vertex capacities, augmenting paths by breadth-first
 * search in the split graph (each vertex an in and an out node), then the cut read off the last
 * search. Each vertex carries at most one unit, so the flow is kept as pred/succ per vertex.
 */
class BandFlow {
  private loc: Int32Array;
  private locStamp: Uint32Array;
  private stamp = 0;
  constructor(private adj: Adjacency, private part: Int32Array, private bin: Int32Array, private cls: Uint8Array) {
    const V = part.length;
    this.loc = new Int32Array(V);
    this.locStamp = new Uint32Array(V);
  }

  /** Rewrites cls for the part's vertices when a cut smaller than `greedy` is found. */
  refine(vs: Int32Array, comp: number, k: number, greedy: number): void {
    const { adj: { first, other }, part, bin, cls, loc, locStamp } = this;
    const n = vs.length;
    // The band: bins around k until it holds BAND_SHARE of the part.
    const count = new Int32Array(BINS);
    for (let i = 0; i < n; i++) count[bin[vs[i]]]++;
    let bLo = k, bHi = k, inBand = 0;
    while (inBand < BAND_SHARE * n && (bLo > 0 || bHi < BINS)) {
      if (bLo > 0) inBand += count[--bLo];
      if (bHi < BINS) inBand += count[bHi++];
    }
    const zone = (v: number) => (bin[v] < bLo ? 0 : bin[v] >= bHi ? 1 : 2);
    const st = ++this.stamp;
    const band: number[] = [];
    const add = (v: number) => { if (locStamp[v] !== st) { locStamp[v] = st; loc[v] = band.length; band.push(v); } };
    for (let i = 0; i < n; i++) {
      const v = vs[i], z = zone(v);
      if (z === 2) { add(v); continue; }
      // A long edge from one side straight to the other: its ends join the band.
      for (let p = first[v]; p < first[v + 1]; p++) { const u = other[p]; if (part[u] === comp && zone(u) === 1 - z) { add(v); break; } }
    }
    const inB = (v: number) => locStamp[v] === st;
    const b = band.length;
    const srcAdj = new Uint8Array(b), snkAdj = new Uint8Array(b);
    for (let i = 0; i < b; i++) {
      const v = band[i];
      for (let p = first[v]; p < first[v + 1]; p++) {
        const u = other[p];
        if (part[u] !== comp || inB(u)) continue;
        if (zone(u) === 0) srcAdj[i] = 1; else snkAdj[i] = 1;
      }
    }
    const used = new Uint8Array(b), pred = new Int32Array(b);
    const from = new Int32Array(2 * b), seen = new Uint32Array(2 * b), queue = new Int32Array(2 * b);
    const rootOf = new Int32Array(2 * b), taken = new Uint32Array(b);
    const ends: number[] = [];
    let gen = 0, flowValue = 0;
    const S = -1;
    // One breadth-first search of the residual graph from every source at once. Each node joins
    // the tree of the first source to reach it, so paths in different trees share no node, and one
    // path to T per tree can be augmented together: one search finds many paths, not one.
    // (Written flat, without helper closures: it is the hot loop of the whole order.)
    const search = (): void => {
      const g1 = ++gen;
      let qn = 0;
      ends.length = 0;
      for (let i = 0; i < b; i++) if (srcAdj[i]) { seen[2 * i] = g1; from[2 * i] = S; rootOf[2 * i] = i; queue[qn++] = 2 * i; }
      for (let qi = 0; qi < qn; qi++) {
        const node = queue[qi], i = node >> 1, r = rootOf[node];
        if ((node & 1) === 0) {
          const to = !used[i] ? node + 1 : pred[i] >= 0 ? 2 * pred[i] + 1 : -1;
          if (to >= 0 && seen[to] !== g1) { seen[to] = g1; from[to] = node; rootOf[to] = r; queue[qn++] = to; }
          continue;
        }
        if (snkAdj[i] && taken[r] !== g1) { taken[r] = g1; ends.push(node); }
        const v = band[i];
        for (let p = first[v]; p < first[v + 1]; p++) {
          const u = other[p];
          if (locStamp[u] !== st || part[u] !== comp) continue;
          const to = 2 * loc[u];
          if (seen[to] !== g1) { seen[to] = g1; from[to] = node; rootOf[to] = r; queue[qn++] = to; }
        }
        if (used[i] && seen[node - 1] !== g1) { seen[node - 1] = g1; from[node - 1] = node; rootOf[node - 1] = r; queue[qn++] = node - 1; }
      }
    };
    for (;;) {
      search();
      if (ends.length === 0) break;
      flowValue += ends.length;
      if (flowValue >= greedy) return;
      // Replay each path from T back to S, rewriting pred and used (succ is implied by pred).
      for (const end of ends) {
        for (let node = end; node !== S; node = from[node]) {
          const prev = from[node], i = node >> 1;
          if (prev === S) pred[i] = S;
          else if ((node & 1) === 0 && (prev & 1) === 1 && prev >> 1 !== i) pred[i] = prev >> 1; // forward edge
          else if ((node & 1) === 1 && prev === node - 1) used[i] = 1;
          else if ((node & 1) === 0 && prev === node + 1) used[i] = 0;
        }
      }
    }
    // No path at all: one side of the band is empty (lumpy coordinates); the straight cut stays.
    if (flowValue === 0) return;
    // The cut, from the last search (which reached no T): in node reached, out node not. Reached
    // out nodes are left, the rest right.
    for (let i = 0; i < n; i++) { const v = vs[i]; if (!inB(v)) cls[v] = zone(v); }
    for (let i = 0; i < b; i++) {
      const inR = seen[2 * i] === gen, outR = seen[2 * i + 1] === gen;
      cls[band[i]] = inR && !outR ? 2 : outR ? 0 : 1;
    }
  }
}
