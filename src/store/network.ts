// Reading and writing network records. One table-driven mapping per layer keeps field names
// (model.ts) and column names (migrations) in one place; writes go in batches through
// jsonb_to_recordset, which both PGlite and a PostgreSQL server run.
import type { Layer, Records } from '../core/model.ts';
import { LAYERS } from '../core/model.ts';
import type { Queryable } from './db.ts';

type SqlType = 'text' | 'integer' | 'double precision' | 'boolean' | 'jsonb';
type Geo = 'point' | 'line' | null;

interface Col {
  field: string;
  column: string;
  type: SqlType;
}

const c = (field: string, column: string, type: SqlType = 'text'): Col => ({ field, column, type });
const prov = [c('sourceId', 'source_id'), c('confidence', 'confidence')];
const names = [c('name_en', 'name_en'), c('name_ru', 'name_ru'), c('name_local', 'name_local')];

export const TABLES: Record<Layer, { table: string; geo: Geo; cols: Col[] }> = {
  nodes: { table: 'nodes', geo: 'point', cols: [c('id', 'id'), c('kind', 'kind'), ...names, c('country', 'country'), c('unlocode', 'unlocode'), ...prov] },
  links: {
    table: 'links', geo: 'line',
    cols: [c('id', 'id'), c('mode', 'mode'), c('from', 'from_node'), c('to', 'to_node'), c('country', 'country'), c('lengthKm', 'length_km', 'double precision'),
      c('name_en', 'name_en'), c('name_ru', 'name_ru'), c('gaugeMm', 'gauge_mm', 'integer'), c('tracks', 'tracks', 'integer'), c('electrified', 'electrified', 'boolean'),
      c('status', 'status'), c('openingYear', 'opening_year', 'integer'), c('closingYear', 'closing_year', 'integer'), c('speedKmh', 'speed_kmh', 'double precision'),
      c('capacityPerDay', 'capacity_per_day', 'double precision'), c('capacityTonnesPerYear', 'capacity_tonnes_per_year', 'double precision'),
      c('operator', 'operator'), c('frequencyPerWeek', 'frequency_per_week', 'double precision'), c('geometryQuality', 'geometry_quality'), ...prov],
  },
  crossings: {
    table: 'crossings', geo: 'point',
    cols: [c('id', 'id'), ...names, c('countryA', 'country_a'), c('countryB', 'country_b'), c('nodeA', 'node_a'), c('nodeB', 'node_b'), c('modes', 'modes', 'jsonb'),
      c('gaugeChange', 'gauge_change', 'boolean'), c('gaugeA', 'gauge_a', 'integer'), c('gaugeB', 'gauge_b', 'integer'), c('dwellHoursAB', 'dwell_hours_ab', 'double precision'),
      c('dwellHoursBA', 'dwell_hours_ba', 'double precision'), c('dwellSource', 'dwell_source'), c('openingHours', 'opening_hours'),
      c('capacityPerDay', 'capacity_per_day', 'double precision'), ...prov],
  },
  ports: {
    table: 'ports', geo: 'point',
    cols: [c('id', 'id'), c('node', 'node'), c('sea', 'sea'), ...names, c('country', 'country'), c('maxDraftM', 'max_draft_m', 'double precision'),
      c('draftYear', 'draft_year', 'integer'), c('draftSource', 'draft_source'), c('berths', 'berths', 'integer'), c('unlocode', 'unlocode'), ...prov],
  },
  corridors: { table: 'corridors', geo: null, cols: [c('id', 'id'), c('name_en', 'name_en'), c('name_ru', 'name_ru'), c('nodes', 'nodes', 'jsonb'), c('color', 'color'), ...prov] },
  projects: {
    table: 'projects', geo: null,
    cols: [c('id', 'id'), c('name_en', 'name_en'), c('name_ru', 'name_ru'), c('countries', 'countries', 'jsonb'), c('kind', 'kind'), c('status', 'status'),
      c('yearStart', 'year_start', 'integer'), c('yearEnd', 'year_end', 'integer'), c('costAmount', 'cost_amount', 'double precision'), c('costCurrency', 'cost_currency'),
      c('financiers', 'financiers', 'jsonb'), c('changes', 'changes', 'jsonb'), c('citation', 'citation'), ...prov],
  },
};

const BATCH_ROWS = 2000;

function rowOf(layer: Layer, rec: Record<string, unknown>): Record<string, unknown> {
  const t = TABLES[layer];
  const row: Record<string, unknown> = {};
  for (const col of t.cols) row[col.column] = rec[col.field] ?? null;
  if (t.geo === 'point') row.geom = JSON.stringify({ type: 'Point', coordinates: [rec.lon, rec.lat] });
  if (t.geo === 'line') row.geom = JSON.stringify({ type: 'LineString', coordinates: rec.geometry });
  return row;
}

/** Inserts or replaces (by id) every record; call inside a transaction. Nodes first, so checks see them. */
export async function upsertRecords(tx: Queryable, records: Records, onProgress?: (done: number) => void): Promise<void> {
  let done = 0;
  for (const layer of LAYERS) {
    const t = TABLES[layer];
    const cols = t.cols.map((x) => x.column);
    const defs = t.cols.map((x) => `${x.column} ${x.type}`);
    if (t.geo) {
      cols.push('geom');
      defs.push('geom text');
    }
    const select = t.cols.map((x) => x.column).concat(t.geo ? ['ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)'] : []);
    const update = cols.filter((x) => x !== 'id').map((x) => `${x} = EXCLUDED.${x}`);
    const sql = `INSERT INTO ${t.table} (${cols.join(', ')}) SELECT ${select.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${defs.join(', ')}) ON CONFLICT (id) DO UPDATE SET ${update.join(', ')}`;
    const recs = records[layer] as unknown as Record<string, unknown>[];
    for (let i = 0; i < recs.length; i += BATCH_ROWS) {
      const rows = recs.slice(i, i + BATCH_ROWS).map((r) => rowOf(layer, r));
      await tx.query(sql, [JSON.stringify(rows)]);
      done += rows.length;
      onProgress?.(done);
    }
  }
}

export interface RecordFilter {
  mode?: string;
  country?: string;
  /** minLon, minLat, maxLon, maxLat */
  bbox?: [number, number, number, number];
  ids?: string[];
  limit?: number;
  offset?: number;
}

/** Reads one layer in id order, with optional filters (mode applies to links). */
export async function readLayer<L extends Layer>(db: Queryable, layer: L, f: RecordFilter = {}): Promise<Records[L]> {
  const t = TABLES[layer];
  const sel = t.cols.map((x) => `${x.column} AS "${x.field}"`);
  if (t.geo === 'point') sel.push('ST_X(geom) AS lon', 'ST_Y(geom) AS lat');
  if (t.geo === 'line') sel.push('ST_AsGeoJSON(geom, 15) AS geometry');
  const params: unknown[] = [];
  const where = whereOf(layer, f, params);
  let sql = `SELECT ${sel.join(', ')} FROM ${t.table}${where} ORDER BY id COLLATE "C"`;
  if (f.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(f.limit))}`;
  if (f.offset) sql += ` OFFSET ${Math.max(0, Math.floor(f.offset))}`;
  const rows = await db.query<Record<string, unknown>>(sql, params);
  if (t.geo === 'line') for (const r of rows) r.geometry = (JSON.parse(r.geometry as string) as { coordinates: unknown }).coordinates;
  return rows as unknown as Records[L];
}

/** The WHERE clause of a filter, shared by reads and counts so they always agree. */
function whereOf(layer: Layer, f: RecordFilter, params: unknown[]): string {
  const t = TABLES[layer];
  const where: string[] = [];
  if (f.mode && layer === 'links') where.push(`mode = $${params.push(f.mode)}`);
  if (f.country) {
    // a crossing belongs to both its countries, a project to each country it lists
    if (layer === 'crossings') where.push(`(country_a = $${params.push(f.country)} OR country_b = $${params.length})`);
    else if (layer === 'projects') where.push(`countries ? $${params.push(f.country)}`);
    else if (t.cols.some((x) => x.column === 'country')) where.push(`country = $${params.push(f.country)}`);
    else where.push(`EXISTS (SELECT 1 FROM nodes n WHERE n.country = $${params.push(f.country)} AND ${t.table}.nodes ? n.id)`); // corridors: through a node of the country
  }
  if (f.bbox && t.geo) where.push(`geom && ST_MakeEnvelope($${params.push(f.bbox[0])}, $${params.push(f.bbox[1])}, $${params.push(f.bbox[2])}, $${params.push(f.bbox[3])}, 4326)`);
  if (f.ids) where.push(`id = ANY($${params.push(f.ids)}::text[])`);
  return where.length ? ` WHERE ${where.join(' AND ')}` : '';
}

export async function countLayer(db: Queryable, layer: Layer, f: RecordFilter = {}): Promise<number> {
  const params: unknown[] = [];
  const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLES[layer].table}${whereOf(layer, f, params)}`, params);
  return r[0].n;
}

export async function loadRecords(db: Queryable): Promise<Records> {
  const out = {} as Records;
  for (const l of LAYERS) (out as Record<Layer, unknown>)[l] = await readLayer(db, l);
  return out;
}

export async function knownIds(db: Queryable): Promise<{ nodes: Set<string>; links: Set<string>; crossings: Set<string>; ports: Set<string> }> {
  const ids = async (table: string) => new Set((await db.query<{ id: string }>(`SELECT id FROM ${table}`)).map((r) => r.id));
  return { nodes: await ids('nodes'), links: await ids('links'), crossings: await ids('crossings'), ports: await ids('ports') };
}

/** Removes every network record (all layers), e.g. to replace the bundled network inside one transaction. */
export async function clearNetwork(tx: Queryable): Promise<void> {
  for (const layer of [...LAYERS].reverse()) await tx.query(`DELETE FROM ${TABLES[layer].table}`);
}

/** The id of the newest import: every write of network records goes through one, so caches key on it. */
export async function lastImportId(db: Queryable): Promise<number> {
  const r = await db.query<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM imports');
  return r[0].n;
}

/** How many imports came from somewhere other than the bundled network (note 'bundled network'). */
export async function userImportCount(db: Queryable): Promise<number> {
  const r = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM imports WHERE note IS DISTINCT FROM 'bundled network'");
  return r[0].n;
}

export async function recordImport(tx: Queryable, files: string[], read: number, accepted: number, rejected: number, note: string | null): Promise<void> {
  await tx.query('INSERT INTO imports (files, read, accepted, rejected, note) VALUES ($1::jsonb, $2, $3, $4, $5)', [JSON.stringify(files), read, accepted, rejected, note]);
}

export async function getMeta(db: Queryable, key: string): Promise<string | null> {
  const r = await db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
  return r[0]?.value ?? null;
}

export async function setMeta(tx: Queryable, key: string, value: string): Promise<void> {
  await tx.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]);
}
