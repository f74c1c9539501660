// ferries.csv rows → ferry Link records; the drawn line runs from → via waypoints → to.
import { lineLengthKm, round } from '../../core/geo.ts';
import type { Issue } from '../../core/issues.ts';
import { CONFIDENCES, STATUSES, type Confidence, type Link, type LonLat, type NetNode } from '../../core/model.ts';
import { Cells, type Row } from './fields.ts';
import { checkPlainId } from './ids.ts';
import { weaker } from './confidence.ts';

export const FERRY_REQUIRED = ['id', 'from', 'to', 'name_en', 'status', 'source', 'confidence'] as const;
export const FERRY_OPTIONAL = ['name_ru', 'distance_km', 'frequency_per_week', 'operator', 'opened', 'via', 'note'] as const;

export interface FerryRow {
  link: Link;
  sources: { field: string; key: string }[];
}

/** `lon lat;lon lat` → points, or a message saying which part is not a pair of numbers. */
export function parseVia(raw: string): LonLat[] | string {
  const pts: LonLat[] = [];
  for (const part of raw.split(';').map((s) => s.trim()).filter(Boolean)) {
    const xy = part.split(/\s+/).map(Number);
    if (xy.length !== 2 || !xy.every(Number.isFinite) || Math.abs(xy[0]) > 180 || Math.abs(xy[1]) > 90) return part;
    pts.push([xy[0], xy[1]]);
  }
  return pts;
}

export function readFerry(row: Row, nodes: ReadonlyMap<string, NetNode>, sourceId: (id: string) => string, issues: Issue[]): FerryRow | null {
  const c = new Cells(row, issues);
  const id = c.required('id');
  if (id !== '') checkPlainId(c, id);
  const from = c.required('from');
  const to = c.required('to');
  const a = nodes.get(from);
  const b = nodes.get(to);
  if (from !== '' && !a) c.report('REF_DANGLING', 'from', { value: from, layer: 'nodes' });
  if (to !== '' && !b) c.report('REF_DANGLING', 'to', { value: to, layer: 'nodes' });
  if (from !== '' && from === to) c.report('SAME_ENDPOINTS', 'to', { value: from });
  const nameEn = c.required('name_en');
  const status = c.oneOf('status', STATUSES, 'STATUS_UNKNOWN');
  if (c.str('status') === null) c.report('FIELD_REQUIRED', 'status');
  const confidence = c.oneOfOr<Confidence>('confidence', CONFIDENCES, 'inferred', 'CONFIDENCE_UNKNOWN');
  const distanceKm = c.num('distance_km', { min: 0.1, max: 5000 });
  const frequencyPerWeek = c.num('frequency_per_week', { min: 0, max: 500 });
  const opened = c.year('opened');
  const viaRaw = c.str('via');
  let via: LonLat[] = [];
  if (viaRaw !== null) {
    const v = parseVia(viaRaw);
    if (typeof v === 'string') c.report('COORD_INVALID', 'via', { value: v });
    else via = v;
  }
  const sources: { field: string; key: string }[] = [];
  const src = c.str('source');
  if (src === null) c.report('FIELD_REQUIRED', 'source');
  else sources.push({ field: 'source', key: src });
  if (c.failed || !a || !b || status === null) return null;
  const geometry: LonLat[] = [[a.lon, a.lat], ...via, [b.lon, b.lat]];
  const link: Link = {
    id,
    mode: 'ferry',
    from,
    to,
    geometry,
    geometryQuality: 'schematic',
    lengthKm: distanceKm ?? round(lineLengthKm(geometry), 1),
    country: a.country,
    name_en: nameEn,
    name_ru: c.str('name_ru'),
    gaugeMm: null,
    tracks: null,
    electrified: null,
    status,
    openingYear: opened,
    closingYear: null,
    speedKmh: null,
    capacityPerDay: null,
    capacityTonnesPerYear: null,
    operator: c.str('operator'),
    frequencyPerWeek,
    sourceId: sourceId(id),
    confidence: distanceKm === null ? weaker(confidence, 'estimated') : confidence,
  };
  return { link, sources };
}
