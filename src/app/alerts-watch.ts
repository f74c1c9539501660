// Watches and webhook notifications. A watch is a route (the links of its best route when saved)
// or a corridor. When a stored alert is active and touches one, a delivery is queued in the store
// (the outbox), in the same call that stored the alert; deliverDue() POSTs queued deliveries with
// an HMAC-SHA256 signature, retrying with exponential back-off. Because the queue is in the
// store, pending deliveries survive a restart; delivery is at least once (a receiver dedupes on
// the X-Karavan-Delivery id). Webhooks go to loopback hosts only unless
// KARAVAN_WEBHOOK_ALLOW_REMOTE=1: a server that POSTs wherever it is told is an SSRF tool.
import { createHmac, randomBytes } from 'node:crypto';
import { KaravanError } from '../core/issues.ts';
import { dueDeliveries, enqueueDeliveries, insertWatch, listWatches, markDelivery, readLayer, type Db } from '../store/index.ts';
import { alertImpacts } from './alerts.ts';
import { planRoute, type OptionStyle } from './plan-route.ts';

export const WEBHOOK = { maxAttempts: 8, baseDelayS: 30, maxDelayS: 3600, timeoutMs: 5000 };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function checkWebhookUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new KaravanError('CAP_WEBHOOK_URL', { field: 'webhook', value: raw, reason: 'not a URL', reason_ru: 'это не URL' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new KaravanError('CAP_WEBHOOK_URL', { field: 'webhook', value: raw, reason: 'only http and https', reason_ru: 'только http и https' });
  if (!LOOPBACK.test(u.hostname) && process.env.KARAVAN_WEBHOOK_ALLOW_REMOTE !== '1') {
    throw new KaravanError('CAP_WEBHOOK_URL', { field: 'webhook', value: raw, reason: 'only loopback hosts unless KARAVAN_WEBHOOK_ALLOW_REMOTE=1', reason_ru: 'только локальные адреса, если не задано KARAVAN_WEBHOOK_ALLOW_REMOTE=1' });
  }
  return u.toString();
}

export interface WatchRequest {
  route?: { from: string; to: string; modes?: string };
  corridor?: string;
  webhookUrl: string;
  secret?: string;
}

export async function addWatch(db: Db, w: WatchRequest, style: OptionStyle = 'cli') {
  if (Boolean(w.route) === Boolean(w.corridor)) throw new KaravanError('CAP_WATCH_TARGET', { allowed: 'route (from, to) or corridor' });
  const webhookUrl = checkWebhookUrl(w.webhookUrl);
  const secret = w.secret ?? randomBytes(16).toString('hex');
  let kind: 'route' | 'corridor', target: string, links: string[];
  if (w.route) {
    const r = await planRoute(db, { from: w.route.from, to: w.route.to, modes: w.route.modes }, style);
    if (!r.routes.length) throw new KaravanError('CAP_WATCH_ROUTE', { value: w.route.from, to: w.route.to });
    [kind, target, links] = ['route', `${r.from} → ${r.to}`, [...new Set(r.routes[0].legs.flatMap((l) => l.links))].sort()];
  } else {
    const found = await readLayer(db, 'corridors', { ids: [w.corridor!] });
    if (!found.length) throw new KaravanError('NOT_FOUND', { what: 'corridor', what_ru: 'коридор', field: 'corridor', value: w.corridor }, 404);
    [kind, target, links] = ['corridor', w.corridor!, []];
  }
  const id = await insertWatch(db, { kind, target, links, webhookUrl, secret });
  return { id, kind, target, links, webhookUrl, secret };
}

/** Queues a delivery for every (watch, alert) where the alert, active at `at`, touches the watch. */
export async function queueNotifications(db: Db, alertIds: string[], at: string): Promise<number> {
  const watches = await listWatches(db);
  if (watches.length === 0 || alertIds.length === 0) return 0;
  const rows: { watchId: number; alertId: string; payload: unknown }[] = [];
  for (const id of alertIds) {
    const [x] = await alertImpacts(db, { id, at });
    if (!x.alert.active) continue;
    for (const w of watches) {
      const links = w.kind === 'route' ? x.impact.links.filter((l) => w.links.includes(l.id)).map((l) => l.id) : [];
      if (w.kind === 'route' ? links.length === 0 : !x.impact.corridors.includes(w.target)) continue;
      rows.push({
        watchId: w.id, alertId: id,
        payload: {
          watch: { id: w.id, kind: w.kind, target: w.target },
          alert: { id, identifier: x.alert.identifier, sender: x.alert.sender, sent: x.alert.sent, event: x.alert.event, severity: x.alert.severity, certainty: x.alert.certainty, expires: x.alert.expires, effect: x.alert.effect.kind },
          touched: { links, corridor: w.kind === 'corridor' ? w.target : null, affectedKm: x.impact.affectedKm },
        },
      });
    }
  }
  return enqueueDeliveries(db, rows, at);
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function backoffSeconds(attempt: number): number {
  return Math.min(WEBHOOK.maxDelayS, WEBHOOK.baseDelayS * 2 ** Math.max(0, attempt - 1));
}

/** POSTs every delivery due at `at`; returns what happened. Never throws for a receiver's failure. */
export async function deliverDue(db: Db, opts: { at?: string; fetchImpl?: typeof fetch } = {}): Promise<{ delivered: number; retrying: number; failed: number }> {
  const at = opts.at ?? new Date().toISOString();
  const doFetch = opts.fetchImpl ?? fetch;
  const out = { delivered: 0, retrying: 0, failed: 0 };
  for (const d of await dueDeliveries(db, at)) {
    const body = JSON.stringify({ deliveryId: d.id, ...(typeof d.payload === 'string' ? JSON.parse(d.payload) : d.payload) });
    let error: string | null = null;
    try {
      const res = await doFetch(d.webhookUrl, {
        method: 'POST', body, signal: AbortSignal.timeout(WEBHOOK.timeoutMs), redirect: 'manual',
        headers: { 'content-type': 'application/json', 'x-karavan-signature': signature(d.secret, body), 'x-karavan-delivery': String(d.id) },
      });
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
      await res.body?.cancel().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (error === null) {
      await markDelivery(db, d.id, { ok: true, at });
      out.delivered++;
    } else {
      const attempt = d.attempts + 1;
      const failed = attempt >= WEBHOOK.maxAttempts;
      await markDelivery(db, d.id, { ok: false, error, failed, nextAt: new Date(Date.parse(at) + backoffSeconds(attempt) * 1000).toISOString() });
      if (failed) out.failed++;
      else out.retrying++;
    }
  }
  return out;
}
