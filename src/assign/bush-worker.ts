// A worker thread holding one set of Algorithm B's origins (bush-thread.ts drives it): waits for
// an operation, runs it, answers, until the engine closes it.
import { workerData, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { createBushSet, type BushArrays } from './bush-set.ts';
import { runSetOp, type SetOp } from './bush.ts';
import type { SetWorkerData } from './bush-thread.ts';

const data = workerData as SetWorkerData & { port: MessagePort };
const { signal, port } = data;
const answer = (msg: { value?: unknown; error?: string }, transfer: ArrayBuffer[] = []): void => {
  port.postMessage(msg, transfer);
  Atomics.add(signal, 1, 1);
  Atomics.notify(signal, 1);
};

let set;
try {
  set = createBushSet(data.net, data.demand, data.cm, data.origins, { x: data.x, cost: data.cost, deriv: data.deriv });
} catch (e) {
  set = undefined;
  answer({ error: e instanceof Error ? e.message : String(e) });
}
let done = 0;
while (set) {
  while (Atomics.load(signal, 0) === done) Atomics.wait(signal, 0, done);
  done++;
  const o = receiveMessageOnPort(port)?.message as SetOp | undefined;
  if (!o) break;
  try {
    const value = runSetOp(set, o);
    const transfer = o.op === 'export' ? (value as BushArrays[]).flatMap((b) => [b.order.buffer, b.inStart.buffer, b.links.buffer, b.flows.buffer] as ArrayBuffer[]) : [];
    answer({ value }, transfer);
  } catch (e) {
    answer({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
