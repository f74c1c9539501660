// <CC>/rail.csv and <CC>/road.csv rows → Link records: a straight (schematic) polyline between
// the two nodes, lengthKm from length_km or the geodesic distance × the mode's detour factor.
import { isCountryCode } from '../../core/countries.ts';
import { haversineKm, round } from '../../core/geo.ts';
import type { Issue } from '../../core/issues.ts';
import { CONFIDENCES, GAUGES_MM, STATUSES, type Confidence, type GaugeMm, type Link, type NetNode } from '../../core/model.ts';
import { Cells, type Row } from './fields.ts';
import { weaker } from './confidence.ts';

export const DETOUR_FACTOR = { rail: 1.15, road: 1.2 } as const;
export const MAX_SECTION_KM = 5000;
export const MAX_SPEED_KMH = { rail: 400, road: 200 } as const;

export const SECTION_REQUIRED = ['line', 'from', 'to', 'status', 'source', 'confidence'] as const;
export const RAIL_OPTIONAL = ['length_km', 'length_source', 'country', 'gauge_mm', 'tracks', 'electrified', 'opened', 'speed_kmh', 'capacity_per_day', 'operator', 'note', 'name_en', 'name_ru'] as const;
export const ROAD_OPTIONAL = [...RAIL_OPTIONAL, 'road_ref'] as const;

export interface SectionRow {
  link: Link;
  line: string;
  file: string;
  lineNo: number;
  sources: { field: string; key: string }[];
  /** True when lengthKm was computed from the geometry. */
  lengthEstimated: boolean;
}

export function readSection(
  row: Row,
  mode: 'rail' | 'road',
  folderCountry: string,
  nodes: ReadonlyMap<string, NetNode>,
  sourceId: (id: string) => string,
  issues: Issue[],
): SectionRow | null {
  const c = new Cells(row, issues);
  const line = c.required('line');
  const from = c.required('from');
  const to = c.required('to');
  const id = `${mode}:${from}:${to}`;
  const a = nodes.get(from);
  const b = nodes.get(to);
  if (from !== '' && !a) c.report('REF_DANGLING', 'from', { value: from, layer: 'nodes' });
  if (to !== '' && !b) c.report('REF_DANGLING', 'to', { value: to, layer: 'nodes' });
  if (from !== '' && from === to) c.report('SAME_ENDPOINTS', 'to', { value: from });
  const country = c.str('country') ?? folderCountry;
  if (!isCountryCode(country)) c.report('COUNTRY_UNKNOWN', 'country', { value: country });
  const status = c.oneOf('status', STATUSES, 'STATUS_UNKNOWN');
  if (c.str('status') === null) c.report('FIELD_REQUIRED', 'status');
  const rowConfidence = c.oneOfOr<Confidence>('confidence', CONFIDENCES, 'inferred', 'CONFIDENCE_UNKNOWN');
  let gaugeMm: GaugeMm | null = null;
  const gaugeRaw = c.str('gauge_mm');
  if (gaugeRaw !== null) {
    if (mode !== 'rail') c.report('GAUGE_NOT_RAIL', 'gauge_mm', { value: gaugeRaw, mode });
    else if ((GAUGES_MM as readonly number[]).includes(Number(gaugeRaw)) && /^\d+$/.test(gaugeRaw)) gaugeMm = Number(gaugeRaw) as GaugeMm;
    else c.report('GAUGE_UNKNOWN', 'gauge_mm', { value: gaugeRaw });
  }
  const tracks = c.num('tracks', { min: 1, max: 8, integer: true });
  const electrified = c.yesNo('electrified');
  const opened = c.year('opened');
  const capacityPerDay = c.num('capacity_per_day', { min: 0, max: 1e6 });
  const speedRaw = c.str('speed_kmh');
  let speedKmh: number | null = null;
  if (speedRaw !== null) {
    const v = Number(speedRaw);
    if (!Number.isFinite(v) || v < 1 || v > MAX_SPEED_KMH[mode]) c.report('SPEED_ABSURD', 'speed_kmh', { value: speedRaw, max: MAX_SPEED_KMH[mode], mode });
    else speedKmh = v;
  }
  const lengthRaw = c.str('length_km');
  let given: number | null = null;
  if (lengthRaw !== null) {
    const v = Number(lengthRaw);
    if (!/^\d+(\.\d+)?$/.test(lengthRaw) || v < 0.001 || v > MAX_SECTION_KM) c.report('LENGTH_ABSURD', 'length_km', { value: lengthRaw, max: MAX_SECTION_KM });
    else given = v;
  }
  const sources: { field: string; key: string }[] = [];
  const src = c.str('source');
  if (src === null) c.report('FIELD_REQUIRED', 'source');
  else sources.push({ field: 'source', key: src });
  const lenSrc = c.str('length_source');
  if (lenSrc !== null) sources.push({ field: 'length_source', key: lenSrc });
  else if (given !== null) c.report('FIELD_REQUIRED', 'length_source');

  if (c.failed || !a || !b || status === null) return null;
  const geomKm = haversineKm([a.lon, a.lat], [b.lon, b.lat]);
  if (given !== null && geomKm > 1 && (given > geomKm * 3 || given < geomKm * 0.8)) {
    c.report('LENGTH_MISMATCH', 'length_km', { value: given, geomKm: round(geomKm, 1), factor: given > geomKm ? 3 : 1.25 });
  }
  const lengthEstimated = given === null;
  const link: Link = {
    id,
    mode,
    from,
    to,
    geometry: [[a.lon, a.lat], [b.lon, b.lat]],
    geometryQuality: 'schematic',
    lengthKm: given ?? Math.max(0.1, round(geomKm * DETOUR_FACTOR[mode], 1)),
    country,
    name_en: c.str('name_en') ?? (mode === 'road' ? c.str('road_ref') : null) ?? line,
    name_ru: c.str('name_ru'),
    gaugeMm,
    tracks,
    electrified,
    status,
    openingYear: opened,
    closingYear: null,
    speedKmh,
    capacityPerDay,
    capacityTonnesPerYear: null,
    operator: c.str('operator'),
    frequencyPerWeek: null,
    sourceId: sourceId(id),
    confidence: lengthEstimated ? weaker(rowConfidence, 'estimated') : rowConfidence,
  };
  return { link, line, file: row.file, lineNo: row.line, sources, lengthEstimated };
}
