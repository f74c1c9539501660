// Algorithm B's iterations (the per-origin work is in bush-set.ts). The origins are dealt into
// sets, one per thread. With one set this is Gauss–Seidel over origins: every shift is seen at
// once by the next origin. With several, each set sees its own shifts at once and the others' at
// the end of each part of a pass (about ORIGINS_PER_PART origins per set), when their flow
// changes are added up and every set takes the sum.
//
// Several sets shifting at the same time overshoot where their origins shift the same way (each
// takes a full Newton step against the others' flows as they were): harmless far from
// equilibrium, where the parallel passes pay, but near it the gap stalls (Chicago-Sketch with two
// sets stopped at 1.8e-5, a 20k-node grid at 2e-7). So the sets work in parallel while the gap
// falls, and one set takes every bush over (the others hand theirs to it) once it stops falling
// or is below ONE_SET_BELOW: from there on it is plain Algorithm B, and converges as far as asked.
//
// The iterates depend on the number of sets, never on thread timing: a set on a worker thread
// gives the same answer, bit for bit, as the same set run here (test/assign-threads.test.ts).
import { availableParallelism } from 'node:os';
import type { AssignNetwork, Demand } from './network.ts';
import { type CostModel, setCostAndDerivative, totalCost, updateCosts } from './costs.ts';
import { createBushSet, type BushArrays, type BushSet } from './bush-set.ts';
import { remoteSet } from './bush-thread.ts';
import type { EngineOptions, EngineResult, OriginFlows } from './engine.ts';

/** An operation on a set, as the orchestrator sends it to a set here or on a worker thread. */
export type SetOp =
  | { op: 'load'; part: number; parts: number }
  | { op: 'rebuild' }
  | { op: 'shift'; threshold: number; part: number; parts: number }
  | { op: 'refresh' }
  | { op: 'own' }
  | { op: 'export' };

export function runSetOp(set: BushSet, o: SetOp): unknown {
  switch (o.op) {
    case 'load': return set.load(o.part, o.parts);
    case 'rebuild': return set.rebuildPass();
    case 'shift': return set.shiftPass(o.threshold, o.part, o.parts);
    case 'refresh': set.refreshCosts(); return undefined;
    case 'own': set.ownFlows(); return undefined;
    case 'export': return set.exportBushes();
  }
}

/** A set of origins at work here or on a worker thread: post starts an operation, wait returns its answer. */
export interface SetRunner {
  readonly x: Float64Array;
  readonly cost: Float64Array;
  readonly deriv: Float64Array;
  post(o: SetOp): void;
  wait(): unknown;
  /** The set itself when it runs on this thread. */
  readonly local?: BushSet;
  close(): void;
}

function localSet(net: AssignNetwork, demand: Demand, cm: CostModel, origins: Int32Array): SetRunner {
  const set = createBushSet(net, demand, cm, origins);
  let answer: unknown;
  return {
    x: set.x,
    cost: set.cost,
    deriv: set.deriv,
    local: set,
    post(o: SetOp): void { answer = runSetOp(set, o); },
    wait: (): unknown => answer,
    close(): void {},
  };
}

/** Origins per set between two merges of a parallel pass (two sets at 20k nodes: 10 converge as one set does, 100 do not). */
const ORIGINS_PER_PART = 10;
/** One set takes over below this gap (two sets stalled below it on a 20k-node grid), or when an iteration cut the gap by less than STALLED. */
const ONE_SET_BELOW = 1e-6;
const STALLED = 0.9;

/**
 * Threads worth using for origins × nodes of bush work: one below a few seconds of work (a
 * worker costs 0.2–0.4 s to start, and Chicago-Sketch's 1e-6 takes about one second), else a
 * thread per core up to DEFAULT_MAX_THREADS (measured with 2 and 3; more sets shift more origins
 * at once, and stall earlier).
 */
export function defaultThreads(originCount: number, nodeCount: number): number {
  return originCount * nodeCount < THREADS_FROM_BUSH_NODES ? 1 : Math.max(1, Math.min(DEFAULT_MAX_THREADS, availableParallelism()));
}
const THREADS_FROM_BUSH_NODES = 4_000_000;
const DEFAULT_MAX_THREADS = 4;

export function algorithmB(net: AssignNetwork, demand: Demand, cm: CostModel, opts: EngineOptions): EngineResult {
  const t0 = performance.now();
  const nO = demand.origins.length;
  // a whole number of sets, at least one (2.5 would deal some origins to two sets)
  const T = Math.max(1, Math.min(Math.floor(opts.threads ?? 1) || 1, nO));
  // origins dealt round-robin: neighbouring zones (often alike in size) go to different sets
  const runners: SetRunner[] = [];
  try {
    for (let s = 0; s < T; s++) {
      const origins = new Int32Array(Math.ceil((nO - s) / T));
      for (let i = 0; i < origins.length; i++) origins[i] = s + i * T;
      runners.push(s === 0 || opts.inProcess ? localSet(net, demand, cm, origins) : remoteSet(net, demand, cm, origins));
    }
    return { ...iterate(net, demand, cm, opts, runners, t0), threads: T };
  } finally {
    for (const r of runners) r.close();
  }
}

function iterate(net: AssignNetwork, demand: Demand, cm: CostModel, opts: EngineOptions, runners: SetRunner[], t0: number): EngineResult {
  const m = net.linkCount, nO = demand.origins.length;
  let sets = runners.slice();
  // remote sets first, so that they work while this thread does its own
  const all = (o: SetOp): unknown[] => {
    for (let s = sets.length - 1; s >= 0; s--) sets[s].post(o);
    return sets.map((r) => r.wait());
  };
  // every set's change of a link's flow is added up, and each set takes the sum with its cost
  // and derivative; links nobody changed are left alone (most links, when parts are small)
  const merged = new Float64Array(m);
  const merge = (): void => {
    const T = sets.length;
    if (T === 1) return;
    const xs = sets.map((r) => r.x), costs = sets.map((r) => r.cost), derivs = sets.map((r) => r.deriv);
    for (let a = 0; a < m; a++) {
      const before = merged[a];
      let v = before, changed = false;
      for (let s = 0; s < T; s++) { const d = xs[s][a] - before; if (d !== 0) { v += d; changed = true; } }
      if (!changed) continue;
      if (!(v > 0)) v = 0;
      merged[a] = v;
      setCostAndDerivative(cm, a, v, costs[0], derivs[0]);
      for (let s = 0; s < T; s++) { xs[s][a] = v; costs[s][a] = costs[0][a]; derivs[s][a] = derivs[0][a]; }
    }
  };
  const partsOf = (): number => (sets.length === 1 ? 1 : Math.max(1, Math.round(nO / sets.length / ORIGINS_PER_PART)));
  /** The set on this thread takes over every other set's bushes; the others are closed. */
  const oneSet = (): void => {
    sets[0].local!.adopt(exportBushes(sets.slice(1)));
    for (const r of sets.slice(1)) r.close();
    sets = [sets[0]];
  };
  const elapsed = (): number => (performance.now() - t0) / 1000;

  // initial loading in parts too: each set then starts from the others' congestion
  let unreachable = -1;
  for (let part = 0, parts = partsOf(); part < parts; part++) {
    for (const u of all({ op: 'load', part, parts }) as number[]) if (u >= 0 && (unreachable < 0 || u < unreachable)) unreachable = u;
    merge();
  }
  if (unreachable >= 0) {
    const cost = new Float64Array(m);
    updateCosts(cm, sets[0].x, cost);
    return { x: sets[0].x, cost, gap: Infinity, sptt: 0, iterations: 0, seconds: elapsed(), history: [], stop: 'unreachable', unreachable };
  }

  const history: number[] = [];
  let gap = Infinity, sptt = 0, it = 0;
  let stop: EngineResult['stop'] = 'max-iterations';
  const inner = opts.innerPasses ?? 50;
  for (;;) {
    // the gap at the current flows; the shortest paths found for it rebuild each bush (costs do
    // not move meanwhile, so every set does this without merging)
    const tstt = totalCost(cm, sets[0].x);
    sptt = 0;
    for (const v of all({ op: 'rebuild' }) as number[]) sptt += v;
    const previous = gap;
    gap = tstt / sptt - 1;
    if (it > 0) {
      history.push(gap);
      opts.onIteration?.(it, gap);
    }
    if (gap <= opts.gap) { stop = 'converged'; break; }
    if (it >= opts.maxIterations) break;
    if (it > 0 && elapsed() > opts.maxSeconds) { stop = 'max-seconds'; break; }
    if (it > 0 && sets.length > 1 && (gap <= ONE_SET_BELOW || gap > STALLED * previous)) oneSet();
    // shift where a node's excess cost, relative to its path cost, is above half the current gap
    // (an average over all OD pairs): tighter wastes passes on small excesses, looser needs more
    // bush rebuilds (factors 0.1 to 2 measured on Chicago-Sketch, within noise of each other). Not
    // the gap itself: with one OD pair the gap equals that pair's relative excess, which then
    // never exceeds the threshold and the run stalls (two parallel routes stopped at gap 0.5).
    const threshold = Math.max(1e-15, 0.5 * Math.min(gap, 1), opts.gap);
    const parts = partsOf();
    // passes on the rebuilt bushes, until every origin is quiet. An origin found quiet is skipped
    // for the rest of the iteration even though others' shifts move its costs a little: the next
    // rebuild catches it. On stiff networks (a congested grid) origins never go quiet: then the
    // passes stop after the work of 11 full sweeps, and a rebuild is the better use of time.
    let budget = 11 * nO;
    for (let r = 0; r < inner && budget > 0; r++) {
      let worst = 0;
      for (let part = 0; part < parts; part++) {
        for (const p of all({ op: 'shift', threshold, part, parts }) as { worst: number; worked: number }[]) {
          budget -= p.worked;
          if (p.worst > worst) worst = p.worst;
        }
        merge();
      }
      if (worst <= threshold) break;
    }
    it++;
    // total flows rebuilt from the bushes, which removes the drift of many small ± updates
    all({ op: 'own' });
    if (sets.length > 1) {
      merged.fill(0);
      for (const r of sets) for (let a = 0; a < m; a++) merged[a] += r.x[a];
      for (const r of sets) r.x.set(merged);
    }
    all({ op: 'refresh' });
  }
  // the rebuild may have cleared rounding leftovers in a set's flows: every set's in the total
  merge();
  const x = sets[0].x;
  const cost = new Float64Array(m);
  updateCosts(cm, x, cost);
  return { x, cost, gap, sptt, iterations: it, seconds: elapsed(), history, stop, unreachable: -1, originFlow: originFlows(sets, nO) };
}

/** The bushes of these sets: remote ones asked first, so that they all hand theirs over at once. */
function exportBushes(from: SetRunner[]): BushArrays[] {
  for (const r of from) if (!r.local) r.post({ op: 'export' });
  return from.flatMap((r) => (r.local ? r.local.exportBushes() : (r.wait() as BushArrays[])));
}

/** Per-origin flows: sets run here answer directly; remote sets hand their bushes over once. */
function originFlows(sets: SetRunner[], nO: number): OriginFlows {
  const owner = new Int32Array(nO);
  const exported: (BushArrays | undefined)[] = new Array(nO);
  sets.forEach((r, s) => { if (r.local) for (const k of r.local.origins) owner[k] = s; });
  for (const b of exportBushes(sets.filter((r) => !r.local))) exported[b.k] = b;
  return {
    originCount: nO,
    fill(k: number, out: Float64Array): Float64Array {
      const b = exported[k];
      if (!b) return sets[owner[k]].local!.fill(k, out);
      out.fill(-1);
      for (let q = 0; q < b.links.length; q++) out[b.links[q]] = b.flows[q];
      return out;
    },
    bushLinks: (k: number): number => exported[k]?.links.length ?? sets[owner[k]].local!.bushLinks(k),
  };
}
