// Export use case: a layer (links by mode, or another layer) as GeoJSON or CSV, in the canonical
// form that import reads back unchanged.
import { LAYER_FIELDS, featureCollectionText } from '../core/features.ts';
import type { Layer, Records } from '../core/model.ts';
import { csvText } from '../ingest/csv.ts';
import { readLayer, type Queryable, type RecordFilter } from '../store/index.ts';

export type ExportFormat = 'geojson' | 'csv';

function cell(v: unknown, field: string): string {
  if (v === null || v === undefined) return '';
  if (field === 'changes') return JSON.stringify(v);
  if (Array.isArray(v)) return v.join(';');
  return String(v);
}

export function recordsToCsv(layer: Layer, recs: readonly Record<string, unknown>[]): string {
  const fields = [...LAYER_FIELDS[layer]];
  const point = layer === 'nodes' || layer === 'crossings' || layer === 'ports';
  const header = [...fields, ...(point ? ['lon', 'lat'] : layer === 'links' ? ['geometry'] : [])];
  const rows = recs.map((r) => {
    const row = fields.map((f) => cell(r[f], f));
    if (point) row.push(Number((r.lon as number).toFixed(5)).toString(), Number((r.lat as number).toFixed(5)).toString());
    if (layer === 'links') row.push((r.geometry as [number, number][]).map(([x, y]) => `${Number(x.toFixed(5))} ${Number(y.toFixed(5))}`).join(';'));
    return row;
  });
  return csvText(header, rows);
}

export async function exportLayer(db: Queryable, layer: Layer, format: ExportFormat, filter: RecordFilter = {}): Promise<{ text: string; count: number }> {
  const recs = (await readLayer(db, layer, filter)) as Records[Layer];
  const text = format === 'geojson' ? featureCollectionText(layer, recs) : recordsToCsv(layer, recs as unknown as Record<string, unknown>[]);
  return { text, count: recs.length };
}
