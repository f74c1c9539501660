// A set of Algorithm B's origins on a worker thread, driven synchronously: the engine's API is
// synchronous (the CLI, the server's flows and the capacity loop call it as a function), so
// operations go over a MessagePort and the two threads meet on Atomics.wait / notify instead of
// the event loop. Flows, costs and derivatives are shared memory: the orchestrator reads the
// set's x and writes the merged flows back without copying messages.
import { Worker, MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { AssignNetwork, Demand } from './network.ts';
import type { CostModel } from './costs.ts';
import type { SetOp, SetRunner } from './bush.ts';

/** What the worker is started with (bush-worker.ts). */
export interface SetWorkerData {
  net: AssignNetwork;
  demand: Demand;
  cm: CostModel;
  origins: Int32Array;
  x: Float64Array;
  cost: Float64Array;
  deriv: Float64Array;
  /** [0]: operations posted, [1]: answers posted. */
  signal: Int32Array;
}

/** How long to wait for a worker's answer beyond the time this thread took for its own share. */
const GRACE_MS = 120_000;

export function remoteSet(net: AssignNetwork, demand: Demand, cm: CostModel, origins: Int32Array): SetRunner {
  const m = net.linkCount;
  const shared = (): Float64Array => new Float64Array(new SharedArrayBuffer(8 * m));
  const data: SetWorkerData = { net, demand, cm, origins, x: shared(), cost: shared(), deriv: shared(), signal: new Int32Array(new SharedArrayBuffer(8)) };
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./bush-worker.mjs', import.meta.url), { workerData: { ...data, port: port2 }, transferList: [port2] });
  // a worker that dies outside an operation (out of memory, a failed start) is reported by an
  // 'error' event, which only arrives once this thread is back in its event loop: without a
  // listener it would be an uncaught exception there; with one it names the cause of a timeout
  let lost: Error | undefined;
  worker.on('error', (e: Error) => { lost = e; });
  worker.unref();
  const { signal } = data;
  let posted = 0, postedAt = 0;
  return {
    x: data.x,
    cost: data.cost,
    deriv: data.deriv,
    post(o: SetOp): void {
      port1.postMessage(o);
      posted++;
      postedAt = performance.now();
      Atomics.store(signal, 0, posted);
      Atomics.notify(signal, 0);
    },
    wait(): unknown {
      // the worker works as long as this thread did on its own share, give or take: wait that
      // long again plus a grace period before calling it lost
      const deadline = performance.now() + (performance.now() - postedAt) * 10 + GRACE_MS;
      for (;;) {
        const seen = Atomics.load(signal, 1);
        if (seen >= posted) break;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`assignment: a worker thread did not answer (${lost ? lost.message : 'it may have run out of memory'})`);
        Atomics.wait(signal, 1, seen, Math.min(left, 1000));
      }
      const msg = receiveMessageOnPort(port1)?.message as { value?: unknown; error?: string } | undefined;
      if (!msg) throw new Error('assignment: a worker thread answered without a message');
      if (msg.error !== undefined) throw new Error(`assignment worker: ${msg.error}`);
      return msg.value;
    },
    close(): void {
      void worker.terminate();
      port1.close();
    },
  };
}
