// GeoJSON hazard features → alerts. One feature is one alert with one info block and one area:
// properties id, event, severity, onset (required), expires, certainty, urgency, category,
// headline, sender, msgType, references (CAP "sender,identifier,sent" strings); geometry a
// Polygon or MultiPolygon (outer rings; CAP areas have no holes either) or a Point with radiusKm.
import { makeIssue, type Issue } from '../../core/issues.ts';
import type { LonLat } from '../../core/model.ts';
import { unwrapRing } from './geometry.ts';
import { alertId, CATEGORIES, CERTAINTIES, MSG_TYPES, SEVERITIES, URGENCIES, type Alert, type CapArea, type CapRef } from './model.ts';
import { parseCapDateTime } from './parse.ts';
import type { ItemsResult } from './feed.ts';

type Json = Record<string, unknown>;

function ringOf(raw: unknown, at: { file: string; feature: number; field: string }, issues: Issue[]): LonLat[] | null {
  if (!Array.isArray(raw)) {
    issues.push(makeIssue('CAP_HAZARD_GEOMETRY', at, { value: JSON.stringify(raw)?.slice(0, 40) }));
    return null;
  }
  const ring: LonLat[] = [];
  for (const p of raw) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      issues.push(makeIssue('CAP_POLYGON_SYNTAX', at, { value: JSON.stringify(p)?.slice(0, 40) }));
      return null;
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
      issues.push(makeIssue('CAP_COORD_RANGE', at, { value: `${p[1]},${p[0]}` }));
      return null;
    }
    ring.push([p[0], p[1]]);
  }
  if (ring.length < 4) {
    issues.push(makeIssue('CAP_POLYGON_POINTS', at, { count: ring.length }));
    return null;
  }
  const a = ring[0], b = ring[ring.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) {
    issues.push(makeIssue('CAP_POLYGON_OPEN', at, { value: `${a[1]},${a[0]}`, last: `${b[1]},${b[0]}` }));
    return null;
  }
  const u = unwrapRing(ring);
  if (u.crossed) issues.push(makeIssue('CAP_ANTIMERIDIAN', at));
  return u.ring;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

function featureToAlert(f: Json, i: number, file: string, issues: Issue[]): Alert | null {
  const before = issues.length;
  const props = (f.properties ?? {}) as Json;
  const at = (field: string) => ({ file, feature: i, field });
  const need = (k: string): string | undefined => {
    const v = str(props[k]) ?? (k === 'id' ? str(f.id) : undefined);
    if (v === undefined) issues.push(makeIssue('CAP_HAZARD_PROPERTY', { ...at(k), id: str(props.id) ?? str(f.id) }, { value: k }));
    return v;
  };
  const enumOf = (k: string, allowed: readonly string[], dflt?: string): string | undefined => {
    const v = str(props[k]) ?? dflt;
    if (v === undefined) return need(k);
    if (!allowed.includes(v)) {
      issues.push(makeIssue('CAP_ENUM', at(k), { value: v, allowed: allowed.join(', ') }));
      return undefined;
    }
    return v;
  };
  const date = (k: string, required: boolean): string | null => {
    const v = required ? need(k) : str(props[k]);
    if (v === undefined) return null;
    if (parseCapDateTime(v) === null) {
      issues.push(makeIssue('CAP_DATETIME', at(k), { value: v }));
      return null;
    }
    return v;
  };
  const id = need('id');
  const event = need('event');
  const severity = enumOf('severity', SEVERITIES);
  const certainty = enumOf('certainty', CERTAINTIES, 'Unknown');
  const urgency = enumOf('urgency', URGENCIES, 'Unknown');
  const category = enumOf('category', CATEGORIES, 'Other');
  const msgType = enumOf('msgType', MSG_TYPES, 'Alert');
  const onset = date('onset', true);
  const expires = date('expires', false);
  const sent = date('sent', false) ?? onset;
  if (onset && expires && parseCapDateTime(expires)! < parseCapDateTime(onset)!) {
    issues.push(makeIssue('CAP_DATE_ORDER', at('expires'), { value: expires, otherField: 'onset', other: onset }));
  }
  const references: CapRef[] = [];
  for (const r of Array.isArray(props.references) ? props.references : []) {
    const parts = String(r).split(',');
    if (parts.length !== 3 || parseCapDateTime(parts[2]) === null) issues.push(makeIssue('CAP_REFERENCES', at('references'), { value: String(r) }));
    else references.push({ sender: parts[0], identifier: parts[1], sent: parts[2] });
  }
  const area: CapArea = { areaDesc: str(props.areaDesc) ?? str(props.headline) ?? event ?? '', polygons: [], circles: [], geocodes: [] };
  const g = f.geometry as Json | null | undefined;
  const gtype = g && typeof g === 'object' ? String(g.type) : String(g);
  if (gtype === 'Polygon') {
    const r = ringOf((g!.coordinates as unknown[])?.[0], at('geometry'), issues);
    if (r) area.polygons.push(r);
  } else if (gtype === 'MultiPolygon' && Array.isArray(g!.coordinates)) {
    for (const poly of g!.coordinates as unknown[][]) {
      const r = ringOf(poly?.[0], at('geometry'), issues);
      if (r) area.polygons.push(r);
    }
  } else if (gtype === 'Point') {
    const c = g!.coordinates as number[];
    const radiusKm = Number(props.radiusKm);
    if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) issues.push(makeIssue('CAP_CIRCLE_SYNTAX', at('geometry'), { value: JSON.stringify(c) }));
    else if (c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90) issues.push(makeIssue('CAP_COORD_RANGE', at('geometry'), { value: `${c[1]},${c[0]}` }));
    else if (!Number.isFinite(radiusKm) || radiusKm <= 0) issues.push(makeIssue('CAP_CIRCLE_RADIUS', at('radiusKm'), { value: props.radiusKm ?? null }));
    else area.circles.push({ lon: c[0], lat: c[1], radiusKm });
  } else issues.push(makeIssue('CAP_HAZARD_GEOMETRY', at('geometry'), { value: gtype }));
  if (issues.slice(before).some((x) => x.severity === 'error') || !id || !event || !severity || !certainty || !urgency || !msgType || !sent) return null;
  const sender = str(props.sender) ?? 'geojson';
  return {
    id: alertId(sender, id), format: 'geojson', identifier: id, sender, sent, status: 'Actual', msgType, scope: 'Public', source: null, note: null, references,
    infos: [{
      language: str(props.language) ?? 'en', categories: [category!], event, responseTypes: [], urgency: urgency as never, severity: severity as never, certainty: certainty as never,
      effective: null, onset, expires, senderName: null, headline: str(props.headline) ?? null, description: str(props.description) ?? null, instruction: null, web: null,
      eventCodes: [], areas: [area],
    }],
    origin: `${file}#${i}`,
  };
}

export function readHazardGeoJson(text: string, file: string): ItemsResult {
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    return { read: 1, alerts: [], issues: [makeIssue('JSON_INVALID', { file }, { reason: (e as Error).message })] };
  }
  const features = doc?.type === 'FeatureCollection' && Array.isArray(doc.features) ? (doc.features as Json[]) : doc?.type === 'Feature' ? [doc] : null;
  if (!features) return { read: 1, alerts: [], issues: [makeIssue('JSON_ROOT_TYPE', { file }, { value: String(doc?.type ?? typeof doc) })] };
  const out: ItemsResult = { read: features.length, alerts: [], issues: [] };
  features.forEach((f, i) => {
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      out.issues.push(makeIssue('FEATURE_NOT_OBJECT', { file, feature: i }, { value: String((f as Json | null)?.type ?? typeof f) }));
      return;
    }
    const a = featureToAlert(f, i, file, out.issues);
    if (a) out.alerts.push(a);
  });
  return out;
}
