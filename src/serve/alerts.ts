// HTTP: POST /alerts (CAP XML, an Atom/RSS feed, or GeoJSON hazards in the body), GET /alerts,
// GET /alerts/{id}, GET /alerts/{id}/impact, GET /alerts/impact (every active alert),
// GET /alerts.geojson (areas of active alerts, for the map), GET /alerts/water-level,
// GET /alerts/reroute?from=&to= (the route with and without active alerts' closures).
// Over the same use cases as `karavan alerts`.
import type { FastifyInstance } from 'fastify';
import { alertImpacts, ingestAlertBody, listAlertsUseCase, showAlert } from '../app/alerts.ts';
import { rerouteAroundAlerts } from '../app/alerts-reroute.ts';
import { addWatch, deliverDue } from '../app/alerts-watch.ts';
import { waterLevelReport } from '../app/alerts-water.ts';
import { KaravanError, renderIssue, renderMessage } from '../core/issues.ts';
import { xmlLimits } from '../ingest/cap/index.ts';
import { alertAreasGeoJson, alertsReceivedSince, listDeliveries, listWatches, type Db } from '../store/index.ts';
import { langOf } from './errors.ts';

type Query = Record<string, unknown>;

function atParam(q: Query): string | undefined {
  const v = q.at;
  if (v === undefined || v === '') return undefined;
  const t = Date.parse(String(v));
  if (!Number.isFinite(t)) throw new KaravanError('OPTION_INVALID', { option: 'at', field: 'at', value: v, allowed: 'an ISO 8601 date-time' });
  return new Date(t).toISOString();
}

function intParam(q: Query, key: string, dflt: number, min: number, max: number): number {
  const v = q[key];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new KaravanError('OPTION_INVALID', { option: key, field: key, value: v, allowed: `an integer ${min}..${max}` });
  return n;
}

export const SSE_POLL_MS = 1000;
const SSE_LOOKBACK_MS = 5000;

const BODY_NAME: Record<string, string> = { json: 'body.geojson', 'geo+json': 'body.geojson' };

/** How often the server POSTs due webhook deliveries (KARAVAN_WEBHOOK_INTERVAL_MS; 0 turns it off). */
export function deliveryIntervalMs(): number {
  const v = Number(process.env.KARAVAN_WEBHOOK_INTERVAL_MS ?? 5000);
  return Number.isFinite(v) && v >= 0 ? v : 5000;
}

export function registerAlertRoutes(app: FastifyInstance, db: Db): void {
  const every = deliveryIntervalMs();
  if (every > 0) {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      deliverDue(db).catch((err) => app.log.error({ err }, 'webhook delivery')).finally(() => { busy = false; });
    }, every);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }

  app.post<{ Body: { route?: { from: string; to: string; modes?: string }; corridor?: string; webhookUrl?: string; secret?: string } }>('/alerts/watches', async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b !== 'object' || Array.isArray(b)) throw new KaravanError('BODY_INVALID', { reason: 'expected a JSON object with webhookUrl and route or corridor' });
    if (typeof b.webhookUrl !== 'string') throw new KaravanError('OPTION_REQUIRED', { option: 'webhookUrl', field: 'webhookUrl' });
    // The shape is checked here, at the edge: a malformed route or secret is the client's error, never a 500.
    const route = b.route as Record<string, unknown> | undefined;
    if (route !== undefined && (typeof route !== 'object' || route === null || Array.isArray(route))) throw new KaravanError('OPTION_INVALID', { option: 'route', field: 'route', value: JSON.stringify(route), allowed: 'an object {from, to, modes?}' });
    for (const k of ['from', 'to'] as const) if (route && (typeof route[k] !== 'string' || !route[k])) throw new KaravanError('OPTION_REQUIRED', { option: `route.${k}`, field: `route.${k}` });
    if (route?.modes !== undefined && typeof route.modes !== 'string') throw new KaravanError('OPTION_INVALID', { option: 'route.modes', field: 'route.modes', value: JSON.stringify(route.modes), allowed: 'a comma-separated string of modes' });
    for (const k of ['corridor', 'secret'] as const) if (b[k] !== undefined && typeof b[k] !== 'string') throw new KaravanError('OPTION_INVALID', { option: k, field: k, value: JSON.stringify(b[k]), allowed: 'a string' });
    const w = await addWatch(db, { route: route as { from: string; to: string; modes?: string } | undefined, corridor: b.corridor as string | undefined, webhookUrl: b.webhookUrl, secret: b.secret as string | undefined }, 'http');
    reply.status(201);
    return w;
  });
  // Server-Sent Events for the web app: every alert stored after the stream opened (by this server
  // or by the CLI on the same store), polled from the store, so nothing is lost between processes.
  app.get<{ Querystring: Query }>('/alerts/events', (req, reply) => {
    let since = new Date().toISOString();
    // received_at is when the writing transaction began: look back a little, send each id once
    const sent = new Set<string>();
    const back = (t: string) => new Date(Date.parse(t) - SSE_LOOKBACK_MS).toISOString();
    const ready = alertsReceivedSince(db, back(since), 10000).then((rows) => rows.forEach((r) => sent.add(r.id)), () => undefined);
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'access-control-allow-origin': process.env.KARAVAN_CORS_ORIGIN ?? '*' });
    reply.raw.write(': karavan alerts\n\n');
    let busy = false;
    const poll = async () => {
      if (busy) return;
      busy = true;
      try {
        await ready;
        for (const a of await alertsReceivedSince(db, back(since))) {
          if (sent.has(a.id)) continue;
          sent.add(a.id);
          const x = await showAlert(db, a.id).catch(() => null);
          if (x) reply.raw.write(`event: alert\nid: ${a.id}\ndata: ${JSON.stringify({ id: x.id, identifier: x.identifier, event: x.event, severity: x.severity, certainty: x.certainty, effect: x.effect.kind, active: x.active, expires: x.expires })}\n\n`);
          if (a.receivedAt > since) since = a.receivedAt;
        }
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => { poll().catch(() => undefined); }, SSE_POLL_MS);
    req.raw.on('close', () => clearInterval(timer));
    return reply;
  });
  app.get('/alerts/watches', async () => ({ watches: (await listWatches(db)).map(({ secret: _s, ...w }) => w) }));
  app.get('/alerts/deliveries', async () => ({ deliveries: await listDeliveries(db) }));

  app.register(async (scope) => {
    // the body is read as bytes whatever its type: the CAP reader decides (and refuses) safely
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: xmlLimits().maxBytes }, (_req, body, done) => done(null, body));

    scope.post<{ Querystring: Query }>('/alerts', async (req, reply) => {
      const lang = langOf(req);
      const body = req.body as Buffer | undefined;
      if (!body || body.length === 0) throw new KaravanError('BODY_INVALID', { reason: 'the body is empty: send CAP XML, an Atom/RSS feed or GeoJSON' });
      const sub = /application\/([a-z+]+)/.exec(String(req.headers['content-type'] ?? ''))?.[1] ?? '';
      const r = await ingestAlertBody(db, body, BODY_NAME[sub] ?? 'body.xml', { now: atParam(req.query) });
      const issues = r.issues.map((i) => ({ code: i.code, severity: i.severity, at: i.at, params: i.params, message: renderMessage(i.code, i.params, lang), text: renderIssue(i, lang) }));
      reply.status(r.ok ? 201 : 422);
      return { ok: r.ok, read: r.read, accepted: r.accepted, rejected: r.rejected, written: r.written, alerts: r.alerts, superseded: r.superseded, issues };
    });
  });

  app.get<{ Querystring: Query }>('/alerts', async (req) => {
    const all = req.query.all === 'true' || req.query.all === '1';
    return { alerts: await listAlertsUseCase(db, { all, at: atParam(req.query), limit: intParam(req.query, 'limit', 1000, 1, 10000), offset: intParam(req.query, 'offset', 0, 0, 1e9) }) };
  });

  app.get<{ Querystring: Query }>('/alerts/impact', async (req) => ({ impacts: await alertImpacts(db, { at: atParam(req.query) }) }));

  app.get<{ Querystring: Query }>('/alerts.geojson', async (req, reply) => {
    const list = await listAlertsUseCase(db, { at: atParam(req.query), limit: 10000 });
    const features = [];
    for (const a of list) {
      for (const area of await alertAreasGeoJson(db, a.id)) {
        features.push({ type: 'Feature', geometry: area.geometry, properties: { alertId: a.id, event: a.event, severity: a.severity, certainty: a.certainty, effect: a.effect.kind, areaDesc: area.areaDesc, kind: area.kind, expires: a.expires } });
      }
    }
    reply.type('application/geo+json');
    return { type: 'FeatureCollection', features };
  });

  app.get<{ Querystring: Query }>('/alerts/water-level', async (req) => {
    const year = intParam(req.query, 'year', new Date().getUTCFullYear(), 1800, 2100);
    const v = req.query.threshold;
    const thresholdM = v === undefined || v === '' ? 4.5 : Number(v);
    if (!Number.isFinite(thresholdM) || thresholdM < 0 || thresholdM > 30) throw new KaravanError('OPTION_INVALID', { option: 'threshold', field: 'threshold', value: v, allowed: 'a number 0..30 (metres)' });
    const r = await waterLevelReport(db, { year, thresholdM });
    const lang = langOf(req);
    return { ...r, issues: r.issues.map((i) => ({ code: i.code, severity: i.severity, params: i.params, message: renderMessage(i.code, i.params, lang) })) };
  });

  app.get<{ Querystring: Query }>('/alerts/reroute', async (req) => {
    const q = req.query;
    const s = (k: string) => (q[k] === undefined || q[k] === '' ? undefined : String(q[k]));
    const from = s('from'), to = s('to');
    if (!from) throw new KaravanError('OPTION_REQUIRED', { option: 'from', field: 'from' });
    if (!to) throw new KaravanError('OPTION_REQUIRED', { option: 'to', field: 'to' });
    return rerouteAroundAlerts(db, {
      from, to, modes: s('modes'), profile: s('profile'), weights: s('weights'), avoidCountries: s('avoidCountries'), year: s('year'), maxTransshipments: s('maxTransshipments'),
    }, 'http', langOf(req), atParam(q));
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/alerts/:id', async (req) => {
    const a = await showAlert(db, req.params.id, atParam(req.query));
    return { ...a, areas: await alertAreasGeoJson(db, a.id) };
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/alerts/:id/impact', async (req) => {
    const [x] = await alertImpacts(db, { id: req.params.id, at: atParam(req.query) });
    return x;
  });
}
