// What every equilibrium engine takes and returns, so the front door can run any of them.
export interface EngineOptions {
  /** Target relative gap (TSTT/SPTT − 1 under the engine's cost model). */
  gap: number;
  maxIterations: number;
  maxSeconds: number;
  /** Algorithm B: flow-shift passes per origin and iteration. */
  innerPasses?: number;
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
}
