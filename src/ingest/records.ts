// Raw properties (from GeoJSON or CSV) → typed records, collecting every problem as an Issue.
import { isCountryCode, looksSwapped } from '../core/countries.ts';
import { lineLengthKm, haversineKm } from '../core/geo.ts';
import { makeIssue, type Issue, type Location } from '../core/issues.ts';
import { CHANGE_ATTRS, CROSSING_CHANGE_ATTRS, GAUGES_MM, MODES, PORT_CHANGE_ATTRS, STATUSES, type Layer, type LonLat, type ProjectChange, type Records } from '../core/model.ts';
import { EXTRA_FIELDS, LAYER_SPECS, MAX_TRACKS, type FieldSpec } from './fields.ts';

export interface RawRecord {
  layer: Layer;
  props: Record<string, unknown>;
  /** Point [lon,lat] or line coordinates, already shape-checked by the reader, or null. */
  geometry: unknown;
  geometryType: string | null;
  at: Location;
  /** CSV cells arrive as strings and are coerced; GeoJSON values must already have their type. */
  fromText: boolean;
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:>\-]{0,79}$/;
const MAX_LENGTH_KM: Record<string, number> = { rail: 5000, road: 5000, ferry: 3000 };
export const MAX_SPEED_KMH: Record<string, number> = { rail: 400, road: 150, ferry: 80 };
const EXPECTED_RU: Record<string, string> = {
  'a number': 'число', 'an integer': 'целое число', 'true or false': 'true или false', 'a text': 'текст', 'a list': 'список',
};

function typeIssue(at: Location, value: unknown, expected: string): Issue {
  return makeIssue('FIELD_TYPE', at, { value, expected, expected_ru: EXPECTED_RU[expected] ?? expected });
}

function empty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function splitList(v: unknown, fromText: boolean): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (fromText && typeof v === 'string') return v.split(';').map((s) => s.trim()).filter(Boolean);
  return null;
}

/** Checks and converts one field; pushes issues; returns the value to store (null when unusable). */
function field(spec: FieldSpec, raw: unknown, fromText: boolean, at: Location, issues: Issue[]): unknown {
  const here = { ...at, field: spec.name };
  if (empty(raw)) {
    if (spec.required) issues.push(makeIssue('FIELD_REQUIRED', here));
    return null;
  }
  const ty = spec.type;
  const num = (): number | null => {
    const n = typeof raw === 'number' ? raw : fromText && typeof raw === 'string' ? Number(raw.trim()) : NaN;
    if (typeof raw === 'number' || (fromText && typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(n))) return n;
    issues.push(typeIssue(here, raw, 'a number'));
    return null;
  };
  switch (ty.t) {
    case 'id':
    case 'ref':
    case 'string': {
      if (typeof raw !== 'string' && !(fromText && typeof raw === 'number')) {
        issues.push(typeIssue(here, raw, 'a text'));
        return null;
      }
      const s = String(raw);
      if (ty.t !== 'string' && !ID_RE.test(s)) {
        issues.push(makeIssue('ID_INVALID', here, { value: s }));
        return null;
      }
      return s;
    }
    case 'number':
    case 'int': {
      const n = num();
      if (n === null) return null;
      if (ty.t === 'int' && !Number.isInteger(n)) {
        issues.push(typeIssue(here, raw, 'an integer'));
        return null;
      }
      if (n < ty.min || n > ty.max) {
        issues.push(makeIssue('NUMBER_RANGE', here, { value: n, min: ty.min, max: ty.max }));
        return null;
      }
      return n;
    }
    case 'year': {
      const n = num();
      if (n === null) return null;
      if (!Number.isInteger(n) || n < 1800 || n > 2100) {
        issues.push(makeIssue('YEAR_RANGE', here, { value: n }));
        return null;
      }
      return n;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      if (fromText && typeof raw === 'string') {
        const s = raw.trim().toLowerCase();
        if (['true', 'yes', '1'].includes(s)) return true;
        if (['false', 'no', '0'].includes(s)) return false;
      }
      issues.push(typeIssue(here, raw, 'true or false'));
      return null;
    }
    case 'country': {
      if (!isCountryCode(raw)) {
        issues.push(makeIssue('COUNTRY_UNKNOWN', here, { value: raw }));
        return null;
      }
      return raw;
    }
    case 'enum': {
      let v = raw;
      if (fromText && typeof raw === 'string' && typeof ty.values[0] === 'number') v = Number(raw);
      if (!ty.values.includes(v as never)) {
        issues.push(makeIssue(ty.code, here, { value: raw, allowed: ty.values.join(', ') }));
        return null;
      }
      return v;
    }
    case 'countries':
    case 'strings':
    case 'refs':
    case 'modes': {
      const list = splitList(raw, fromText);
      if (!list || list.some((x) => typeof x !== 'string')) {
        issues.push(typeIssue(here, raw, 'a list'));
        return null;
      }
      const bad = ty.t === 'countries' ? list.filter((c) => !isCountryCode(c)) : ty.t === 'modes' ? list.filter((m) => !MODES.includes(m as never)) : [];
      for (const b of bad) issues.push(makeIssue(ty.t === 'modes' ? 'MODE_UNKNOWN' : 'COUNTRY_UNKNOWN', here, { value: b }));
      if (ty.t === 'refs') for (const r of list) if (!ID_RE.test(r as string)) issues.push(makeIssue('ID_INVALID', here, { value: r }));
      return bad.length ? null : list;
    }
    case 'changes': {
      let v = raw;
      if (fromText && typeof raw === 'string') {
        try {
          v = JSON.parse(raw);
        } catch {
          issues.push(makeIssue('CHANGE_INVALID', here, { value: raw, reason: 'not a JSON list' }));
          return null;
        }
      }
      if (!Array.isArray(v)) {
        issues.push(makeIssue('CHANGE_INVALID', here, { value: raw, reason: 'not a list' }));
        return null;
      }
      const out: ProjectChange[] = [];
      for (const c of v) {
        const reason = changeProblem(c);
        if (reason) issues.push(makeIssue('CHANGE_INVALID', here, { value: c, reason }));
        else out.push(c as ProjectChange);
      }
      return out;
    }
  }
}

/** What a change's value may be, per attribute (the same ranges as the fields it sets). */
function changeValueProblem(attr: string, v: unknown): string | null {
  const num = (min: number, max: number, int = false) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!int || Number.isInteger(v)) ? null : `"value" for ${attr} must be ${int ? 'an integer' : 'a number'} ${min}..${max}`;
  switch (attr) {
    case 'tracks': return num(1, MAX_TRACKS, true);
    case 'speedKmh': return num(1, 400);
    case 'electrified': return typeof v === 'boolean' ? null : '"value" for electrified must be true or false';
    case 'gaugeMm': return (GAUGES_MM as readonly unknown[]).includes(v) ? null : `"value" for gaugeMm must be one of ${GAUGES_MM.join(', ')}`;
    case 'status': return (STATUSES as readonly unknown[]).includes(v) ? null : `"value" for status must be one of ${STATUSES.join(', ')}`;
    case 'dwellHoursAB': case 'dwellHoursBA': return num(0, 24 * 60);
    case 'maxDraftM': return num(0, 30);
    case 'berths': return num(0, 1000, true);
    default: return num(0, 1e9); // capacities
  }
}

function changeProblem(c: unknown): string | null {
  if (typeof c !== 'object' || c === null) return 'not an object';
  const o = c as Record<string, unknown>;
  switch (o.op) {
    case 'add_link':
      return typeof o.link === 'string' ? null : '"link" must be a link id';
    case 'set':
      if (typeof o.link !== 'string') return '"link" must be a link id';
      if (!CHANGE_ATTRS.includes(o.attr as never)) return `"attr" must be one of ${CHANGE_ATTRS.join(', ')}`;
      return o.value === undefined ? '"value" is missing' : changeValueProblem(o.attr as string, o.value);
    case 'set_crossing':
      if (typeof o.crossing !== 'string') return '"crossing" must be a crossing id';
      if (!CROSSING_CHANGE_ATTRS.includes(o.attr as never)) return `"attr" must be one of ${CROSSING_CHANGE_ATTRS.join(', ')}`;
      return changeValueProblem(o.attr as string, o.value);
    case 'set_port':
      if (typeof o.port !== 'string') return '"port" must be a port id';
      if (!PORT_CHANGE_ATTRS.includes(o.attr as never)) return `"attr" must be one of ${PORT_CHANGE_ATTRS.join(', ')}`;
      return changeValueProblem(o.attr as string, o.value);
    default:
      return '"op" must be add_link, set, set_crossing or set_port';
  }
}

export function checkCoordinate(c: unknown, at: Location, issues: Issue[]): LonLat | null {
  if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number' || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) {
    issues.push(makeIssue('COORD_INVALID', at, { value: c }));
    return null;
  }
  const [lon, lat] = c as number[];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    // lat,lon swapped is the commonest reason a longitude of a CIS place lands above 90
    if (Math.abs(lat) <= 180 && Math.abs(lon) <= 90 && Math.abs(lat) > 90) issues.push(makeIssue('COORD_SWAPPED', at, { value: [lon, lat] }));
    else issues.push(makeIssue('COORD_RANGE', at, { value: [lon, lat] }));
    return null;
  }
  return [lon, lat];
}

/** Field names of each layer, for the unknown-property check (built once, not per record). */
const FIELD_NAMES = Object.fromEntries(Object.entries(LAYER_SPECS).map(([l, spec]) => [l, new Set(spec.fields.map((f) => f.name))])) as Record<Layer, Set<string>>;

const errorsSince = (issues: readonly Issue[], from: number): boolean => {
  for (let i = from; i < issues.length; i++) if (issues[i].severity === 'error') return true;
  return false;
};

/** Converts one raw record; returns null when it has errors (they are in `issues`). */
export function toRecord(raw: RawRecord, issues: Issue[]): Records[Layer][number] | null {
  const spec = LAYER_SPECS[raw.layer];
  const before = issues.length;
  const rawId = raw.props.id;
  const at: Location = { ...raw.at, id: typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : raw.at.id };
  const rec: Record<string, unknown> = {};
  for (const f of spec.fields) rec[f.name] = field(f, raw.props[f.name], raw.fromText, at, issues);
  const known = FIELD_NAMES[raw.layer];
  for (const k in raw.props) {
    if (!known.has(k) && !EXTRA_FIELDS.has(k)) issues.push(makeIssue('PROPERTY_UNKNOWN', { ...at, field: k }, { value: k }));
  }

  // geometry
  const geomAt: Location = { ...at, field: 'geometry' };
  if (spec.geometry === 'Point') {
    if (raw.geometryType === null) issues.push(makeIssue('GEOMETRY_MISSING', at));
    else if (raw.geometryType !== 'Point') issues.push(makeIssue('GEOMETRY_TYPE', geomAt, { value: raw.geometryType, expected: 'Point' }));
    else {
      const c = checkCoordinate(raw.geometry, geomAt, issues);
      if (c) [rec.lon, rec.lat] = c;
    }
  } else if (spec.geometry === 'LineString') {
    if (raw.geometryType === null) issues.push(makeIssue('GEOMETRY_MISSING', at));
    else if (raw.geometryType !== 'LineString') issues.push(makeIssue('GEOMETRY_TYPE', geomAt, { value: raw.geometryType, expected: 'LineString' }));
    else if (!Array.isArray(raw.geometry)) issues.push(makeIssue('COORD_INVALID', geomAt, { value: raw.geometry }));
    else {
      const coords: LonLat[] = [];
      let ok = true;
      for (const c of raw.geometry) {
        const p = checkCoordinate(c, geomAt, issues);
        if (p) coords.push(p);
        else ok = false;
      }
      // at least two distinct points (counted up to 2: all that the rule needs)
      const distinct = coords.length === 0 ? 0 : coords.some((c) => c[0] !== coords[0][0] || c[1] !== coords[0][1]) ? 2 : 1;
      if (ok && distinct < 2) issues.push(makeIssue('LINE_TOO_SHORT', geomAt, { count: distinct }));
      else if (ok) rec.geometry = coords;
    }
  }

  layerChecks(raw.layer, rec, at, issues);
  if (errorsSince(issues, before)) return null;
  return rec as unknown as Records[Layer][number];
}

function layerChecks(layer: Layer, rec: Record<string, unknown>, at: Location, issues: Issue[]): void {
  const pointCountry = layer === 'crossings' ? rec.countryA : rec.country;
  if (typeof rec.lon === 'number' && typeof rec.lat === 'number' && typeof pointCountry === 'string' && looksSwapped(pointCountry, rec.lon, rec.lat)) {
    issues.push(makeIssue('COORD_SWAPPED', { ...at, field: 'geometry' }, { value: [rec.lon, rec.lat] }));
  }
  if (layer === 'links') {
    const mode = rec.mode as string | null;
    if (rec.gaugeMm !== null && mode && mode !== 'rail') issues.push(makeIssue('GAUGE_NOT_RAIL', { ...at, field: 'gaugeMm' }, { value: rec.gaugeMm, mode }));
    if (rec.from !== null && rec.from === rec.to) issues.push(makeIssue('SAME_ENDPOINTS', { ...at, field: 'to' }, { value: rec.to }));
    const geom = rec.geometry as LonLat[] | undefined;
    const geomKm = geom ? lineLengthKm(geom) : null;
    if (rec.lengthKm === null && geomKm !== null) rec.lengthKm = Math.round(geomKm * 1000) / 1000;
    const len = rec.lengthKm as number | null;
    const maxLen = MAX_LENGTH_KM[mode ?? 'rail'] ?? 5000;
    if (len !== null && (!(len >= 0.001) || len > maxLen)) {
      issues.push(makeIssue('LENGTH_ABSURD', { ...at, field: 'lengthKm' }, { value: len, max: maxLen }));
    } else if (len !== null && geomKm !== null && geomKm > 1 && (len / geomKm > 3 || geomKm / len > 1.5)) {
      issues.push(makeIssue('LENGTH_MISMATCH', { ...at, field: 'lengthKm' }, { value: len, geomKm: Math.round(geomKm * 10) / 10, factor: len > geomKm ? 3 : 1.5 }));
    }
    const speed = rec.speedKmh as number | null;
    const maxSpeed = MAX_SPEED_KMH[mode ?? 'rail'] ?? 400;
    if (speed !== null && (speed < 1 || speed > maxSpeed)) issues.push(makeIssue('SPEED_ABSURD', { ...at, field: 'speedKmh' }, { value: speed, max: maxSpeed, mode }));
    yearOrder(rec, 'openingYear', 'closingYear', at, issues);
    if (rec.geometryQuality === null) rec.geometryQuality = 'schematic';
  }
  if (layer === 'projects') {
    yearOrder(rec, 'yearStart', 'yearEnd', at, issues);
    if (typeof rec.costAmount === 'number' && rec.costAmount < 0) issues.push(makeIssue('COST_NEGATIVE', { ...at, field: 'costAmount' }, { value: rec.costAmount }));
    if (rec.costCurrency !== null && !/^[A-Z]{3}$/.test(String(rec.costCurrency))) issues.push(makeIssue('CURRENCY_INVALID', { ...at, field: 'costCurrency' }, { value: rec.costCurrency }));
    rec.financiers ??= [];
    rec.changes ??= [];
  }
  if (layer === 'corridors' && Array.isArray(rec.nodes) && rec.nodes.length < 2) {
    issues.push(makeIssue('CORRIDOR_TOO_SHORT', { ...at, field: 'nodes' }, { count: rec.nodes.length }));
  }
  if (layer === 'crossings' && rec.countryA !== null && rec.countryA === rec.countryB) {
    issues.push(makeIssue('ENUM_UNKNOWN', { ...at, field: 'countryB' }, { value: rec.countryB, allowed: `a country other than ${rec.countryA}` }));
  }
}

function yearOrder(rec: Record<string, unknown>, first: string, second: string, at: Location, issues: Issue[]): void {
  const a = rec[first], b = rec[second];
  if (typeof a === 'number' && typeof b === 'number' && b < a) {
    issues.push(makeIssue('YEAR_ORDER', { ...at, field: second }, { value: b, otherField: first, other: a }));
  }
}

/** Where each record of a batch came from, for reporting references and duplicates. */
export interface Placed<T> {
  rec: T;
  at: Location;
}

function renderAt(at: Location): string {
  return `${at.file ?? ''}${at.line !== undefined ? `:${at.line}` : at.feature !== undefined ? ` feature ${at.feature}` : ''}`;
}

/** Duplicate ids within the batch and references that resolve neither in the batch nor in `known`. */
export function checkBatch(batch: { [L in Layer]: Placed<Records[L][number]>[] }, known: { nodes: Set<string>; links: Set<string>; crossings: Set<string>; ports: Set<string> }, issues: Issue[]): void {
  const ids: { [L in Layer]?: Set<string> } = {};
  for (const layer of Object.keys(batch) as Layer[]) {
    const seen = new Map<string, Location>();
    for (const { rec, at } of batch[layer]) {
      const first = seen.get(rec.id);
      if (first) issues.push(makeIssue('ID_DUPLICATE', { ...at, field: 'id' }, { value: rec.id, layer, first: renderAt(first) }));
      else seen.set(rec.id, at);
    }
    ids[layer] = new Set(seen.keys());
  }
  const has = (layer: 'nodes' | 'links' | 'crossings' | 'ports', id: string) => ids[layer]!.has(id) || known[layer].has(id);
  const ref = (layer: 'nodes' | 'links' | 'crossings' | 'ports', id: unknown, at: Location, fieldName: string) => {
    if (typeof id === 'string' && !has(layer, id)) issues.push(makeIssue('REF_DANGLING', { ...at, field: fieldName }, { value: id, layer }));
  };
  const pointOf = new Map(batch.nodes.map(({ rec }) => [rec.id, [rec.lon, rec.lat] as LonLat]));
  for (const { rec, at } of batch.links) {
    ref('nodes', rec.from, at, 'from');
    ref('nodes', rec.to, at, 'to');
    // a line that ends far from the node it names is drawn in one place and routed in another
    for (const end of ['from', 'to'] as const) {
      const node = pointOf.get(rec[end]);
      if (!node || !rec.geometry?.length) continue;
      const km = endpointDistanceKm(rec.geometry, node, end);
      if (km > ENDPOINT_TOLERANCE_KM) issues.push(makeIssue('ENDPOINT_MISMATCH', { ...at, field: end }, { value: rec[end], km: Math.round(km) }));
    }
  }
  for (const { rec, at } of batch.crossings) {
    ref('nodes', rec.nodeA, at, 'nodeA');
    ref('nodes', rec.nodeB, at, 'nodeB');
  }
  for (const { rec, at } of batch.ports) ref('nodes', rec.node, at, 'node');
  for (const { rec, at } of batch.corridors) for (const n of rec.nodes) ref('nodes', n, at, 'nodes');
  for (const { rec, at } of batch.projects) {
    for (const c of rec.changes) {
      if (c.op === 'add_link' || c.op === 'set') ref('links', c.link, at, 'changes');
      else if (c.op === 'set_crossing') ref('crossings', c.crossing, at, 'changes');
      else ref('ports', c.port, at, 'changes');
    }
  }
}

/** A link's end far from its node means the geometry and the topology disagree. */
/** How far a line's end may lie from its node before the import warns (schematic lines start at the node). */
export const ENDPOINT_TOLERANCE_KM = 25;

export function endpointDistanceKm(line: readonly LonLat[], node: LonLat, end: 'from' | 'to'): number {
  return haversineKm(end === 'from' ? line[0] : line[line.length - 1], node);
}
