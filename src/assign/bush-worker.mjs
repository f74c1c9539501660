// Entry of an assignment worker thread: tsx is registered here (a loader registered at run time
// is not inherited by worker threads) before the TypeScript module is loaded. A failure to start
// is answered at once, as the answer to the first operation, instead of leaving the engine to
// wait for one.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import('./bush-worker.ts');
} catch (e) {
  workerData.port.postMessage({ error: `worker start: ${e instanceof Error ? e.message : String(e)}` });
  Atomics.add(workerData.signal, 1, 1);
  Atomics.notify(workerData.signal, 1);
}
