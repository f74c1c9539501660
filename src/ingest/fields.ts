// What each layer's fields may hold. One table drives GeoJSON and CSV validation alike, so a rule
// is written once and every format reports the same code for the same problem.
import { CONFIDENCES, GAUGES_MM, MODES, NODE_KINDS, PROJECT_KINDS, SEAS, STATUSES, GEOMETRY_QUALITIES, type Layer } from '../core/model.ts';

/** More tracks than this on one line is a data error (the widest trunk lines have 6). */
export const MAX_TRACKS = 8;

export type FieldType =
  | { t: 'id' }
  | { t: 'ref'; layer: Layer }
  | { t: 'string' }
  | { t: 'int'; min: number; max: number }
  | { t: 'number'; min: number; max: number }
  | { t: 'bool' }
  | { t: 'year' }
  | { t: 'country' }
  | { t: 'countries' }
  | { t: 'strings' }
  | { t: 'refs'; layer: Layer }
  | { t: 'enum'; values: readonly (string | number)[]; code: string }
  | { t: 'modes' }
  | { t: 'changes' };

export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
}

const id: FieldSpec = { name: 'id', type: { t: 'id' }, required: true };
const provenance: FieldSpec[] = [
  { name: 'sourceId', type: { t: 'string' }, required: true },
  { name: 'confidence', type: { t: 'enum', values: CONFIDENCES, code: 'CONFIDENCE_UNKNOWN' }, required: true },
];
const names = (required: boolean): FieldSpec[] => [
  { name: 'name_en', type: { t: 'string' }, required },
  { name: 'name_ru', type: { t: 'string' } },
  { name: 'name_local', type: { t: 'string' } },
];

export const LAYER_SPECS: Record<Layer, { fields: FieldSpec[]; geometry: 'Point' | 'LineString' | 'none' }> = {
  nodes: {
    geometry: 'Point',
    fields: [id, { name: 'kind', type: { t: 'enum', values: NODE_KINDS, code: 'ENUM_UNKNOWN' }, required: true }, ...names(true),
      { name: 'country', type: { t: 'country' }, required: true }, { name: 'unlocode', type: { t: 'string' } }, ...provenance],
  },
  links: {
    geometry: 'LineString',
    fields: [
      id,
      { name: 'mode', type: { t: 'enum', values: MODES, code: 'MODE_UNKNOWN' }, required: true },
      { name: 'from', type: { t: 'ref', layer: 'nodes' }, required: true },
      { name: 'to', type: { t: 'ref', layer: 'nodes' }, required: true },
      { name: 'country', type: { t: 'country' }, required: true },
      { name: 'lengthKm', type: { t: 'number', min: -Infinity, max: Infinity } },
      { name: 'name_en', type: { t: 'string' } },
      { name: 'name_ru', type: { t: 'string' } },
      { name: 'gaugeMm', type: { t: 'enum', values: GAUGES_MM, code: 'GAUGE_UNKNOWN' } },
      { name: 'tracks', type: { t: 'int', min: 1, max: MAX_TRACKS } },
      { name: 'electrified', type: { t: 'bool' } },
      { name: 'status', type: { t: 'enum', values: STATUSES, code: 'STATUS_UNKNOWN' }, required: true },
      { name: 'openingYear', type: { t: 'year' } },
      { name: 'closingYear', type: { t: 'year' } },
      { name: 'speedKmh', type: { t: 'number', min: -Infinity, max: Infinity } },
      { name: 'capacityPerDay', type: { t: 'number', min: 0, max: 1e7 } },
      { name: 'capacityTonnesPerYear', type: { t: 'number', min: 0, max: 1e10 } },
      { name: 'operator', type: { t: 'string' } },
      { name: 'frequencyPerWeek', type: { t: 'number', min: 0, max: 1000 } },
      { name: 'geometryQuality', type: { t: 'enum', values: GEOMETRY_QUALITIES, code: 'ENUM_UNKNOWN' } },
      ...provenance,
    ],
  },
  crossings: {
    geometry: 'Point',
    fields: [id, ...names(true),
      { name: 'countryA', type: { t: 'country' }, required: true }, { name: 'countryB', type: { t: 'country' }, required: true },
      { name: 'nodeA', type: { t: 'ref', layer: 'nodes' } }, { name: 'nodeB', type: { t: 'ref', layer: 'nodes' } },
      { name: 'modes', type: { t: 'modes' }, required: true }, { name: 'gaugeChange', type: { t: 'bool' }, required: true },
      { name: 'gaugeA', type: { t: 'enum', values: GAUGES_MM, code: 'GAUGE_UNKNOWN' } }, { name: 'gaugeB', type: { t: 'enum', values: GAUGES_MM, code: 'GAUGE_UNKNOWN' } },
      { name: 'dwellHoursAB', type: { t: 'number', min: 0, max: 2000 } }, { name: 'dwellHoursBA', type: { t: 'number', min: 0, max: 2000 } },
      { name: 'dwellSource', type: { t: 'string' } }, { name: 'openingHours', type: { t: 'string' } },
      { name: 'capacityPerDay', type: { t: 'number', min: 0, max: 1e7 } }, ...provenance],
  },
  ports: {
    geometry: 'Point',
    fields: [id, { name: 'node', type: { t: 'ref', layer: 'nodes' } }, { name: 'sea', type: { t: 'enum', values: SEAS, code: 'ENUM_UNKNOWN' }, required: true },
      ...names(true), { name: 'country', type: { t: 'country' }, required: true },
      { name: 'maxDraftM', type: { t: 'number', min: 0, max: 40 } }, { name: 'draftYear', type: { t: 'year' } },
      { name: 'draftSource', type: { t: 'string' } }, { name: 'berths', type: { t: 'int', min: 0, max: 1000 } },
      { name: 'unlocode', type: { t: 'string' } }, ...provenance],
  },
  corridors: {
    geometry: 'none',
    fields: [id, { name: 'name_en', type: { t: 'string' }, required: true }, { name: 'name_ru', type: { t: 'string' }, required: true },
      { name: 'nodes', type: { t: 'refs', layer: 'nodes' }, required: true }, { name: 'color', type: { t: 'string' } }, ...provenance],
  },
  projects: {
    geometry: 'none',
    fields: [id, { name: 'name_en', type: { t: 'string' }, required: true }, { name: 'name_ru', type: { t: 'string' }, required: true },
      { name: 'countries', type: { t: 'countries' }, required: true },
      { name: 'kind', type: { t: 'enum', values: PROJECT_KINDS, code: 'ENUM_UNKNOWN' }, required: true },
      { name: 'status', type: { t: 'enum', values: STATUSES, code: 'STATUS_UNKNOWN' }, required: true },
      { name: 'yearStart', type: { t: 'year' } }, { name: 'yearEnd', type: { t: 'year' } },
      { name: 'costAmount', type: { t: 'number', min: -Infinity, max: Infinity } }, { name: 'costCurrency', type: { t: 'string' } },
      { name: 'financiers', type: { t: 'strings' } }, { name: 'changes', type: { t: 'changes' } },
      { name: 'citation', type: { t: 'string' }, required: true }, ...provenance],
  },
};

/** Field names accepted in input besides the spec's own (GeoJSON foreign members, CSV geometry columns). */
export const EXTRA_FIELDS = new Set(['layer', 'lon', 'lat', 'geometry', 'wkt']);
