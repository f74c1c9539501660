// A freight OD matrix as CSV → validated records + issues (pure: the caller supplies the text and
// how to recognise zones). Columns: origin,destination,tonnesPerYear[,teuPerYear][,commodity],source,
// confidence, in any order. Origins and destinations are node ids of the network or place names the
// caller's resolvePlace turns into node ids. Every row is checked and every problem reported;
// a rejected row is counted and has at least one issue, so nothing is dropped silently.
// The bundled matrix (data/demand/od-matrix.csv) and its method: docs/demand.md.
import { parseCsv } from './csv.ts';
import { makeIssue, type Issue, type Location } from '../core/issues.ts';
import { CONFIDENCES, type Confidence } from '../core/model.ts';

export interface OdRecord {
  /** Node ids (a place name in the file is already resolved here). */
  origin: string;
  destination: string;
  tonnesPerYear: number;
  teuPerYear: number | null;
  commodity: string | null;
  source: string;
  confidence: Confidence;
  line: number;
}

export interface OdReadOptions {
  /** Shown in every issue's location. */
  file: string;
  isNode: (id: string) => boolean;
  /** Place name → node id, or null when the place is unknown. Without it only node ids are accepted. */
  resolvePlace?: (name: string) => string | null;
}

export interface OdReadResult {
  records: OdRecord[];
  issues: Issue[];
  read: number;
  accepted: number;
  rejected: number;
  totalTonnesPerYear: number;
}

const REQUIRED = ['origin', 'destination', 'tonnesPerYear', 'source', 'confidence'] as const;
const OPTIONAL = ['teuPerYear', 'commodity'] as const;
const KNOWN = new Set<string>([...REQUIRED, ...OPTIONAL]);

export function readOdCsv(text: string, opts: OdReadOptions): OdReadResult {
  const issues: Issue[] = [];
  const result: OdReadResult = { records: [], issues, read: 0, accepted: 0, rejected: 0, totalTonnesPerYear: 0 };
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    issues.push(makeIssue(text.trim() === '' ? 'FILE_EMPTY' : 'CSV_INVALID', { file: opts.file, line: parsed.line }, { reason: parsed.reason }));
    return result;
  }
  const col = new Map(parsed.header.map((h, i) => [h, i]));
  const headerAt: Location = { file: opts.file, line: parsed.headerLine };
  for (const name of REQUIRED) {
    if (!col.has(name)) issues.push(makeIssue('DEMAND_COLUMN_MISSING', headerAt, { value: parsed.header.join(','), expected: name }));
  }
  for (const h of parsed.header) if (!KNOWN.has(h)) issues.push(makeIssue('PROPERTY_UNKNOWN', { ...headerAt, field: h }, { value: h }));
  if (issues.some((i) => i.code === 'DEMAND_COLUMN_MISSING')) return result;
  if (parsed.rows.length === 0) issues.push(makeIssue('FILE_EMPTY', headerAt));

  const firstLine = new Map<string, number>();
  for (const row of parsed.rows) {
    result.read++;
    const before = issues.length;
    let bad = false;
    const at = (field?: string): Location => ({ file: opts.file, line: row.line, ...(field ? { field } : {}) });
    const fail = (code: string, field: string | undefined, params: Record<string, unknown>) => {
      issues.push(makeIssue(code, at(field), params));
      bad ||= issues[issues.length - 1].severity === 'error';
    };
    if (row.cells.length !== parsed.header.length) {
      fail('CSV_COLUMNS', undefined, { count: row.cells.length, expected: parsed.header.length });
      result.rejected++;
      continue;
    }
    const cell = (name: string): string => (col.has(name) ? row.cells[col.get(name)!].trim() : '');

    const zone = (field: 'origin' | 'destination'): string => {
      const v = cell(field);
      if (v === '') { fail('FIELD_REQUIRED', field, {}); return ''; }
      if (opts.isNode(v)) return v;
      const node = opts.resolvePlace?.(v) ?? null;
      if (node !== null && opts.isNode(node)) return node;
      fail('DEMAND_ZONE_UNKNOWN', field, { value: v });
      return '';
    };
    const amount = (field: 'tonnesPerYear' | 'teuPerYear', required: boolean): number | null => {
      const v = cell(field);
      if (v === '') { if (required) fail('FIELD_REQUIRED', field, {}); return null; }
      const x = Number(v);
      // Number('') and Number(' ') are 0, caught above; 'NaN', '-1' and '1e999' are refused here
      if (!Number.isFinite(x) || x < 0) { fail('DEMAND_FLOW_INVALID', field, { value: v }); return null; }
      return x;
    };
    const origin = zone('origin');
    const destination = zone('destination');
    const tonnes = amount('tonnesPerYear', true);
    const teu = amount('teuPerYear', false);
    const source = cell('source');
    if (source === '') fail('FIELD_REQUIRED', 'source', {});
    const confidence = cell('confidence');
    if (!(CONFIDENCES as readonly string[]).includes(confidence)) fail('CONFIDENCE_UNKNOWN', 'confidence', { value: confidence });
    const commodity = cell('commodity') || null;

    if (!bad && origin === destination) {
      fail('DEMAND_SAME_ZONE', 'destination', { value: origin });
      result.rejected++;
      continue;
    }
    if (!bad) {
      const key = `${origin}→${destination}`;
      const dupKey = `${key}|${commodity ?? ''}`;
      const first = firstLine.get(dupKey);
      if (first !== undefined) fail('DEMAND_DUPLICATE', undefined, { value: key, commodity: commodity ?? '', first });
      else firstLine.set(dupKey, row.line);
    }
    if (bad || tonnes === null) {
      if (issues.length === before) throw new Error(`bug: row ${row.line} rejected without an issue`);
      result.rejected++;
      continue;
    }
    result.records.push({ origin, destination, tonnesPerYear: tonnes, teuPerYear: teu, commodity, source, confidence: confidence as Confidence, line: row.line });
    result.accepted++;
    result.totalTonnesPerYear += tonnes;
  }
  return result;
}
