// <CC>/nodes.csv rows → NetNode records. Coordinates follow the format's rule: a lookup's point
// is used when it lies within LOOKUP_MAX_KM of the curator's lon/lat, else the curator's point,
// and every departure from the plain case (fuzzy name, far match, failed lookup) is reported.
import { haversineKm, round } from '../../core/geo.ts';
import type { Issue } from '../../core/issues.ts';
import { CONFIDENCES, NODE_KINDS, type Confidence, type LonLat, type NetNode } from '../../core/model.ts';
import { Cells, type Row } from './fields.ts';
import { lookup, type Gazetteer, type GazetteerSource } from './gazetteer.ts';
import { checkId } from './ids.ts';

export const LOOKUP_MAX_KM = 60;

export const NODE_COLUMNS = ['id', 'kind', 'name_en', 'name_ru', 'name_local', 'lookup', 'lon', 'lat', 'unlocode', 'confidence', 'note'] as const;
export const NODE_REQUIRED = ['id', 'kind', 'name_en', 'lon', 'lat', 'confidence'] as const;

export type LookupOutcome = 'none' | 'exact' | 'fuzzy' | 'far' | 'failed';

export interface NodeLookupNote {
  id: string;
  file: string;
  line: number;
  spec: string;
  source: GazetteerSource | null;
  outcome: LookupOutcome;
  match: string | null;
  km: number | null;
}

export interface NodeRow {
  node: NetNode;
  file: string;
  line: number;
  lookup: NodeLookupNote | null;
}

/** Box the bundled data lives in (a point outside it is probably a typo or swapped). */
const REGION = { minLon: -10, maxLon: 180, minLat: 10, maxLat: 82 };
const inRegion = ([lon, lat]: LonLat) => lon >= REGION.minLon && lon <= REGION.maxLon && lat >= REGION.minLat && lat <= REGION.maxLat;

function readPoint(c: Cells): LonLat | null {
  const lonRaw = c.str('lon');
  const latRaw = c.str('lat');
  if (lonRaw === null && latRaw === null) return null;
  const lon = c.num('lon', { min: -180, max: 180 });
  const lat = c.num('lat', { min: -90, max: 90 });
  if (lon === null || lat === null) {
    if (lonRaw === null || latRaw === null) c.report('FIELD_REQUIRED', lonRaw === null ? 'lon' : 'lat');
    return null;
  }
  const p: LonLat = [lon, lat];
  if (!inRegion(p)) {
    c.report(inRegion([lat, lon]) ? 'COORD_SWAPPED' : 'COORD_RANGE', 'lon', { value: `${lon},${lat}` });
    return null;
  }
  return p;
}

export function readNode(row: Row, folderCountry: string, gazetteer: Gazetteer, sourceId: (id: string) => string, issues: Issue[]): NodeRow | null {
  const c = new Cells(row, issues);
  const id = c.required('id');
  if (id !== '') checkId(c, id, folderCountry);
  const kind = c.oneOf('kind', NODE_KINDS);
  if (c.str('kind') === null) c.report('FIELD_REQUIRED', 'kind');
  const nameEn = c.required('name_en');
  const confidence = c.oneOfOr<Confidence>('confidence', CONFIDENCES, 'inferred', 'CONFIDENCE_UNKNOWN');
  const unlocode = c.str('unlocode');
  if (unlocode !== null && !/^[A-Z]{2}[A-Z0-9]{3}$/.test(unlocode.replace(/\s/g, ''))) c.report('ENUM_UNKNOWN', 'unlocode', { value: unlocode, allowed: '5-character UN/LOCODE' });
  const given = readPoint(c);
  const spec = c.str('lookup');
  let point: LonLat | null = given;
  let note: NodeLookupNote | null = null;
  if (spec !== null) {
    const r = lookup(gazetteer, spec, folderCountry, given);
    const base = { id, file: row.file, line: row.line, spec, source: null, match: null, km: null };
    if (r.ok) {
      const lp: LonLat = [r.place.lon, r.place.lat];
      const km = given ? round(haversineKm(given, lp), 1) : null;
      const match = `${r.place.name} (${r.place.country})`;
      if (km !== null && km > LOOKUP_MAX_KM) {
        c.report('LOOKUP_FAR', 'lookup', { value: spec, match, km, limit: LOOKUP_MAX_KM });
        note = { ...base, source: r.place.source, outcome: 'far', match, km };
      } else {
        point = lp;
        if (r.fuzzy) c.report('LOOKUP_FUZZY', 'lookup', { value: spec, match });
        note = { ...base, source: r.place.source, outcome: r.fuzzy ? 'fuzzy' : 'exact', match, km };
      }
    } else {
      if (r.reason === 'syntax') c.report('ENUM_UNKNOWN', 'lookup', { value: spec, allowed: 'ne:<name>, city:<name>, locode:<CC><XXX>' });
      else if (given) c.report('LOOKUP_UNRESOLVED', 'lookup', { value: spec });
      else c.report('LOOKUP_FAILED', 'lookup', { value: spec });
      note = { ...base, outcome: 'failed' };
    }
  } else if (given === null && c.str('lon') === null && c.str('lat') === null) {
    c.report('FIELD_REQUIRED', 'lon');
  }
  if (c.failed || point === null || kind === null || id === '') return null;
  const node: NetNode = {
    id,
    kind,
    name_en: nameEn,
    name_ru: c.str('name_ru'),
    name_local: c.str('name_local'),
    country: countryOfId(id) ?? folderCountry,
    lon: point[0],
    lat: point[1],
    unlocode: unlocode?.replace(/\s/g, '') ?? null,
    sourceId: sourceId(id),
    confidence,
  };
  return { node, file: row.file, line: row.line, lookup: note };
}

export function countryOfId(id: string): string | null {
  const m = /^([A-Z]{2})-/.exec(id);
  return m ? m[1] : null;
}
