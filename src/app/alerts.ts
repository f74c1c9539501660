// Alert use cases: ingest (read and check everything, then write once), list, show, impact.
// Stages: ingest/cap reads → duplicates, references and expiry are judged against the store →
// one transaction writes alerts, areas and history and links updates/cancels to their originals →
// risk turns the PostGIS hits of the areas into an impact.
import { makeIssue, hasErrors, KaravanError, type Issue } from '../core/issues.ts';
import { circleRing, expiresOf, leadInfo, onsetOf, parseCapDateTime, readAlertBytes, readAlertFiles, type Alert } from '../ingest/cap/index.ts';
import { cappedAtWatch, effectOf, type AlertEffect } from '../risk/effect.ts';
import { queueNotifications } from './alerts-watch.ts';
import { impactOf, type Impact } from '../risk/exposure.ts';
import {
  alertExposureRows, alertsReferencing, corridorsAndProjects, getAlert, insertAlerts, listAlerts, storedAlertKeys, supersede, activeAlertIds,
  type AlertRow, type AlertSummary, type Db, type Queryable,
} from '../store/index.ts';
import type { IngestCounts } from './import-dataset.ts';

export interface AlertIngestOutcome extends IngestCounts {
  alerts: { id: string; identifier: string; sender: string; msgType: string; event: string | null; severity: string | null; expired: boolean }[];
  /** Earlier alerts that this ingest updated or cancelled. */
  superseded: string[];
  /** Webhook deliveries queued for watches the new alerts touch. */
  queued: number;
}

export interface IngestOptions {
  /** The moment expiry is judged at (ISO); default now. */
  now?: string;
}

function rowOf(a: Alert): AlertRow {
  const lead = leadInfo(a);
  const areas: AlertRow['areas'] = [];
  a.infos.forEach((info, i) => info.areas.forEach((area, j) => {
    if (area.polygons.length) areas.push({ infoIndex: i, areaIndex: j, areaDesc: area.areaDesc, kind: 'polygon', rings: area.polygons, fromGeocode: area.fromGeocodes === true });
    for (const c of area.circles) {
      areas.push({ infoIndex: i, areaIndex: j, areaDesc: area.areaDesc, kind: 'circle', rings: [circleRing(c)], center: [c.lon, c.lat], radiusM: c.radiusKm * 1000 });
    }
  }));
  return {
    id: a.id, identifier: a.identifier, sender: a.sender, sent: a.sent, format: a.format, status: a.status, msgType: a.msgType, scope: a.scope,
    event: lead?.event ?? null, severity: lead?.severity ?? null, certainty: lead?.certainty ?? null, urgency: lead?.urgency ?? null,
    headline: lead?.headline ?? null, language: lead?.language ?? null, onset: a.infos.length ? onsetOf(a) : null, expires: expiresOf(a),
    origin: a.origin, doc: a, areas,
  };
}

async function decide(db: Queryable, read: { alerts: Alert[]; issues: Issue[] }, now: string): Promise<{ fresh: Alert[]; issues: Issue[] }> {
  const issues = [...read.issues];
  // oldest first, so an update in the same batch finds its original already written
  const sorted = [...read.alerts].sort((x, y) => parseCapDateTime(x.sent)! - parseCapDateTime(y.sent)!);
  const stored = await storedAlertKeys(db, [...sorted, ...sorted.flatMap((a) => a.references)].map((a) => ({ sender: a.sender, identifier: a.identifier })));
  const seen = new Set<string>();
  const fresh: Alert[] = [];
  const nowMs = Date.parse(now);
  for (const a of sorted) {
    const key = `${a.sender},${a.identifier}`;
    const at = { file: a.origin, id: a.identifier };
    if (stored.has(key) || seen.has(key)) {
      issues.push(makeIssue('CAP_DUPLICATE', at, { value: a.identifier }));
      continue;
    }
    for (const r of a.references) {
      const rk = `${r.sender},${r.identifier}`;
      if (!stored.has(rk) && !seen.has(rk)) issues.push(makeIssue('CAP_REFERENCE_UNKNOWN', { ...at, element: 'references' }, { value: rk }));
    }
    const exp = expiresOf(a);
    if (exp && parseCapDateTime(exp)! <= nowMs) issues.push(makeIssue('CAP_EXPIRED', { ...at, element: 'expires' }, { value: exp, now }));
    seen.add(key);
    fresh.push(a);
  }
  return { fresh, issues };
}

async function write(db: Db, fresh: Alert[]): Promise<string[]> {
  const changed: string[] = [];
  await db.transaction(async (tx) => {
    await insertAlerts(tx, fresh.map(rowOf));
    for (const a of fresh) {
      if (a.msgType === 'Update' || a.msgType === 'Cancel') changed.push(...(await supersede(tx, a.id, a.references, a.msgType === 'Cancel')));
    }
    // an update or cancel that arrived before its original: the latest one supersedes it
    const latest = new Map<string, { id: string; msgType: string }>();
    for (const r of await alertsReferencing(tx, fresh.map((a) => ({ sender: a.sender, identifier: a.identifier })))) latest.set(`${r.sender},${r.identifier}`, r);
    for (const a of fresh) {
      const last = latest.get(`${a.sender},${a.identifier}`);
      if (last && last.id !== a.id) changed.push(...(await supersede(tx, last.id, [{ sender: a.sender, identifier: a.identifier }], last.msgType === 'Cancel')));
    }
  });
  return [...new Set(changed)];
}

function outcomeOf(read: { files: string[]; read: number; accepted: number; rejected: number }, issues: Issue[], fresh: Alert[], superseded: string[], ok: boolean, now: string): AlertIngestOutcome {
  const nowMs = Date.parse(now);
  return {
    ok, files: read.files, read: read.read, accepted: read.accepted, rejected: read.rejected, written: ok ? fresh.length : 0, issues, superseded, queued: 0,
    alerts: fresh.map((a) => {
      const lead = leadInfo(a);
      const exp = expiresOf(a);
      return { id: a.id, identifier: a.identifier, sender: a.sender, msgType: a.msgType, event: lead?.event ?? null, severity: lead?.severity ?? null, expired: exp !== null && parseCapDateTime(exp)! <= nowMs };
    }),
  };
}

/** Files and folders → the store. Any error anywhere means nothing is written. */
export async function ingestAlerts(db: Db, paths: readonly string[], opts: IngestOptions = {}): Promise<AlertIngestOutcome> {
  const now = opts.now ?? new Date().toISOString();
  const read = readAlertFiles(paths);
  return finish(db, read, now);
}

/** One request body (CAP XML, a feed, or GeoJSON) → the store. */
export async function ingestAlertBody(db: Db, body: Uint8Array, name: string, opts: IngestOptions = {}): Promise<AlertIngestOutcome> {
  const now = opts.now ?? new Date().toISOString();
  const r = readAlertBytes(body, name, undefined, { followLinks: false });
  return finish(db, { ...r, files: [name], accepted: r.alerts.length, rejected: r.read - r.alerts.length }, now);
}

async function finish(db: Db, read: { files: string[]; read: number; accepted: number; rejected: number; alerts: Alert[]; issues: Issue[] }, now: string): Promise<AlertIngestOutcome> {
  if (hasErrors(read.issues)) return outcomeOf(read, read.issues, read.alerts, [], false, now);
  const { fresh, issues } = await decide(db, read, now);
  const superseded = await write(db, fresh);
  const queued = await queueNotifications(db, fresh.map((a) => a.id), now);
  return { ...outcomeOf(read, issues, fresh, superseded, true, now), queued };
}

export interface AlertListItem extends AlertSummary {
  effect: AlertEffect;
}

/** The effect an alert has on routing: an alert mapped only through geocodes (a whole country) is a watch at most. */
function withEffect(s: AlertSummary): AlertListItem {
  // the server driver returns jsonb parsed, PGlite too; a string would be a driver change
  const responseTypes = typeof s.responseTypes === 'string' ? (JSON.parse(s.responseTypes) as string[]) : s.responseTypes;
  const effect = effectOf({ ...s, responseTypes });
  return { ...s, responseTypes, effect: s.geocodeOnly ? cappedAtWatch(effect) : effect };
}

export async function listAlertsUseCase(db: Db, opts: { all?: boolean; at?: string; limit?: number; offset?: number } = {}): Promise<AlertListItem[]> {
  return (await listAlerts(db, opts)).map((s) => withEffect(s));
}

export async function showAlert(db: Db, id: string, at?: string) {
  const r = await getAlert(db, id, at);
  if (!r) throw new KaravanError('CAP_ALERT_NOT_FOUND', { field: 'id', value: id }, 404);
  return { ...withEffect(r.summary), alert: r.doc as Alert, history: r.history };
}

export interface AlertImpact {
  alert: AlertListItem;
  impact: Impact;
}

/** Impacts of the given alerts, or of every active one; computed in one pass of spatial joins. */
export async function alertImpacts(db: Db, opts: { id?: string; at?: string } = {}): Promise<AlertImpact[]> {
  const at = opts.at ?? new Date().toISOString();
  let items: AlertListItem[];
  if (opts.id) items = [await showAlert(db, opts.id, at)].map(({ alert: _a, history: _h, ...s }) => s);
  else {
    const ids = new Set(await activeAlertIds(db, at));
    items = (await listAlertsUseCase(db, { at, limit: 10000 })).filter((s) => ids.has(s.id));
  }
  const hits = await alertExposureRows(db, items.map((s) => s.id));
  const { corridors, projects } = await corridorsAndProjects(db);
  return items.map((alert) => {
    const only = <T extends { alertId: string }>(rows: T[]) => rows.filter((r) => r.alertId === alert.id);
    return { alert, impact: impactOf({ links: only(hits.links), nodes: only(hits.nodes), ports: only(hits.ports), crossings: only(hits.crossings) }, corridors, projects) };
  });
}
