// Water-level use case: the bundled Caspian level figures (data/hazards/caspian-level.csv), the
// level in a chosen year, and for every Caspian port with a sourced draft the draft left then and
// the load the bundled vessel classes (data/hazards/caspian-vessels.csv) can still take in there;
// a port below the threshold gets a warning. Published load cuts are listed beside, as a check.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors, KaravanError, makeIssue, renderIssue, type Issue, type Lang } from '../core/issues.ts';
import { readCaspianLevels, readCaspianLoadCuts, readCaspianVessels, type HazardTable, type LoadCutRecord } from '../ingest/hazards.ts';
import {
  decimalYear, levelIn, loadLimit, portDraft, SCENARIOS_2100, CASPIAN_CONFIDENCES, CONFIDENCE_RU,
  type CaspianConfidence, type LevelEstimate, type LevelPoint, type LoadLimit, type PortDraft, type VesselClass,
} from '../risk/index.ts';
import { readLayer, type Db } from '../store/index.ts';
import { ingestAlertBody } from './alerts.ts';
import { PROJECT_ROOT } from './open.ts';

export const CASPIAN_LEVEL_FILE = join(PROJECT_ROOT, 'data/hazards/caspian-level.csv');
export const CASPIAN_VESSELS_FILE = join(PROJECT_ROOT, 'data/hazards/caspian-vessels.csv');
export const CASPIAN_LOAD_CUTS_FILE = join(PROJECT_ROOT, 'data/hazards/caspian-load-cuts.csv');

/** A bundled table (ours, tested in CI): any error in it is a bug, thrown with every issue rendered. */
function bundled<T>(file: string, read: (text: string, file: string) => HazardTable<T>): T[] {
  const name = relative(PROJECT_ROOT, file) || file;
  const r = read(readFileSync(file, 'utf8'), name);
  if (hasErrors(r.issues)) throw new Error(`${name} is invalid:\n${r.issues.map((i) => renderIssue(i)).join('\n')}`);
  return r.records;
}

export function caspianVessels(file = CASPIAN_VESSELS_FILE): VesselClass[] {
  return bundled(file, readCaspianVessels);
}

export type ReportedCut = LoadCutRecord;

export function caspianLoadCuts(file = CASPIAN_LOAD_CUTS_FILE): ReportedCut[] {
  return bundled(file, readCaspianLoadCuts);
}

export const WATER_YEARS = { min: 1900, max: 2100 };

export function caspianLevels(file = CASPIAN_LEVEL_FILE): LevelPoint[] {
  return bundled(file, readCaspianLevels).map((p) => ({ year: decimalYear(p.date), date: p.date, levelM: p.levelM, kind: p.kind, confidence: p.confidence, source: p.source }));
}

export type { CaspianConfidence, Rated, WeakLink } from '../risk/index.ts';

/** The confidence word for text output (the JSON keeps the English key). */
export const confidenceWord = (c: CaspianConfidence, lang: Lang): string => (lang === 'ru' ? CONFIDENCE_RU[c] : c);

/** A port record's confidence on the Caspian scale (the store keeps the project's scale, a subset). */
const portConfidence = (c: string): CaspianConfidence => ((CASPIAN_CONFIDENCES as readonly string[]).includes(c) ? (c as CaspianConfidence) : 'unconfirmed');

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
  const drafts = ports.map((p) => portDraft(series, { id: p.id, name: p.name_en, name_ru: p.name_ru || undefined, maxDraftM: p.maxDraftM, draftYear: p.draftYear, draftSource: p.draftSource, confidence: portConfidence(p.confidence) }, opts.year));
  const issues = drafts
    .filter((d) => d.remainingDraftM !== null && d.remainingDraftM < opts.thresholdM)
    .map((d) => makeIssue('CAP_PORT_DRAFT_LOW', { id: d.id }, { value: d.id, draftM: d.remainingDraftM, year: opts.year, thresholdM: opts.thresholdM }));
  const vessels = caspianVessels();
  const cuts = caspianLoadCuts();
  const withLoads = drafts.map((d) => ({
    ...d,
    loadLimits: d.remainingDraftM === null ? [] : vessels.map((v) => loadLimit(v, d.remainingDraftM!, d)),
    reportedCuts: cuts.filter((c) => c.port === d.id),
  }));
  return { year: opts.year, thresholdM: opts.thresholdM, level: levelIn(series, opts.year), series, scenarios2100: SCENARIOS_2100, ports: withLoads, vessels, issues };
}
