// Water-level use case: the bundled Caspian level figures (data/hazards/caspian-level.csv), the
// level in a chosen year, and for every Caspian port with a sourced draft the draft left then and
// the load the bundled vessel classes (data/hazards/caspian-vessels.csv) can still take in there;
// a port below the threshold gets a warning. Published load cuts are listed beside, as a check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KaravanError, makeIssue, type Issue } from '../core/issues.ts';
import { parseCsv } from '../ingest/csv.ts';
import { decimalYear, levelIn, portDraft, SCENARIOS_2100, type LevelEstimate, type LevelPoint, type PortDraft } from '../risk/index.ts';
import { loadLimit, type LoadLimit, type VesselClass } from '../risk/caspian.ts';
import { readLayer, type Db } from '../store/index.ts';
import { ingestAlertBody } from './alerts.ts';
import { PROJECT_ROOT } from './open.ts';

export const CASPIAN_LEVEL_FILE = join(PROJECT_ROOT, 'data/hazards/caspian-level.csv');
export const CASPIAN_VESSELS_FILE = join(PROJECT_ROOT, 'data/hazards/caspian-vessels.csv');
export const CASPIAN_LOAD_CUTS_FILE = join(PROJECT_ROOT, 'data/hazards/caspian-load-cuts.csv');

/** A bundled CSV as records by header name (the files are ours and tested: a bad one is a bug). */
function readBundledCsv(file: string): { line: number; get: (name: string) => string }[] {
  const r = parseCsv(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.reason}`);
  return r.rows.map((row) => ({ line: row.line, get: (name: string) => row.cells[r.header.indexOf(name)] ?? '' }));
}

function numOrNull(file: string, line: number, v: string): number | null {
  if (v.trim() === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${file}:${line}: ${JSON.stringify(v)} is not a number`);
  return n;
}

export function caspianVessels(file = CASPIAN_VESSELS_FILE): VesselClass[] {
  return readBundledCsv(file).map(({ line, get }) => {
    const num = (name: string) => numOrNull(file, line, get(name));
    const designDraftM = num('design_draft_m');
    if (designDraftM === null) throw new Error(`${file}:${line}: design_draft_m is required`);
    return {
      id: get('id'), name: get('name_en'), kind: get('kind'), lengthM: num('length_m'), beamM: num('beam_m'), designDraftM, deadweightT: num('deadweight_t'),
      draft2M: num('draft2_m'), deadweight2T: num('deadweight2_t'), source: `${get('source')} (${get('date')}) ${get('url')}`.trim(), confidence: get('confidence'),
    };
  });
}

export interface ReportedCut {
  port: string;
  year: number;
  vessel: string;
  measure: string;
  before: number;
  afterLow: number;
  afterHigh: number;
  unit: string;
  source: string;
}

export function caspianLoadCuts(file = CASPIAN_LOAD_CUTS_FILE): ReportedCut[] {
  return readBundledCsv(file).map(({ line, get }) => {
    const num = (name: string) => {
      const n = numOrNull(file, line, get(name));
      if (n === null) throw new Error(`${file}:${line}: ${name} is required`);
      return n;
    };
    return {
      port: get('port'), year: num('year'), vessel: get('vessel'), measure: get('measure'), before: num('before'), afterLow: num('after_low'), afterHigh: num('after_high'),
      unit: get('unit'), source: `${get('source')} (${get('date')}) ${get('url')}`.trim(),
    };
  });
}
export const WATER_YEARS = { min: 1900, max: 2100 };

export function caspianLevels(file = CASPIAN_LEVEL_FILE): LevelPoint[] {
  const r = parseCsv(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.reason}`);
  const col = (name: string) => r.header.indexOf(name);
  const [date, level, kind, confidence, source] = ['date', 'level_m_bs', 'kind', 'confidence', 'source'].map(col);
  return r.rows.map((row) => {
    const y = decimalYear(row.cells[date] ?? '');
    const levelM = Number(row.cells[level]);
    // the bundled file is ours and tested: a bad row is a bug, not user data
    if (!Number.isFinite(y) || !Number.isFinite(levelM)) throw new Error(`${file}:${row.line}: bad date or level`);
    return { year: y, levelM, kind: row.cells[kind] ?? '', confidence: row.cells[confidence] ?? '', source: row.cells[source] ?? '' };
  });
}

export interface WaterLevelReport {
  year: number;
  thresholdM: number;
  level: LevelEstimate;
  series: LevelPoint[];
  scenarios2100: typeof SCENARIOS_2100;
  ports: (PortDraft & { loadLimits: LoadLimit[]; reportedCuts: ReportedCut[] })[];
  vessels: VesselClass[];
  issues: Issue[];
}

export const DRAFT_ALERT_RADIUS_KM = 5;

/**
 * A port whose remaining draft falls below the threshold raises an alert of its own for that
 * year (Moderate; Observed for a year with level figures, Likely for a projection): a 5 km circle
 * round the port, so it shows in lists, impacts and watches like any other alert.
 */
function draftAlerts(r: WaterLevelReport, ports: Map<string, { lon: number; lat: number }>): unknown {
  const features = r.ports.filter((d) => d.remainingDraftM !== null && d.remainingDraftM < r.thresholdM && ports.has(d.id)).map((d) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [ports.get(d.id)!.lon, ports.get(d.id)!.lat] },
    properties: {
      id: `caspian-draft-${d.id}-${r.year}`, sender: 'karavan-caspian-level', event: 'Low water: draft below threshold', category: 'Env', severity: 'Moderate',
      certainty: r.level.kind === 'observed' ? 'Observed' : 'Likely', urgency: 'Future', onset: `${r.year}-01-01T00:00:00+00:00`, expires: `${r.year}-12-31T23:59:59+00:00`,
      headline: `${d.name}: ${d.remainingDraftM} m draft in ${r.year} (threshold ${r.thresholdM} m, level ${r.level.levelM} m BS)`, radiusKm: DRAFT_ALERT_RADIUS_KM,
    },
  }));
  return { type: 'FeatureCollection', features };
}

/** Stores the draft alerts of a report (again for the same port and year: a duplicate, skipped). */
export async function raiseDraftAlerts(db: Db, r: WaterLevelReport) {
  const ports = new Map((await readLayer(db, 'ports')).map((p) => [p.id, { lon: p.lon, lat: p.lat }]));
  return ingestAlertBody(db, new TextEncoder().encode(JSON.stringify(draftAlerts(r, ports))), 'caspian-draft.geojson', { now: `${r.year}-01-01T00:00:00Z` });
}

export async function waterLevelReport(db: Db, opts: { year: number; thresholdM: number }): Promise<WaterLevelReport> {
  if (opts.year < WATER_YEARS.min || opts.year > WATER_YEARS.max) throw new KaravanError('CAP_WATER_LEVEL', { field: 'year', value: opts.year, min: WATER_YEARS.min, max: WATER_YEARS.max });
  const series = caspianLevels();
  const ports = (await readLayer(db, 'ports')).filter((p) => p.sea === 'caspian');
  const drafts = ports.map((p) => portDraft(series, { id: p.id, name: p.name_en, maxDraftM: p.maxDraftM, draftYear: p.draftYear, draftSource: p.draftSource }, opts.year));
  const issues = drafts
    .filter((d) => d.remainingDraftM !== null && d.remainingDraftM < opts.thresholdM)
    .map((d) => makeIssue('CAP_PORT_DRAFT_LOW', { id: d.id }, { value: d.id, draftM: d.remainingDraftM, year: opts.year, thresholdM: opts.thresholdM }));
  const vessels = caspianVessels();
  const cuts = caspianLoadCuts();
  const withLoads = drafts.map((d) => ({
    ...d,
    loadLimits: d.remainingDraftM === null ? [] : vessels.map((v) => loadLimit(v, d.remainingDraftM!)),
    reportedCuts: cuts.filter((c) => c.port === d.id),
  }));
  return { year: opts.year, thresholdM: opts.thresholdM, level: levelIn(series, opts.year), series, scenarios2100: SCENARIOS_2100, ports: withLoads, vessels, issues };
}
