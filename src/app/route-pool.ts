// Route requests on worker threads, so that a server uses more than one core and a long search
// (Pareto, many alternatives) never holds up tiles and feature pages on the main thread. Each
// worker holds one compiled network: the main thread sends its snapshot bytes (encodeNetwork)
// once per data version and then only small tasks; answers come back as JSON text.
// A worker that dies fails only the requests it held (503, ROUTE_WORKER_FAILED) and is replaced
// on the next request; one that overruns its deadline by a grace period is stopped the same way.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KaravanError, type Lang } from '../core/issues.ts';
import { HIERARCHY_FROM_VERTICES } from '../route/index.ts';
import { type RouteOptions } from './plan-route.ts';
import { encodeNetwork, type Network } from './network.ts';

export interface RouteTask {
  type: 'route';
  id: number;
  key: string;
  options: Omit<RouteOptions, 'signal'>;
  lang: Lang;
  geojson: boolean;
  timeoutMs: number;
}
export type WorkerRequest = RouteTask | { type: 'network'; key: string; bytes: Uint8Array };
export type WorkerReply =
  | { loaded: string }
  | { id: number; text: string }
  | { id: number; error: { code: string; params: Record<string, unknown>; status: number } }
  | { id: number; crash: string };

/** A worker's deadline is its task's; past this much more, the worker is taken to be stuck and stopped. */
export const WORKER_GRACE_MS = 5_000;
/**
 * On a graph routed through hierarchies a request may first build one (a customization takes
 * seconds at 10⁶ vertices, a first order and contraction longer), which no deadline interrupts on
 * purpose (route/index.ts): a worker stopped then would have the next request start it again.
 */
export const WORKER_GRACE_LARGE_MS = 10 * 60_000;

/**
 * How many route workers a server starts: KARAVAN_ROUTE_WORKERS, else one per core beyond the
 * first (the main thread keeps one for HTTP), else none: routes are then planned on the main thread.
 */
export function routeWorkerCount(env = process.env.KARAVAN_ROUTE_WORKERS): number {
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 0 || n > 64) throw new KaravanError('OPTION_INVALID', { option: 'KARAVAN_ROUTE_WORKERS', field: 'KARAVAN_ROUTE_WORKERS', value: env, allowed: 'an integer 0..64' });
    return n;
  }
  return Math.max(0, availableParallelism() - 1);
}

interface Pending { resolve: (text: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
/** key: the network sent to the worker; loaded: the one it has decoded and answers on. */
interface Slot { worker: Worker; pending: Map<number, Pending>; key: string | null; loaded: string | null; dead: boolean }

// Encoded once per network (one data version), for every worker that needs it.
const encoded = new WeakMap<Network, Uint8Array>();

export class RoutePool {
  private slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  private waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }[]>();
  /** Workers started so far, replacements included (for tests and /status). */
  started = 0;

  constructor(readonly size: number) {}

  /** Whether a worker holds this network already: else the caller answers itself while `warm` loads it. */
  ready(net: Network): boolean {
    return this.slots.some((s) => s.loaded === net.key);
  }

  /**
   * Starts the pool's workers and sends them the network (once each); resolves when one has it. A
   * server answers on its own thread meanwhile, so a start or a new data version never makes a
   * request wait for a worker to load.
   */
  warm(net: Network): Promise<void> {
    if (this.closed) return Promise.reject(new KaravanError('ROUTE_WORKER_FAILED', { reason: 'the server is closing' }, 503));
    while (this.slots.length < this.size) this.spawn();
    for (const s of this.slots) this.send(s, net);
    if (this.ready(net)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const list = this.waiting.get(net.key) ?? [];
      list.push({ resolve, reject });
      this.waiting.set(net.key, list);
    });
  }

  /** The answer's JSON text, planned on a worker (one holding the network if any; else it is sent first). */
  plan(net: Network, task: Omit<RouteTask, 'type' | 'id' | 'key'>): Promise<string> {
    if (this.closed) return Promise.reject(new KaravanError('ROUTE_WORKER_FAILED', { reason: 'the server is closing' }, 503));
    const slot = this.pick(net.key);
    this.send(slot, net);
    const id = this.nextId++;
    const limit = task.timeoutMs + (net.graph.vertexCount >= HIERARCHY_FROM_VERTICES ? WORKER_GRACE_LARGE_MS : WORKER_GRACE_MS);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(slot, `no answer ${limit} ms after a request`), limit);
      slot.pending.set(id, { resolve, reject, timer });
      slot.worker.postMessage({ ...task, type: 'route', id, key: net.key } satisfies WorkerRequest);
    });
  }

  /** Whether some worker holds a network (any data version): for a status page, which must not load one. */
  holdsNetwork(): boolean {
    return this.slots.some((s) => s.loaded !== null);
  }

  /** The live worker threads (a status page, a test that stops one). */
  threads(): Worker[] {
    return this.slots.map((s) => s.worker);
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => { this.fail(s, 'the server is closing'); return s.worker.terminate(); }));
  }

  /**
   * The live worker with the fewest requests in hand among those holding the network (any, if none
   * does); a new one while there are fewer than `size` and every one is busy.
   */
  private pick(key: string): Slot {
    let best: Slot | undefined;
    const holding = this.slots.some((s) => s.loaded === key);
    for (const s of this.slots) if ((!holding || s.loaded === key) && (!best || s.pending.size < best.pending.size)) best = s;
    if (best && (best.pending.size === 0 || this.slots.length >= this.size)) return best;
    return this.spawn();
  }

  /** Sends the network to a worker that does not have it (encoded once per network). */
  private send(slot: Slot, net: Network): void {
    if (slot.key === net.key) return;
    let bytes = encoded.get(net);
    if (!bytes) { bytes = encodeNetwork(net); encoded.set(net, bytes); }
    slot.worker.postMessage({ type: 'network', key: net.key, bytes } satisfies WorkerRequest);
    slot.key = net.key;
    // Loading keeps the process alive (someone may await warm); an idle worker does not.
    slot.worker.ref();
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./route-worker.mjs', import.meta.url));
    const slot: Slot = { worker, pending: new Map(), key: null, loaded: null, dead: false };
    this.started++;
    worker.on('message', (m: WorkerReply) => {
      if ('loaded' in m) {
        slot.loaded = m.loaded;
        slot.worker.unref();
        for (const w of this.waiting.get(m.loaded) ?? []) w.resolve();
        this.waiting.delete(m.loaded);
        return;
      }
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      clearTimeout(p.timer);
      if ('text' in m) p.resolve(m.text);
      else if ('error' in m) p.reject(new KaravanError(m.error.code, m.error.params, m.error.status));
      else p.reject(new Error(`route worker: ${m.crash}`));
    });
    worker.on('error', (e: Error) => this.fail(slot, e.message));
    worker.on('exit', (code) => this.fail(slot, `exit code ${code}`));
    // An idle worker does not keep a process alive (a CLI that served once, a test).
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** Takes a worker out of the pool and fails what it held; the next request starts a new one. */
  private fail(slot: Slot, reason: string): void {
    if (slot.dead) return;
    slot.dead = true;
    this.slots = this.slots.filter((s) => s !== slot);
    for (const p of slot.pending.values()) { clearTimeout(p.timer); p.reject(new KaravanError('ROUTE_WORKER_FAILED', { reason }, 503)); }
    slot.pending.clear();
    // Whoever waits for a network no live worker is loading any more hears why.
    for (const [key, list] of this.waiting) {
      if (this.slots.some((s) => s.key === key)) continue;
      for (const w of list) w.reject(new KaravanError('ROUTE_WORKER_FAILED', { reason }, 503));
      this.waiting.delete(key);
    }
    void slot.worker.terminate();
  }
}
