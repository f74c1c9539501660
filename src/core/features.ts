// The canonical GeoJSON form of every record: one FeatureCollection per layer, properties named
// as in model.ts, written one feature per line so that files diff well and rebuild byte-identically.
import type { Layer, LonLat, Records } from './model.ts';

export interface Feature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: LonLat } | { type: 'LineString'; coordinates: LonLat[] } | null;
  properties: Record<string, unknown>;
}

type AnyRecord = Records[Layer][number];

const COORD_DIGITS = 5;
const roundCoord = (c: LonLat): LonLat => [Number(c[0].toFixed(COORD_DIGITS)), Number(c[1].toFixed(COORD_DIGITS))];

/** Property order per layer (geometry, lon and lat travel as the GeoJSON geometry). */
export const LAYER_FIELDS: Record<Layer, readonly string[]> = {
  nodes: ['id', 'kind', 'name_en', 'name_ru', 'name_local', 'country', 'unlocode', 'sourceId', 'confidence'],
  links: ['id', 'mode', 'from', 'to', 'country', 'lengthKm', 'name_en', 'name_ru', 'gaugeMm', 'tracks', 'electrified', 'status',
    'openingYear', 'closingYear', 'speedKmh', 'capacityPerDay', 'capacityTonnesPerYear', 'operator', 'frequencyPerWeek',
    'geometryQuality', 'sourceId', 'confidence'],
  crossings: ['id', 'name_en', 'name_ru', 'name_local', 'countryA', 'countryB', 'nodeA', 'nodeB', 'modes', 'gaugeChange', 'gaugeA',
    'gaugeB', 'dwellHoursAB', 'dwellHoursBA', 'dwellSource', 'openingHours', 'capacityPerDay', 'sourceId', 'confidence'],
  ports: ['id', 'node', 'sea', 'name_en', 'name_ru', 'name_local', 'country', 'maxDraftM', 'draftYear', 'draftSource', 'berths',
    'unlocode', 'sourceId', 'confidence'],
  corridors: ['id', 'name_en', 'name_ru', 'nodes', 'color', 'sourceId', 'confidence'],
  projects: ['id', 'name_en', 'name_ru', 'countries', 'kind', 'status', 'yearStart', 'yearEnd', 'costAmount', 'costCurrency',
    'financiers', 'changes', 'citation', 'sourceId', 'confidence'],
};

export function recordToFeature(layer: Layer, rec: AnyRecord): Feature {
  const src = rec as unknown as Record<string, unknown>;
  const props: Record<string, unknown> = {};
  for (const f of LAYER_FIELDS[layer]) props[f] = src[f] ?? null;
  let geometry: Feature['geometry'] = null;
  if (layer === 'links') {
    geometry = { type: 'LineString', coordinates: (rec as Records['links'][number]).geometry.map(roundCoord) };
  } else if (typeof src.lon === 'number' && typeof src.lat === 'number') {
    geometry = { type: 'Point', coordinates: roundCoord([src.lon, src.lat]) };
  }
  return { type: 'Feature', id: rec.id, geometry, properties: props };
}

/** A FeatureCollection with the foreign member "layer", one feature per line, keys in record order. */
export function featureCollectionText(layer: Layer, records: readonly AnyRecord[]): string {
  const lines = records.map((r) => JSON.stringify(recordToFeature(layer, r)));
  return `{"type":"FeatureCollection","layer":"${layer}","features":[\n${lines.join(',\n')}\n]}\n`;
}
