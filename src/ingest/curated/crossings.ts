// crossings.csv rows → Crossing records, placed at the midpoint of their two border nodes.
import { isCountryCode } from '../../core/countries.ts';
import type { Issue } from '../../core/issues.ts';
import { CONFIDENCES, GAUGES_MM, MODES, type Confidence, type Crossing, type GaugeMm, type Mode, type NetNode } from '../../core/model.ts';
import { Cells, type Row } from './fields.ts';
import { checkPlainId } from './ids.ts';

export const CROSSING_REQUIRED = ['id', 'name_en', 'country_a', 'country_b', 'node_a', 'node_b', 'modes', 'source', 'confidence'] as const;
export const CROSSING_OPTIONAL = ['name_ru', 'name_local', 'gauge_change', 'gauge_a', 'gauge_b', 'dwell_hours_ab', 'dwell_hours_ba', 'dwell_source', 'opening_hours', 'capacity_per_day', 'note'] as const;

export interface CrossingRow {
  crossing: Crossing;
  sources: { field: string; key: string }[];
}

function gauge(c: Cells, col: string): GaugeMm | null {
  const raw = c.str(col);
  if (raw === null) return null;
  if (/^\d+$/.test(raw) && (GAUGES_MM as readonly number[]).includes(Number(raw))) return Number(raw) as GaugeMm;
  c.report('GAUGE_UNKNOWN', col, { value: raw });
  return null;
}

export function readCrossing(row: Row, nodes: ReadonlyMap<string, NetNode>, sourceId: (id: string) => string, issues: Issue[]): CrossingRow | null {
  const c = new Cells(row, issues);
  const id = c.required('id');
  if (id !== '') checkPlainId(c, id);
  const nameEn = c.required('name_en');
  const countryA = c.required('country_a');
  const countryB = c.required('country_b');
  for (const [col, v] of [['country_a', countryA], ['country_b', countryB]] as const) {
    if (v !== '' && !isCountryCode(v)) c.report('COUNTRY_UNKNOWN', col, { value: v });
  }
  const nodeA = c.required('node_a');
  const nodeB = c.required('node_b');
  const a = nodes.get(nodeA);
  const b = nodes.get(nodeB);
  if (nodeA !== '' && !a) c.report('REF_DANGLING', 'node_a', { value: nodeA, layer: 'nodes' });
  if (nodeB !== '' && !b) c.report('REF_DANGLING', 'node_b', { value: nodeB, layer: 'nodes' });
  const modes: Mode[] = [];
  for (const m of c.list('modes')) {
    if ((MODES as readonly string[]).includes(m)) modes.push(m as Mode);
    else c.report('MODE_UNKNOWN', 'modes', { value: m });
  }
  if (c.str('modes') === null) c.report('FIELD_REQUIRED', 'modes');
  const gaugeChange = c.yesNo('gauge_change');
  const gaugeA = gauge(c, 'gauge_a');
  const gaugeB = gauge(c, 'gauge_b');
  const dwellHoursAB = c.num('dwell_hours_ab', { min: 0, max: 2000 });
  const dwellHoursBA = c.num('dwell_hours_ba', { min: 0, max: 2000 });
  const dwellSource = c.str('dwell_source');
  if (dwellSource === null && (dwellHoursAB !== null || dwellHoursBA !== null)) c.report('FIELD_REQUIRED', 'dwell_source');
  const capacityPerDay = c.num('capacity_per_day', { min: 0, max: 1e6 });
  const confidence = c.oneOfOr<Confidence>('confidence', CONFIDENCES, 'inferred', 'CONFIDENCE_UNKNOWN');
  const sources: { field: string; key: string }[] = [];
  const src = c.str('source');
  if (src === null) c.report('FIELD_REQUIRED', 'source');
  else sources.push({ field: 'source', key: src });
  if (dwellSource !== null) sources.push({ field: 'dwell_source', key: dwellSource });
  if (c.failed || !a || !b) return null;
  const crossing: Crossing = {
    id,
    name_en: nameEn,
    name_ru: c.str('name_ru'),
    name_local: c.str('name_local'),
    countryA,
    countryB,
    nodeA,
    nodeB,
    lon: (a.lon + b.lon) / 2,
    lat: (a.lat + b.lat) / 2,
    modes: [...new Set(modes)].sort(),
    gaugeChange: gaugeChange ?? (gaugeA !== null && gaugeB !== null && gaugeA !== gaugeB),
    gaugeA,
    gaugeB,
    dwellHoursAB,
    dwellHoursBA,
    dwellSource,
    openingHours: c.str('opening_hours'),
    capacityPerDay,
    sourceId: sourceId(id),
    confidence,
  };
  return { crossing, sources };
}
