// The bundled hazard tables (data/hazards/*.csv) → typed records + issues, with the same CSV
// reader and cell checks as the curated build, so a bad row is reported as
// `data/hazards/caspian-level.csv:5 field "confidence": …` and never half-read.
// Pure: text in, records out; the caller reads the file and decides what an error means.
import type { Issue } from '../core/issues.ts';
import { HAZARD_CONFIDENCES, type HazardConfidence, type VesselClass } from '../core/model.ts';
import { parseCsv } from './curated/csv.ts';
import { Cells, checkHeader, rowsOf, type Row } from './curated/fields.ts';

export { HAZARD_CONFIDENCES, type HazardConfidence };

export const LEVEL_KINDS = ['observed', 'derived'] as const;

export interface HazardTable<T> {
  records: T[];
  issues: Issue[];
}

export interface LevelRecord {
  /** As written: `YYYY` or `YYYY-MM`. */
  date: string;
  levelM: number;
  kind: (typeof LEVEL_KINDS)[number];
  confidence: HazardConfidence;
  source: string;
  note: string | null;
}

export type VesselRecord = VesselClass;

export interface LoadCutRecord {
  port: string;
  year: number;
  vessel: string;
  measure: string;
  before: number;
  afterLow: number;
  afterHigh: number;
  unit: string;
  source: string;
  confidence: HazardConfidence;
}

const DATE_WORDS = { expected: 'a year or year-month (YYYY or YYYY-MM)', expected_ru: 'год или год-месяц (ГГГГ или ГГГГ-ММ)' };

/** Header check, then each row through `read`; a row with an error is dropped and its issues kept. */
function readTable<T>(text: string, file: string, required: readonly string[], optional: readonly string[], read: (c: Cells) => T): HazardTable<T> {
  const parsed = parseCsv(text, file);
  const issues = [...parsed.issues];
  if (!parsed.table) return { records: [], issues };
  const head = checkHeader(parsed.table, required, optional);
  issues.push(...head);
  if (head.some((i) => i.severity === 'error')) return { records: [], issues };
  const records: T[] = [];
  for (const row of rowsOf(parsed.table)) {
    const c = new Cells(row, issues);
    const r = read(c);
    if (!c.failed) records.push(r);
  }
  return { records, issues };
}

/** "source (date) url", the citation as one string; empty parts left out. */
function citation(row: Row): string {
  const date = row.get('date');
  return [row.get('source'), date ? `(${date})` : '', row.get('url')].filter((s) => s !== '').join(' ');
}

export function readCaspianLevels(text: string, file: string): HazardTable<LevelRecord> {
  return readTable(text, file, ['date', 'level_m_bs', 'kind', 'confidence', 'source'], ['note'], (c) => {
    const date = c.required('date');
    const m = /^(\d{4})(?:-(\d{2}))?$/.exec(date);
    if (date !== '' && (!m || (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 12)))) c.report('FIELD_TYPE', 'date', { value: date, ...DATE_WORDS });
    if (c.row.get('level_m_bs') === '') c.report('FIELD_REQUIRED', 'level_m_bs');
    // Metres of the Baltic system: the sea has been between about −25 and −30 m since records began.
    const levelM = c.num('level_m_bs', { min: -40, max: -20 }) ?? NaN;
    const kind = c.oneOf('kind', LEVEL_KINDS) ?? (c.required('kind'), 'observed');
    const confidence = c.oneOf('confidence', HAZARD_CONFIDENCES) ?? (c.required('confidence'), 'unconfirmed');
    return { date, levelM, kind, confidence, source: c.required('source'), note: c.str('note') };
  });
}

export function readCaspianVessels(text: string, file: string): HazardTable<VesselRecord> {
  const required = ['id', 'name_en', 'kind', 'design_draft_m', 'source', 'confidence'];
  const optional = ['name_ru', 'length_m', 'beam_m', 'deadweight_t', 'draft2_m', 'deadweight2_t', 'url', 'date', 'note'];
  return readTable(text, file, required, optional, (c) => {
    const m = (col: string) => c.num(col, { min: 0.1, max: 500 });
    const t = (col: string) => c.num(col, { min: 1, max: 500_000 });
    if (c.row.get('design_draft_m') === '') c.report('FIELD_REQUIRED', 'design_draft_m');
    return {
      id: c.required('id'), name_en: c.required('name_en'), name_ru: c.str('name_ru'), kind: c.required('kind'),
      lengthM: m('length_m'), beamM: m('beam_m'), designDraftM: c.num('design_draft_m', { min: 0.1, max: 30 }) ?? NaN, deadweightT: t('deadweight_t'),
      draft2M: c.num('draft2_m', { min: 0.1, max: 30 }), deadweight2T: t('deadweight2_t'), source: (c.required('source'), citation(c.row)),
      confidence: c.oneOf('confidence', HAZARD_CONFIDENCES) ?? (c.required('confidence'), 'unconfirmed'),
    };
  });
}

export function readCaspianLoadCuts(text: string, file: string): HazardTable<LoadCutRecord> {
  const required = ['port', 'year', 'vessel', 'measure', 'before', 'after_low', 'after_high', 'unit', 'source', 'confidence'];
  return readTable(text, file, required, ['url', 'date'], (c) => {
    const n = (col: string) => {
      if (c.row.get(col) === '') c.report('FIELD_REQUIRED', col);
      return c.num(col, { min: 0 }) ?? NaN;
    };
    if (c.row.get('year') === '') c.report('FIELD_REQUIRED', 'year');
    const r = {
      port: c.required('port'), year: c.year('year') ?? NaN, vessel: c.required('vessel'), measure: c.required('measure'),
      before: n('before'), afterLow: n('after_low'), afterHigh: n('after_high'), unit: c.required('unit'), source: (c.required('source'), citation(c.row)),
      confidence: c.oneOf('confidence', HAZARD_CONFIDENCES) ?? (c.required('confidence'), 'unconfirmed'),
    };
    // A cut is a range below the load before it; reversed figures are a typing slip in the file.
    if (r.afterLow > r.afterHigh) c.report('NUMBER_RANGE', 'after_low', { value: r.afterLow, min: 0, max: r.afterHigh });
    if (r.afterHigh > r.before) c.report('NUMBER_RANGE', 'after_high', { value: r.afterHigh, min: 0, max: r.before });
    return r;
  });
}
