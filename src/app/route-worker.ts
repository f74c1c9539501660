// The route planner in a worker thread (route-pool.ts): the same use case as planOnNetwork, on a
// copy of the compiled network the main thread sends once per data version. What comes back is
// the answer's JSON text, so the main thread only writes it to the socket; a KaravanError comes
// back as its code, parameters and status and is raised again there, in the client's language.
import { parentPort } from 'node:worker_threads';
import { KaravanError } from '../core/issues.ts';
import { checkOptions, planOnNetwork, requestDeadline, routesGeoJson } from './plan-route.ts';
import { decodeNetwork, type Network } from './network.ts';
import type { RouteTask, WorkerReply, WorkerRequest } from './route-pool.ts';

let current: Network | null = null;

function answer(t: RouteTask): string {
  if (!current || current.key !== t.key) throw new Error(`route worker: network ${t.key} was not sent (holding ${current?.key ?? 'none'})`);
  const o = { ...t.options, signal: requestDeadline(t.timeoutMs) };
  const r = planOnNetwork(current, o, checkOptions(o, 'http'), 'http', t.lang);
  return JSON.stringify(t.geojson ? routesGeoJson(current, r) : r);
}

const port = parentPort;
if (!port) throw new Error('route-worker.ts runs only as a worker thread (src/app/route-pool.ts)');
port.on('message', (m: WorkerRequest) => {
  if (m.type === 'network') {
    current = null;
    current = decodeNetwork(m.bytes, `(network ${m.key} from the main thread)`, m.key);
    port.postMessage({ loaded: m.key } satisfies WorkerReply);
    return;
  }
  let reply: WorkerReply;
  try {
    reply = { id: m.id, text: answer(m) };
  } catch (e) {
    reply = e instanceof KaravanError
      ? { id: m.id, error: { code: e.code, params: e.params, status: e.httpStatus } }
      : { id: m.id, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
