// projects.csv rows → Project records. The `changes` cell is parsed into ProjectChange[]:
// `add_line X` becomes one add_link per section of line X, `set_line X a=v` one set per section.
import { isCountryCode } from '../../core/countries.ts';
import type { Issue } from '../../core/issues.ts';
import {
  CHANGE_ATTRS, CONFIDENCES, GAUGES_MM, PROJECT_KINDS, STATUSES,
  type ChangeAttr, type Confidence, type Link, type Project, type ProjectChange, CROSSING_CHANGE_ATTRS, PORT_CHANGE_ATTRS,
} from '../../core/model.ts';
import { Cells, type Row } from './fields.ts';
import { checkPlainId } from './ids.ts';

export const PROJECT_REQUIRED = ['id', 'name_en', 'name_ru', 'countries', 'kind', 'status', 'changes', 'citation', 'source', 'confidence'] as const;
export const PROJECT_OPTIONAL = ['year_start', 'year_end', 'cost_amount', 'cost_currency', 'financiers', 'note'] as const;

export interface ProjectContext {
  /** Line id → its links, in file order. */
  lines: ReadonlyMap<string, readonly Link[]>;
  crossings: ReadonlySet<string>;
  ports: ReadonlySet<string>;
}

export interface ProjectRow {
  project: Project;
  sources: { field: string; key: string }[];
}

const ATTR_ALIASES: Record<string, ChangeAttr> = {
  speed_kmh: 'speedKmh', capacity_per_day: 'capacityPerDay', capacity_tonnes_per_year: 'capacityTonnesPerYear', gauge_mm: 'gaugeMm',
};
const CROSSING_ATTRS = CROSSING_CHANGE_ATTRS;
const CROSSING_ALIASES: Record<string, (typeof CROSSING_ATTRS)[number]> = { dwell_hours_ab: 'dwellHoursAB', dwell_hours_ba: 'dwellHoursBA', capacity_per_day: 'capacityPerDay' };
const PORT_ATTRS = PORT_CHANGE_ATTRS;
const PORT_ALIASES: Record<string, (typeof PORT_ATTRS)[number]> = { max_draft_m: 'maxDraftM' };

type Parsed = { changes: ProjectChange[] } | { reason: string } | { dangling: string; layer: string };

function lineValue(attr: ChangeAttr, raw: string): number | boolean | string | null {
  if (attr === 'electrified') return raw === 'yes' || raw === 'true' ? true : raw === 'no' || raw === 'false' ? false : null;
  if (attr === 'status') return (STATUSES as readonly string[]).includes(raw) ? raw : null;
  const v = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(v)) return null;
  if (attr === 'gaugeMm' && !(GAUGES_MM as readonly number[]).includes(v)) return null;
  return v;
}

/** One change text → the changes it stands for, or why it cannot be taken. */
export function parseChange(text: string, ctx: ProjectContext): Parsed {
  const parts = text.trim().split(/\s+/);
  const [op, target, assign] = parts;
  if (op === 'add_line') {
    if (parts.length !== 2) return { reason: 'expected "add_line <line>"' };
    const links = ctx.lines.get(target);
    if (!links) return { dangling: target, layer: 'lines' };
    return { changes: links.map((l) => ({ op: 'add_link' as const, link: l.id })) };
  }
  if (op !== 'set_line' && op !== 'set_crossing' && op !== 'set_port') return { reason: `unknown operation ${JSON.stringify(op ?? '')} (add_line, set_line, set_crossing, set_port)` };
  if (parts.length !== 3 || !assign.includes('=')) return { reason: `expected "${op} <id> <attr>=<value>"` };
  const eq = assign.indexOf('=');
  const attrRaw = assign.slice(0, eq);
  const raw = assign.slice(eq + 1);
  if (op === 'set_line') {
    const attr = ATTR_ALIASES[attrRaw] ?? attrRaw;
    if (!(CHANGE_ATTRS as readonly string[]).includes(attr)) return { reason: `unknown attribute ${attrRaw} (${CHANGE_ATTRS.join(', ')})` };
    const value = lineValue(attr as ChangeAttr, raw);
    if (value === null) return { reason: `${raw} is not a valid value for ${attr}` };
    const links = ctx.lines.get(target);
    if (!links) return { dangling: target, layer: 'lines' };
    return { changes: links.map((l) => ({ op: 'set' as const, link: l.id, attr: attr as ChangeAttr, value })) };
  }
  const v = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw)) return { reason: `${raw} is not a number` };
  if (op === 'set_crossing') {
    const attr = CROSSING_ALIASES[attrRaw] ?? attrRaw;
    if (!(CROSSING_ATTRS as readonly string[]).includes(attr)) return { reason: `unknown attribute ${attrRaw} (${CROSSING_ATTRS.join(', ')})` };
    if (!ctx.crossings.has(target)) return { dangling: target, layer: 'crossings' };
    return { changes: [{ op: 'set_crossing', crossing: target, attr: attr as (typeof CROSSING_ATTRS)[number], value: v }] };
  }
  const attr = PORT_ALIASES[attrRaw] ?? attrRaw;
  if (!(PORT_ATTRS as readonly string[]).includes(attr)) return { reason: `unknown attribute ${attrRaw} (${PORT_ATTRS.join(', ')})` };
  if (!ctx.ports.has(target)) return { dangling: target, layer: 'ports' };
  return { changes: [{ op: 'set_port', port: target, attr: attr as (typeof PORT_ATTRS)[number], value: v }] };
}

export function readProject(row: Row, ctx: ProjectContext, sourceId: (id: string) => string, issues: Issue[]): ProjectRow | null {
  const c = new Cells(row, issues);
  const id = c.required('id');
  if (id !== '') checkPlainId(c, id);
  const nameEn = c.required('name_en');
  const nameRu = c.required('name_ru');
  const countries = c.list('countries');
  if (countries.length === 0) c.report('FIELD_REQUIRED', 'countries');
  for (const cc of countries) if (!isCountryCode(cc)) c.report('COUNTRY_UNKNOWN', 'countries', { value: cc });
  const kind = c.oneOf('kind', PROJECT_KINDS);
  if (c.str('kind') === null) c.report('FIELD_REQUIRED', 'kind');
  const status = c.oneOf('status', STATUSES, 'STATUS_UNKNOWN');
  if (c.str('status') === null) c.report('FIELD_REQUIRED', 'status');
  const yearStart = c.year('year_start');
  const yearEnd = c.year('year_end');
  if (yearStart !== null && yearEnd !== null && yearEnd < yearStart) c.report('YEAR_ORDER', 'year_end', { value: yearEnd, otherField: 'year_start', other: yearStart });
  const costRaw = c.str('cost_amount');
  let costAmount: number | null = null;
  if (costRaw !== null) {
    const v = Number(costRaw);
    if (!Number.isFinite(v)) c.report('FIELD_TYPE', 'cost_amount', { value: costRaw, expected: 'a number', expected_ru: 'число' });
    else if (v < 0) c.report('COST_NEGATIVE', 'cost_amount', { value: v });
    else costAmount = v;
  }
  const currency = c.str('cost_currency');
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) c.report('CURRENCY_INVALID', 'cost_currency', { value: currency });
  if (costAmount !== null && currency === null) c.report('FIELD_REQUIRED', 'cost_currency');
  const changes: ProjectChange[] = [];
  const texts = c.list('changes');
  for (const t of texts) {
    const p = parseChange(t, ctx);
    if ('changes' in p) {
      if (p.changes.length === 0) c.report('CHANGE_INVALID', 'changes', { value: t, reason: 'the line has no sections' });
      changes.push(...p.changes);
    } else if ('dangling' in p) c.report('REF_DANGLING', 'changes', { value: p.dangling, layer: p.layer });
    else c.report('CHANGE_INVALID', 'changes', { value: t, reason: p.reason });
  }
  const citation = c.required('citation');
  const confidence = c.oneOfOr<Confidence>('confidence', CONFIDENCES, 'inferred', 'CONFIDENCE_UNKNOWN');
  const sources: { field: string; key: string }[] = [];
  const src = c.str('source');
  if (src === null) c.report('FIELD_REQUIRED', 'source');
  else sources.push({ field: 'source', key: src });
  if (c.failed || kind === null || status === null) return null;
  const project: Project = {
    id, name_en: nameEn, name_ru: nameRu, countries, kind, status, yearStart, yearEnd, costAmount, costCurrency: currency,
    financiers: c.list('financiers'), changes, citation, sourceId: sourceId(id), confidence,
  };
  return { project, sources };
}
