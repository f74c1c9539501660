// Alerts, their areas and history; the spatial joins of alert areas with the network (PostGIS).
// An alert is active at time T when it is an Actual Alert/Update sent by T, not superseded or
// cancelled, and its expiry (if any) is after T: decided in SQL at query time, so nothing has to expire it.
// It is in effect (acts on routing) from its onset, not its sending: an alert sent today for next
// week is listed as active (upcoming) today, and slows routes next week.
import type { LonLat } from '../core/model.ts';
import type { Queryable } from './db.ts';

export interface AlertAreaRow {
  infoIndex: number;
  areaIndex: number;
  areaDesc: string;
  kind: 'polygon' | 'circle';
  /** Closed lon/lat rings; may pass ±180 (split here with ST_WrapX). */
  rings: LonLat[][];
  center?: LonLat;
  radiusM?: number;
  /** Resolved from a geocode (a whole country), not drawn by the publisher: capped at a watch when routing. */
  fromGeocode?: boolean;
}

export interface AlertRow {
  id: string;
  identifier: string;
  sender: string;
  sent: string;
  format: string;
  status: string;
  msgType: string;
  scope: string;
  event: string | null;
  severity: string | null;
  certainty: string | null;
  urgency: string | null;
  headline: string | null;
  language: string | null;
  /** When the event starts (the earliest onset, else effective, else sent, of its infos); may be after sent. */
  onset: string | null;
  expires: string | null;
  origin: string;
  doc: unknown;
  areas: AlertAreaRow[];
}

export interface AlertSummary {
  id: string;
  identifier: string;
  sender: string;
  sent: string;
  msgType: string;
  status: string;
  event: string | null;
  severity: string | null;
  certainty: string | null;
  urgency: string | null;
  headline: string | null;
  onset: string | null;
  expires: string | null;
  supersededBy: string | null;
  cancelled: boolean;
  active: boolean;
  /** Active, but its onset is still to come: listed, not yet acting on routes. */
  upcoming: boolean;
  areas: number;
  /** Every area of it was resolved from geocodes (country codes): it acts as a watch at most. */
  geocodeOnly: boolean;
  /** Every responseType of its infos (AllClear changes what an alert does). */
  responseTypes: string[];
}

const CANDIDATE = `(a.status = 'Actual' AND a.msg_type IN ('Alert','Update') AND a.superseded_by IS NULL AND NOT a.cancelled)`;
const ACTIVE = `(${CANDIDATE} AND a.sent <= $1::timestamptz AND (a.expires IS NULL OR a.expires > $1::timestamptz))`;
/** When an alert starts acting on routes: its onset, but never before it was sent. */
const START = `GREATEST(a.sent, COALESCE(a.onset, a.sent))`;
const IN_EFFECT = `(${CANDIDATE} AND ${START} <= $1::timestamptz AND (a.expires IS NULL OR a.expires > $1::timestamptz))`;

/** Ids already stored for (sender, identifier) pairs, keyed "sender,identifier". */
export async function storedAlertKeys(db: Queryable, keys: { sender: string; identifier: string }[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.query<{ id: string; sender: string; identifier: string }>(
    `SELECT a.id, a.sender, a.identifier FROM alerts a JOIN jsonb_to_recordset($1::jsonb) AS k(sender text, identifier text) ON a.sender = k.sender AND a.identifier = k.identifier`,
    [JSON.stringify(keys)],
  );
  return new Map(rows.map((r) => [`${r.sender},${r.identifier}`, r.id]));
}

const AREA_GEOM = `ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_WrapX(ST_WrapX(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326)), 180, -360), -180, 360)), 3))`;

/** Writes alerts and their areas (call inside a transaction), then links updates and cancels to what they reference. */
export async function insertAlerts(tx: Queryable, rows: AlertRow[]): Promise<void> {
  if (rows.length === 0) return;
  const alertRows = rows.map((r) => ({
    id: r.id, identifier: r.identifier, sender: r.sender, sent: r.sent, format: r.format, status: r.status, msg_type: r.msgType, scope: r.scope,
    event: r.event, severity: r.severity, certainty: r.certainty, urgency: r.urgency, headline: r.headline, language: r.language,
    onset: r.onset, expires: r.expires, origin: r.origin, doc: r.doc,
  }));
  await tx.query(
    `INSERT INTO alerts (id, identifier, sender, sent, format, status, msg_type, scope, event, severity, certainty, urgency, headline, language, onset, expires, origin, doc)
     SELECT id, identifier, sender, sent, format, status, msg_type, scope, event, severity, certainty, urgency, headline, language, onset, expires, origin, doc
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, identifier text, sender text, sent timestamptz, format text, status text, msg_type text, scope text, event text,
       severity text, certainty text, urgency text, headline text, language text, onset timestamptz, expires timestamptz, origin text, doc jsonb)`,
    [JSON.stringify(alertRows)],
  );
  const areaRows = rows.flatMap((r) => r.areas.map((a) => ({
    alert_id: r.id, info_index: a.infoIndex, area_index: a.areaIndex, area_desc: a.areaDesc, kind: a.kind, from_geocode: a.fromGeocode === true,
    center: a.center ? JSON.stringify({ type: 'Point', coordinates: a.center }) : null, radius_m: a.radiusM ?? null,
    geom: JSON.stringify({ type: 'MultiPolygon', coordinates: a.rings.map((ring) => [ring]) }),
  })));
  for (let i = 0; i < areaRows.length; i += 500) {
    await tx.query(
      `INSERT INTO alert_areas (alert_id, info_index, area_index, area_desc, kind, from_geocode, center, radius_m, geom)
       SELECT alert_id, info_index, area_index, area_desc, kind, from_geocode, ST_SetSRID(ST_GeomFromGeoJSON(center), 4326), radius_m, ${AREA_GEOM}
       FROM jsonb_to_recordset($1::jsonb) AS r(alert_id text, info_index integer, area_index integer, area_desc text, kind text, from_geocode boolean, center text, radius_m double precision, geom text)`,
      [JSON.stringify(areaRows.slice(i, i + 500))],
    );
  }
  await tx.query(`INSERT INTO alert_history (alert_id, change) SELECT id, 'received' FROM jsonb_to_recordset($1::jsonb) AS r(id text)`, [JSON.stringify(rows.map((r) => ({ id: r.id })))]);
}

/**
 * Marks the alerts that `byId` references (CAP <references>) as updated or cancelled by it, and
 * records the change. Returns the ids it changed.
 */
export async function supersede(tx: Queryable, byId: string, refs: { sender: string; identifier: string }[], cancel: boolean): Promise<string[]> {
  if (refs.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    `UPDATE alerts a SET superseded_by = $2, cancelled = (a.cancelled OR $3)
     FROM jsonb_to_recordset($1::jsonb) AS k(sender text, identifier text)
     WHERE a.sender = k.sender AND a.identifier = k.identifier AND a.id <> $2 RETURNING a.id`,
    [JSON.stringify(refs), byId, cancel],
  );
  if (rows.length) {
    await tx.query(`INSERT INTO alert_history (alert_id, change, by_alert) SELECT unnest($1::text[]), $2, $3`, [rows.map((r) => r.id), cancel ? 'cancelled' : 'updated', byId]);
  }
  return rows.map((r) => r.id);
}

/**
 * Stored Updates and Cancels whose <references> name one of the given (sender, identifier) pairs,
 * oldest first: updates that arrived before their original.
 */
export async function alertsReferencing(db: Queryable, keys: { sender: string; identifier: string }[]): Promise<{ id: string; msgType: string; sender: string; identifier: string }[]> {
  if (keys.length === 0) return [];
  return db.query<{ id: string; msgType: string; sender: string; identifier: string }>(
    `SELECT a.id, a.msg_type AS "msgType", r->>'sender' AS sender, r->>'identifier' AS identifier
     FROM alerts a CROSS JOIN LATERAL jsonb_array_elements(a.doc->'references') AS r
     JOIN jsonb_to_recordset($1::jsonb) AS k(sender text, identifier text) ON k.sender = r->>'sender' AND k.identifier = r->>'identifier'
     WHERE a.msg_type IN ('Update','Cancel') ORDER BY a.sent, a.id`,
    [JSON.stringify(keys)],
  );
}

function summarySql(where: string): string {
  return `SELECT a.id, a.identifier, a.sender, to_char(a.sent AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS sent, a.msg_type AS "msgType", a.status, a.event,
      a.severity, a.certainty, a.urgency, a.headline,
      to_char(a.onset AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS onset, to_char(a.expires AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires,
      a.superseded_by AS "supersededBy", a.cancelled, ${ACTIVE} AS active, (${ACTIVE} AND ${START} > $1::timestamptz) AS upcoming,
      (SELECT count(*)::int FROM alert_areas x WHERE x.alert_id = a.id) AS areas,
      COALESCE((SELECT bool_and(x.from_geocode) FROM alert_areas x WHERE x.alert_id = a.id), false) AS "geocodeOnly",
      COALESCE((SELECT jsonb_agg(DISTINCT rt) FROM jsonb_array_elements(a.doc->'infos') i, jsonb_array_elements_text(i->'responseTypes') rt), '[]'::jsonb) AS "responseTypes"
    FROM alerts a ${where}`;
}

export interface AlertListFilter {
  /** The moment "active" is judged at (ISO); default now. */
  at?: string;
  /** Only active alerts (default), or the whole history. */
  all?: boolean;
  /** Only alerts in effect at `at` (onset passed, not expired): what routing uses. */
  inEffect?: boolean;
  limit?: number;
  offset?: number;
}

export async function listAlerts(db: Queryable, f: AlertListFilter = {}): Promise<AlertSummary[]> {
  const at = f.at ?? new Date().toISOString();
  const limit = Math.max(1, Math.min(10000, Math.floor(f.limit ?? 1000)));
  const offset = Math.max(0, Math.floor(f.offset ?? 0));
  return db.query<AlertSummary>(`${summarySql(f.all ? '' : `WHERE ${f.inEffect ? IN_EFFECT : ACTIVE}`)} ORDER BY a.sent DESC, a.id LIMIT ${limit} OFFSET ${offset}`, [at]);
}

export async function countAlerts(db: Queryable, at: string = new Date().toISOString()): Promise<{ total: number; active: number }> {
  const r = await db.query<{ total: number; active: number }>(`SELECT count(*)::int AS total, (count(*) FILTER (WHERE ${ACTIVE}))::int AS active FROM alerts a`, [at]);
  return r[0];
}

export async function getAlert(db: Queryable, id: string, at: string = new Date().toISOString()): Promise<{ summary: AlertSummary; doc: unknown; history: { at: string; change: string; byAlert: string | null }[] } | null> {
  const rows = await db.query<AlertSummary & { doc: unknown }>(`${summarySql('WHERE a.id = $2').replace('FROM alerts a', ', a.doc FROM alerts a')}`, [at, id]);
  if (rows.length === 0) return null;
  const { doc, ...summary } = rows[0];
  const history = await db.query<{ at: string; change: string; byAlert: string | null }>(
    `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, change, by_alert AS "byAlert" FROM alert_history WHERE alert_id = $1 ORDER BY id`, [id]);
  return { summary, doc: typeof doc === 'string' ? JSON.parse(doc) : doc, history };
}

export async function activeAlertIds(db: Queryable, at: string = new Date().toISOString()): Promise<string[]> {
  return (await db.query<{ id: string }>(`SELECT a.id FROM alerts a WHERE ${ACTIVE} ORDER BY a.id`, [at])).map((r) => r.id);
}

/**
 * A mark that changes whenever the set of alerts, their supersessions or the network they are
 * joined with changes: insertAlerts and supersede add alert_history rows in the same transaction
 * (none is ever deleted), and every network write (importDataset, the bundled seed) records an
 * import in its own. Index lookups only, in one round trip, as every request that finds the
 * overlay cached pays for it (counting the layers as well tripled it). Time is not in it: see activeWindow.
 */
export async function alertChangeMark(db: Queryable): Promise<string> {
  const r = await db.query<{ m: string }>(
    `SELECT concat_ws(':', (SELECT coalesce(max(id), 0) FROM alert_history), (SELECT coalesce(max(id), 0) FROM imports),
       (SELECT value FROM meta WHERE key = 'bundled_version')) AS m`);
  return r[0].m;
}

/**
 * The interval [fromMs, untilMs) around `at` in which the set of alerts in effect stays the same:
 * between the latest start/expires moment at or before `at` and the first one after it (null: none).
 * An alert comes into effect at its onset (not before it was sent) and out of it at its expiry, and
 * nothing else moves in time.
 */
export async function activeWindow(db: Queryable, at: string): Promise<{ fromMs: number | null; untilMs: number | null }> {
  const r = await db.query<{ lo: number | null; hi: number | null }>(
    `WITH t AS (SELECT ${START} AS t FROM alerts a WHERE ${CANDIDATE} UNION ALL SELECT a.expires FROM alerts a WHERE ${CANDIDATE} AND a.expires IS NOT NULL)
     SELECT (extract(epoch FROM max(t) FILTER (WHERE t <= $1::timestamptz)) * 1000)::float8 AS lo,
            (extract(epoch FROM min(t) FILTER (WHERE t > $1::timestamptz)) * 1000)::float8 AS hi FROM t`, [at]);
  return { fromMs: r[0]?.lo ?? null, untilMs: r[0]?.hi ?? null };
}

/** The areas of an alert as GeoJSON (antimeridian-split geometry as stored). */
export async function alertAreasGeoJson(db: Queryable, id: string): Promise<{ areaDesc: string; kind: string; radiusM: number | null; geometry: unknown }[]> {
  const rows = await db.query<{ areaDesc: string; kind: string; radiusM: number | null; geometry: string }>(
    `SELECT area_desc AS "areaDesc", kind, radius_m AS "radiusM", ST_AsGeoJSON(geom, 6) AS geometry FROM alert_areas WHERE alert_id = $1 ORDER BY id`, [id]);
  return rows.map((r) => ({ ...r, geometry: JSON.parse(r.geometry) }));
}

/** `fromGeocode`: the row is for the alert's geocode-resolved areas (always false unless split by source). */
export interface ExposureRows {
  links: { alertId: string; id: string; mode: string; country: string; lengthKm: number; fraction: number; from: string; to: string; fromGeocode: boolean }[];
  nodes: { alertId: string; id: string; kind: string; country: string; fromGeocode: boolean }[];
  ports: { alertId: string; id: string; country: string; sea: string; fromGeocode: boolean }[];
  crossings: { alertId: string; id: string; countryA: string; countryB: string; fromGeocode: boolean }[];
}

// A feature is touched by a polygon area when it intersects it, by a circle when its geodesic
// distance to the centre is within the radius; the index (&&) prefilters on the stored polygon,
// which for a circle is circumscribed, so the prefilter never drops a true hit.
const TOUCH = (g: string) => `(x.radius_m IS NULL AND ST_Intersects(x.geom, ${g})) OR (x.radius_m IS NOT NULL AND ST_DWithin(${g}::geography, x.center::geography, x.radius_m))`;

/**
 * What the areas of the given alerts touch: links (with the fraction of each link's geometry
 * inside the union of the alert's areas), nodes, ports and border crossings. `bySource`: one row
 * per (alert, feature, drawn or geocode-resolved areas), the fraction over that group's union,
 * for routing, which caps geocode areas at a watch; without it, one row per (alert, feature), for
 * exposure, which counts every area alike.
 */
export async function alertExposureRows(db: Queryable, alertIds: string[], opts: { bySource?: boolean } = {}): Promise<ExposureRows> {
  if (alertIds.length === 0) return { links: [], nodes: [], ports: [], crossings: [] };
  const ids = [alertIds];
  const src = opts.bySource ? 'from_geocode' : 'false';
  const areas = `WITH x AS (SELECT alert_id, ${src} AS g, geom, center, radius_m FROM alert_areas WHERE alert_id = ANY($1::text[]))`;
  const links = await db.query<ExposureRows['links'][number]>(
    `${areas},
     hit AS (SELECT DISTINCT x.alert_id, x.g, l.id FROM x JOIN links l ON l.geom && x.geom WHERE ${TOUCH('l.geom')}),
     u AS (SELECT alert_id, g, ST_Union(geom) AS geom FROM x WHERE alert_id IN (SELECT alert_id FROM hit) GROUP BY alert_id, g)
     SELECT h.alert_id AS "alertId", l.id, l.mode, l.country, l.length_km AS "lengthKm", l.from_node AS "from", l.to_node AS "to", h.g AS "fromGeocode",
       LEAST(1, COALESCE(ST_Length(ST_Intersection(l.geom, u.geom)::geography) / NULLIF(ST_Length(l.geom::geography), 0), 0)) AS fraction
     FROM hit h JOIN links l ON l.id = h.id JOIN u ON u.alert_id = h.alert_id AND u.g = h.g ORDER BY h.alert_id, l.id, h.g`, ids);
  const nodes = await db.query<ExposureRows['nodes'][number]>(
    `${areas} SELECT DISTINCT x.alert_id AS "alertId", n.id, n.kind, n.country, x.g AS "fromGeocode" FROM x JOIN nodes n ON n.geom && x.geom WHERE ${TOUCH('n.geom')} ORDER BY 1, 2, 5`, ids);
  const ports = await db.query<ExposureRows['ports'][number]>(
    `${areas} SELECT DISTINCT x.alert_id AS "alertId", p.id, p.country, p.sea, x.g AS "fromGeocode" FROM x JOIN ports p ON p.geom && x.geom WHERE ${TOUCH('p.geom')} ORDER BY 1, 2, 5`, ids);
  const crossings = await db.query<ExposureRows['crossings'][number]>(
    `${areas} SELECT DISTINCT x.alert_id AS "alertId", c.id, c.country_a AS "countryA", c.country_b AS "countryB", x.g AS "fromGeocode" FROM x JOIN crossings c ON c.geom && x.geom WHERE ${TOUCH('c.geom')} ORDER BY 1, 2, 5`, ids);
  return { links, nodes, ports, crossings };
}

/** Corridors and projects, for the app to find which of them the touched features belong to. */
export async function corridorsAndProjects(db: Queryable): Promise<{ corridors: { id: string; nodes: string[] }[]; projects: { id: string; changes: Record<string, unknown>[] }[] }> {
  const corridors = await db.query<{ id: string; nodes: string[] }>(`SELECT id, nodes FROM corridors ORDER BY id`);
  const projects = await db.query<{ id: string; changes: Record<string, unknown>[] }>(`SELECT id, changes FROM projects ORDER BY id`);
  const j = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return { corridors: corridors.map((c) => ({ id: c.id, nodes: j(c.nodes) })), projects: projects.map((p) => ({ id: p.id, changes: j(p.changes) })) };
}

export interface WatchRow {
  id: number;
  kind: 'route' | 'corridor';
  target: string;
  links: string[];
  webhookUrl: string;
  secret: string;
}

export async function insertWatch(db: Queryable, w: Omit<WatchRow, 'id'>): Promise<number> {
  const r = await db.query<{ id: number }>(`INSERT INTO alert_watches (kind, target, links, webhook_url, secret) VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id`, [w.kind, w.target, JSON.stringify(w.links), w.webhookUrl, w.secret]);
  return r[0].id;
}

export async function listWatches(db: Queryable): Promise<WatchRow[]> {
  const rows = await db.query<WatchRow & { links: string[] | string }>(`SELECT id, kind, target, links, webhook_url AS "webhookUrl", secret FROM alert_watches ORDER BY id`);
  return rows.map((r) => ({ ...r, links: typeof r.links === 'string' ? (JSON.parse(r.links) as string[]) : r.links }));
}

/** Queues one delivery per (watch, alert); a pair already queued is left as it is. Returns how many were new. */
export async function enqueueDeliveries(db: Queryable, rows: { watchId: number; alertId: string; payload: unknown }[], at: string): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db.query<{ id: number }>(
    `INSERT INTO alert_deliveries (watch_id, alert_id, payload, next_attempt_at) SELECT watch_id, alert_id, payload, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS r(watch_id integer, alert_id text, payload jsonb)
     ON CONFLICT (watch_id, alert_id) DO NOTHING RETURNING id`,
    [JSON.stringify(rows.map((x) => ({ watch_id: x.watchId, alert_id: x.alertId, payload: x.payload }))), at],
  );
  return r.length;
}

export interface DeliveryRow {
  id: number;
  watchId: number;
  alertId: string;
  payload: unknown;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  deliveredAt: string | null;
  webhookUrl: string;
  secret: string;
}

const DELIVERY_SELECT = `SELECT d.id, d.watch_id AS "watchId", d.alert_id AS "alertId", d.payload, d.status, d.attempts,
  to_char(d.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "nextAttemptAt", d.last_error AS "lastError",
  to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "deliveredAt", w.webhook_url AS "webhookUrl", w.secret
  FROM alert_deliveries d JOIN alert_watches w ON w.id = d.watch_id`;

export async function dueDeliveries(db: Queryable, at: string, limit = 100): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(`${DELIVERY_SELECT} WHERE d.status = 'pending' AND d.next_attempt_at <= $1::timestamptz ORDER BY d.id LIMIT ${Math.max(1, Math.floor(limit))}`, [at]);
}

export async function listDeliveries(db: Queryable): Promise<Omit<DeliveryRow, 'secret'>[]> {
  return (await db.query<DeliveryRow>(`${DELIVERY_SELECT} ORDER BY d.id`)).map(({ secret: _s, ...d }) => d);
}

export async function markDelivery(db: Queryable, id: number, outcome: { ok: true; at: string } | { ok: false; error: string; nextAt: string; failed: boolean }): Promise<void> {
  if (outcome.ok) await db.query(`UPDATE alert_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $2::timestamptz, last_error = NULL WHERE id = $1`, [id, outcome.at]);
  else await db.query(`UPDATE alert_deliveries SET status = $2, attempts = attempts + 1, next_attempt_at = $3::timestamptz, last_error = $4 WHERE id = $1`, [id, outcome.failed ? 'failed' : 'pending', outcome.nextAt, outcome.error.slice(0, 500)]);
}

/** Alerts stored after a moment (by arrival), oldest first: what an event stream has not sent yet. */
export async function alertsReceivedSince(db: Queryable, since: string, limit = 100): Promise<{ id: string; receivedAt: string }[]> {
  return db.query<{ id: string; receivedAt: string }>(
    `SELECT id, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "receivedAt" FROM alerts WHERE received_at > $1::timestamptz ORDER BY received_at, id LIMIT ${Math.max(1, Math.floor(limit))}`,
    [since],
  );
}
