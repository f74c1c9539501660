// CSV text → raw records. The layer comes from --layer, the file name, or the header.
import { makeIssue, type Issue } from '../core/issues.ts';
import { LAYERS, type Layer } from '../core/model.ts';
import { parseCsv } from './csv.ts';
import type { RawRecord } from './records.ts';

const KEEP_SNAKE = new Set(['name_en', 'name_ru', 'name_local']);
const ALIASES: Record<string, string> = { from_node: 'from', to_node: 'to', length_km: 'lengthKm', gauge_mm: 'gaugeMm', speed_kmh: 'speedKmh', source_id: 'sourceId' };

/** Column names may be camelCase (as Karavan exports them) or snake_case. */
export function normaliseColumn(name: string): string {
  if (KEEP_SNAKE.has(name)) return name;
  if (ALIASES[name]) return ALIASES[name];
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function layerFromFileName(file: string): Layer | null {
  const base = file.split('/').pop()!.toLowerCase();
  for (const l of LAYERS) if (base.includes(l) || base.includes(l.replace(/s$/, ''))) return l;
  if (/(rail|road|ferr)/.test(base)) return 'links';
  return null;
}

function layerFromHeader(cols: Set<string>): Layer | null {
  if (cols.has('countryA')) return 'crossings';
  if (cols.has('sea')) return 'ports';
  if (cols.has('citation')) return 'projects';
  if (cols.has('nodes')) return 'corridors';
  if (cols.has('mode') && cols.has('from')) return 'links';
  if (cols.has('kind') && cols.has('lon')) return 'nodes';
  return null;
}

/** "lon lat;lon lat;…" → coordinates (links in CSV carry their line this way). */
/** A CSV cell as a number, strictly: blank, "1,5" or "12abc" are NaN (Number(' ') would be 0). */
export function textNumber(cell: unknown): number {
  const t = String(cell ?? '').trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
}

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/** A line cell: `lon lat;lon lat…`, WKT `LINESTRING (lon lat, …)` or GeoJSON (a LineString or its coordinates). */
function parseLineCell(cell: string): unknown {
  const t = cell.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      const j = JSON.parse(t) as { type?: string; coordinates?: unknown } | unknown[];
      return Array.isArray(j) ? j : j.type === 'LineString' ? j.coordinates : null;
    } catch {
      return null; // reported as an invalid coordinate by the record check
    }
  }
  const wkt = /^LINESTRING\s*\((.*)\)$/i.exec(t);
  const points = wkt ? wkt[1].split(',') : t.split(';');
  return points.map((p) => p.trim().split(/\s+/).map(textNumber));
}

/** `tally.skipped` counts rows that cannot become records (wrong column count), so read = records + skipped. */
export function readCsvRecords(text: string, file: string, forcedLayer: Layer | null, issues: Issue[], tally: { skipped: number } = { skipped: 0 }): RawRecord[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    issues.push(makeIssue('CSV_INVALID', { file, line: parsed.line }, { reason: parsed.reason }));
    return [];
  }
  const header = parsed.header.map(normaliseColumn);
  const layer = forcedLayer ?? layerFromHeader(new Set(header)) ?? layerFromFileName(file);
  if (!layer) {
    issues.push(makeIssue('CSV_LAYER_UNKNOWN', { file, line: parsed.headerLine }, { value: parsed.header.join(',') }));
    return [];
  }
  const out: RawRecord[] = [];
  for (const row of parsed.rows) {
    const at = { file, line: row.line };
    if (row.cells.length !== header.length) {
      tally.skipped++;
      issues.push(makeIssue('CSV_COLUMNS', at, { count: row.cells.length, expected: header.length }));
      continue;
    }
    const props: Record<string, unknown> = {};
    header.forEach((h, i) => { props[h] = row.cells[i]; });
    let geometry: unknown = null;
    let geometryType: string | null = null;
    if (layer === 'links') {
      const cell = blank(props.geometry) ? props.wkt : props.geometry; // `wkt` is accepted as the geometry column's name
      if (!blank(cell)) { geometry = parseLineCell(String(cell)); geometryType = 'LineString'; }
    } else if (layer !== 'corridors' && layer !== 'projects') {
      if (!blank(props.lon) || !blank(props.lat)) {
        const lon = textNumber(props.lon), lat = textNumber(props.lat); // one blank half is NaN: reported, never 0
        geometry = [lon, lat];
        geometryType = 'Point';
      }
    }
    delete props.lon;
    delete props.lat;
    delete props.geometry;
    delete props.wkt;
    out.push({ layer, props, geometry, geometryType, at, fromText: true });
  }
  return out;
}
