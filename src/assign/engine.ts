// What every equilibrium engine takes and returns, so the front door can run any of them.
export interface EngineOptions {
  /** Target relative gap (TSTT/SPTT − 1 under the engine's cost model). */
  gap: number;
  maxIterations: number;
  maxSeconds: number;
  /** Algorithm B: at most this many passes over the bushes after each rebuild (default 50). */
  innerPasses?: number;
  /** Algorithm B: sets of origins worked in parallel, one per thread (default 1). */
  threads?: number;
  /** Algorithm B: run every set on this thread (same iterates as with threads; for tests). */
  inProcess?: boolean;
  onIteration?: (iteration: number, gap: number) => void;
}

export interface EngineResult {
  /** Link flows, input order. */
  x: Float64Array;
  /** Link costs under the engine's model at x. */
  cost: Float64Array;
  gap: number;
  sptt: number;
  iterations: number;
  seconds: number;
  history: number[];
  stop: 'converged' | 'max-iterations' | 'max-seconds' | 'unreachable';
  /** Index into demand.dest of an OD pair without a path (stop = 'unreachable'), else −1. */
  unreachable: number;
  /** Threads the engine worked on (Algorithm B's sets; 1 for the others). */
  threads?: number;
  /** Per-origin link flows, for select-link analysis. Only the bush-based engine has them. */
  originFlow?: OriginFlows;
}

/** Each origin's link flows, kept sparse (a bush holds a fraction of the links). */
export interface OriginFlows {
  readonly originCount: number;
  /** Fills `out` (length linkCount) with origin k's link flows, −1 where the link is not in its bush; returns it. */
  fill(k: number, out: Float64Array): Float64Array;
  /** Number of links in origin k's bush. */
  bushLinks(k: number): number;
}
