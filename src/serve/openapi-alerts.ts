// The API document's part for alerts (src/serve/alerts.ts over src/app/alerts*.ts and the store's
// alert rows): ingest, listings, impact, the map's areas, rerouting, watches and webhook
// deliveries, the event stream. GET /alerts/water-level is described in openapi.ts. In the
// document only, as openapi-route.ts.
import { xmlLimits } from '../ingest/cap/index.ts';
import { CERTAINTIES, MSG_TYPES, SEVERITIES, STATUSES, URGENCIES } from '../ingest/cap/model.ts';
import { MODE_CODES } from '../network/index.ts';
import { arrayOf, bodyRefused, bool, errorAnswer, errors, int, json, geojson, langParam, mapOf, nullable, num, obj, p, q, ref, str, unavailable, type Json } from './openapi-common.ts';

const TAGS = ['Alerts'];
const orNull = (values: readonly string[]) => ({ type: ['string', 'null'], enum: [...values, null] });
const effectKind = { type: 'string', enum: ['closure', 'delay', 'watch', 'none'] };
const isoTime = { ...str, description: 'UTC, YYYY-MM-DDThh:mm:ssZ' };
const summary = {
  id: { ...str, description: 'Karavan\'s id of the alert (a hash of sender and identifier)' }, identifier: str, sender: str, sent: isoTime,
  msgType: { type: 'string', enum: [...MSG_TYPES] }, status: { type: 'string', enum: [...STATUSES] },
  event: nullable('string'), severity: orNull(SEVERITIES), certainty: orNull(CERTAINTIES), urgency: orNull(URGENCIES), headline: nullable('string'),
  onset: { ...nullable('string'), description: 'When the event starts: the earliest onset, else effective, else sent, of its infos' }, expires: nullable('string'),
  supersededBy: { ...nullable('string'), description: 'The alert that updated or cancelled this one' }, cancelled: bool,
  active: { ...bool, description: 'Sent, not expired, not superseded nor cancelled at `at`' },
  upcoming: { ...bool, description: 'Active, but its onset is still ahead: it acts on routes from its onset' },
  geocodeOnly: { ...bool, description: 'Every area is a whole country from geocodes: it acts as a watch at most' },
  responseTypes: arrayOf(str), effect: ref('AlertEffect'),
};
const area = obj({ areaDesc: str, kind: { type: 'string', enum: ['polygon', 'circle'] }, radiusM: nullable('number'), geometry: obj({ type: { const: 'MultiPolygon' }, coordinates: { type: 'array' } }) });
const delta = { hours: num, usd: num, co2Kg: num, risk: num };
const atParam = q('at', 'The moment the answer is for (ISO 8601 date-time; default now)', { type: 'string', format: 'date-time' });
const idParam = p('id', 'The alert\'s id (as GET /alerts lists it)');

export const ALERT_SCHEMAS: Record<string, Json> = {
  AlertEffect: {
    ...obj({ kind: effectKind, timeFactor: { ...nullable('number'), description: 'Travel-time multiplier on touched links; null for a closure (infinite)' }, riskAdd: num }),
    description: 'What the alert does to routes, from its severity and certainty (docs/early-warning.md)',
  },
  AlertSummary: obj({ ...summary, areas: { ...int, minimum: 0, description: 'Number of areas' } }),
  AlertArea: area,
  AlertDetail: obj({
    ...summary, areas: arrayOf(ref('AlertArea')),
    alert: { type: 'object', required: ['identifier', 'sender', 'sent', 'infos'], description: 'The alert as read (CAP 1.2 structure: infos, areas, references …)' },
    history: arrayOf(obj({ at: isoTime, change: { type: 'string', enum: ['received', 'updated', 'cancelled'] }, byAlert: nullable('string') })),
  }),
  Impact: obj({
    links: arrayOf(obj({ id: str, mode: { type: 'string', enum: [...MODE_CODES] }, country: str, lengthKm: num, affectedKm: num })),
    nodes: arrayOf(str), ports: arrayOf(str), crossings: arrayOf(str), corridors: arrayOf(str), projects: arrayOf(str),
    affectedKm: num, kmByMode: mapOf(num), kmByCountry: mapOf(num), kmByModeCountry: arrayOf(obj({ mode: str, country: str, km: num })),
  }),
  AlertImpact: obj({ alert: ref('AlertSummary'), impact: ref('Impact') }),
  AlertIngest: obj({
    ok: { ...bool, description: 'false: nothing was stored (an error in any alert refuses the whole body)' },
    read: int, accepted: int, rejected: int, written: int,
    alerts: arrayOf(obj({ id: str, identifier: str, sender: str, msgType: { type: 'string', enum: [...MSG_TYPES] }, event: nullable('string'), severity: orNull(SEVERITIES), expired: bool })),
    superseded: { ...arrayOf(str), description: 'Stored alerts this body updated or cancelled' },
    issues: arrayOf(obj({ code: str, severity: { type: 'string', enum: ['error', 'warning'] }, at: { type: 'object' }, params: { type: 'object' }, message: str, text: { ...str, description: 'The issue as a compiler would print it: where, what' } })),
  }),
  AlertAreas: obj({
    type: { const: 'FeatureCollection' },
    features: arrayOf(obj({
      type: { const: 'Feature' }, geometry: obj({ type: { const: 'MultiPolygon' }, coordinates: { type: 'array' } }),
      properties: obj({ alertId: str, event: nullable('string'), severity: orNull(SEVERITIES), certainty: orNull(CERTAINTIES), effect: effectKind, areaDesc: str, kind: { type: 'string', enum: ['polygon', 'circle'] }, expires: nullable('string') }),
    })),
  }),
  AlertOverlay: obj({
    closedLinks: arrayOf(str), closedBy: mapOf(arrayOf(str)), dwellFactor: { ...mapOf(num), description: 'Crossing id → multiplier of its border wait, each way' },
    extraDwellHours: { ...mapOf(num), description: 'Always empty (kept for old clients; see crossingExtraHours)' }, delayedBy: mapOf(arrayOf(str)),
    linkTimeFactor: mapOf(num), linkRiskAdd: mapOf(num), touchedBy: mapOf(arrayOf(str)),
    notApplied: { type: 'array', maxItems: 0, description: 'Always empty (kept for old clients)' },
    alerts: mapOf(obj({ event: nullable('string'), severity: orNull(SEVERITIES), certainty: orNull(CERTAINTIES), effect: effectKind })),
    validUntil: { ...nullable('string'), description: 'When an alert next comes into effect or expires; null: none due' }, cached: bool, ms: num,
  }),
  Reroute: obj({
    baseline: { ...ref('RouteResult'), description: 'The routes without alerts' }, withAlerts: ref('RouteResult'),
    changedBy: arrayOf(obj({
      alertId: str, event: nullable('string'), effect: { ...orNull(['closure', 'delay', 'watch', 'none']) },
      links: { ...arrayOf(str), description: 'Baseline links it closes' }, crossings: arrayOf(str), touchedLinks: arrayOf(str),
      delta: { oneOf: [obj(delta), { type: 'null' }], description: 'The route with every alert minus the route without this one; null past the first 12 alerts, without a route, or on a contraction hierarchy' },
    })),
    delta: { oneOf: [obj({ km: num, ...delta }), { type: 'null' }], description: 'With alerts minus without, best route of each; null when either has none' },
    crossingExtraHours: mapOf(num), overlay: ref('AlertOverlay'),
  }),
  Watch: obj({ id: int, kind: { type: 'string', enum: ['route', 'corridor'] }, target: str, links: { ...arrayOf(str), description: 'A route watch: the links of its best route when saved' }, webhookUrl: str }),
  WatchCreated: obj({ id: int, kind: { type: 'string', enum: ['route', 'corridor'] }, target: str, links: arrayOf(str), webhookUrl: str, secret: { ...str, description: 'HMAC-SHA256 key of the X-Karavan-Signature header (generated when not given); shown only here' } }),
  Delivery: obj({
    id: int, watchId: int, alertId: str,
    payload: obj({ watch: { type: 'object' }, alert: { type: 'object' }, touched: { type: 'object' } }),
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] }, attempts: int, nextAttemptAt: isoTime, lastError: nullable('string'), deliveredAt: nullable('string'), webhookUrl: str,
  }),
  AlertEvent: {
    ...obj({ id: str, identifier: str, event: nullable('string'), severity: orNull(SEVERITIES), certainty: orNull(CERTAINTIES), effect: effectKind, active: bool, expires: nullable('string') }),
    description: 'The data of an `event: alert` message of GET /alerts/events',
  },
};

const xml = { type: 'string', description: 'A CAP 1.2 (or 1.1, 1.0) alert, an EDXL-DE envelope of CAP alerts, or an Atom/RSS feed whose entries embed CAP alerts (links are not followed)' };
const hazards = {
  type: 'object', required: ['type', 'features'],
  description: 'GeoJSON hazards: one feature is one alert. Properties id, event, severity, onset (required), expires, certainty, urgency, category, headline, sender, msgType, references; geometry a Polygon or MultiPolygon, or a Point with radiusKm',
  properties: { type: { const: 'FeatureCollection' }, features: arrayOf({ type: 'object', required: ['geometry', 'properties'], properties: { geometry: { type: 'object' }, properties: { type: 'object' } } }) },
};

export function alertPaths(): Record<string, Json> {
  const maxBytes = xmlLimits().maxBytes;
  return {
    '/alerts': {
      get: {
        summary: 'Alerts: the active ones, or the whole history', operationId: 'listAlerts', tags: TAGS,
        parameters: [q('all', 'true or 1: every stored alert, not only the active ones', { type: 'boolean', default: false }), atParam,
          q('limit', 'Page size (1..10000)', { ...int, minimum: 1, maximum: 10000, default: 1000 }), q('offset', 'Alerts to skip', { ...int, minimum: 0, maximum: 1e9, default: 0 }), langParam],
        responses: { 200: json(obj({ alerts: arrayOf(ref('AlertSummary')) }), 'Newest first'), 400: errors[400] },
      },
      post: {
        summary: 'Ingest alerts: CAP XML, a feed, or GeoJSON hazards', operationId: 'postAlerts', tags: TAGS,
        description: `The body is read as bytes whatever its content type (at most ${maxBytes} bytes): one that starts with "{" is GeoJSON hazards, anything else XML. `
          + 'Every alert is checked first; any error refuses the whole body (422, nothing stored). Duplicates, unknown references and expiry are warnings. '
          + 'Watches the new alerts touch get a webhook delivery queued.',
        parameters: [q('at', 'The moment expiry is judged at (ISO 8601 date-time; default now)', { type: 'string', format: 'date-time' }), langParam],
        requestBody: {
          required: true,
          content: { 'application/cap+xml': { schema: xml }, 'application/xml': { schema: xml }, 'application/atom+xml': { schema: xml }, 'application/rss+xml': { schema: xml }, 'application/geo+json': { schema: hazards }, 'application/json': { schema: hazards } },
        },
        responses: {
          201: json(ref('AlertIngest'), 'Stored (ok: true); warnings in issues'), 422: json(ref('AlertIngest'), 'Refused, nothing stored (ok: false); the issues say where and why'),
          400: errorAnswer('An empty body (BODY_INVALID) or a bad `at`'), 413: errorAnswer(`The body is larger than ${maxBytes} bytes (BODY_INVALID)`),
        },
      },
    },
    '/alerts/{id}': {
      get: {
        summary: 'One alert: its summary, the alert as read, its areas as GeoJSON and its history', operationId: 'getAlert', tags: TAGS,
        parameters: [idParam, atParam, langParam], responses: { 200: json(ref('AlertDetail')), 400: errors[400], 404: errorAnswer('No such alert (CAP_ALERT_NOT_FOUND)') },
      },
    },
    '/alerts/{id}/impact': {
      get: {
        summary: 'What one alert\'s areas touch: links (km inside), nodes, ports, crossings, corridors, projects', operationId: 'getAlertImpact', tags: TAGS,
        parameters: [idParam, atParam, langParam], responses: { 200: json(ref('AlertImpact')), 400: errors[400], 404: errorAnswer('No such alert (CAP_ALERT_NOT_FOUND)') },
      },
    },
    '/alerts/impact': {
      get: {
        summary: 'Impact of every active alert', operationId: 'getAlertImpacts', tags: TAGS, parameters: [atParam, langParam],
        responses: { 200: json(obj({ impacts: arrayOf(ref('AlertImpact')) })), 400: errors[400] },
      },
    },
    '/alerts.geojson': {
      get: {
        summary: 'Areas of the active alerts, for the map', operationId: 'getAlertAreas', tags: TAGS, parameters: [atParam, langParam],
        responses: { 200: geojson(ref('AlertAreas')), 400: errors[400] },
      },
    },
    '/alerts/reroute': {
      get: {
        summary: 'The best route without and with the alerts in effect, and which alert changed it by how much', operationId: 'rerouteAroundAlerts', tags: TAGS,
        description: 'Alerts in effect at `at` (onset passed, not expired) close links (closure), slow them and their border crossings (delay) or add risk (watch); the route is planned with and without them.',
        parameters: [q('from', 'Origin (as GET /route)', str, true), q('to', 'Destination (as GET /route)', str, true), q('modes', `Modes allowed, comma-separated: ${MODE_CODES.join(', ')}`, str),
          q('profile', 'Costing profile', { type: 'string', default: 'container' }), q('weights', 'Weighted objective (as GET /route)', str),
          q('avoidCountries', 'ISO 3166-1 alpha-2 codes not to enter, comma-separated', str), q('year', 'The network as of this year (as GET /route)', { type: 'integer', minimum: 1900, maximum: 2100 }),
          q('maxTransshipments', 'At most this many transshipments', { type: 'integer', minimum: 0, maximum: 20 }), atParam, langParam],
        responses: { 200: json(ref('Reroute')), 400: errors[400], 503: unavailable },
      },
    },
    '/alerts/watches': {
      get: { summary: 'Watches (without their secrets)', operationId: 'listWatches', tags: TAGS, responses: { 200: json(obj({ watches: arrayOf(ref('Watch')) })) } },
      post: {
        summary: 'Watch a route or a corridor: active alerts that touch it are POSTed to the webhook', operationId: 'addWatch', tags: TAGS,
        description: 'Deliveries are signed (X-Karavan-Signature: sha256=HMAC of the body with the secret) and retried with back-off. Webhooks go to loopback hosts only unless KARAVAN_WEBHOOK_ALLOW_REMOTE=1.',
        parameters: [langParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object', required: ['webhookUrl'],
                properties: {
                  route: { type: 'object', required: ['from', 'to'], properties: { from: str, to: str, modes: str }, description: 'Watch the links of this route\'s best route (as now)' },
                  corridor: { ...str, description: 'Watch a corridor (its id)' },
                  webhookUrl: { ...str, format: 'uri' }, secret: { ...str, description: 'HMAC key; generated when not given' },
                },
                oneOf: [{ required: ['route'] }, { required: ['corridor'] }],
              },
            },
          },
        },
        responses: {
          201: json(ref('WatchCreated'), 'Saved'),
          400: errorAnswer('No webhookUrl, not exactly one of route and corridor (CAP_WATCH_TARGET), a webhook not allowed (CAP_WEBHOOK_URL), a bad route option, or no route to watch (CAP_WATCH_ROUTE)'),
          404: errorAnswer('No such corridor (NOT_FOUND)'), ...bodyRefused,
        },
      },
    },
    '/alerts/deliveries': {
      get: { summary: 'Webhook deliveries: queued, delivered, failed', operationId: 'listDeliveries', tags: TAGS, responses: { 200: json(obj({ deliveries: arrayOf(ref('Delivery')) })) } },
    },
    '/alerts/events': {
      get: {
        summary: 'Server-Sent Events: every alert stored after the stream opened', operationId: 'alertEvents', tags: TAGS,
        description: 'A comment line first, then for each new alert `event: alert`, `id: <alert id>` and `data:` one AlertEvent as JSON. The stream stays open.',
        responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string', description: 'Each `data:` line is an AlertEvent (components/schemas/AlertEvent)' } } } } },
      },
    },
  };
}
