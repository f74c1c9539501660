// Costing profiles: what a unit of freight pays per mode, per transfer and per border. Profiles are
// data files users edit (data/profiles/*.json); this file validates one, naming file, field and value.
import { KaravanError } from '../core/issues.ts';
import { MODES, type Mode } from '../core/model.ts';

export interface ModeCosts {
  /** Line-haul tariff per unit (TEU or tonne) per km. */
  tariffUsdPerKm: number;
  /** Average commercial speed, stops included; a link's own lower speed still applies. */
  speedKmh: number;
  co2KgPerTonneKm: number;
  /** Disruption score per 1000 km (see docs/routing.md "Risk"). */
  riskPer1000Km: number;
  /** Charged once per link of this mode that starts a leg (e.g. a ferry sailing's port dues). */
  fixedUsdPerLeg: number;
}

export interface Profile {
  id: string;
  name_en: string;
  name_ru: string;
  /** What one unit is: "TEU", "FEU", "tonne". */
  unit: string;
  tonnesPerUnit: number;
  modes: Record<Mode, ModeCosts>;
  transshipment: { usd: number; hours: number; risk: number };
  gaugeChange: { usd: number; hours: number; risk: number };
  /**
   * customsUnionDwellHours: the dwell at a crossing between two members of one customs union when
   * the crossing has none of its own (a technical stop, no customs clearance); default when absent.
   */
  border: { usd: number; defaultDwellHours: number; risk: number; customsUnionDwellHours?: number };
  /** Customs unions (country codes per union): borders between members have no customs control. */
  customsUnions?: { id: string; members: string[] }[];
  /** Waiting for a ferry when its frequency is unknown. */
  ferryDefaultWaitHours: number;
  /** Default weights of the weighted objective (USD per unit of each criterion). */
  weights: Weights;
  /** Citation per field path, e.g. "modes.rail.co2KgPerTonneKm": "GLEC Framework v3.0 …". */
  sources: Record<string, string>;
}

export interface Weights {
  usd: number;
  hours: number;
  co2Kg: number;
  risk: number;
}

export const CRITERIA = ['usd', 'hours', 'co2Kg', 'risk'] as const;
export type Criterion = (typeof CRITERIA)[number];

type Obj = Record<string, unknown>;

function fail(file: string, field: string, value: unknown, expected: string): never {
  throw new KaravanError('ROUTE_PROFILE_INVALID', { file, field, value, expected });
}

function num(o: Obj, key: string, file: string, path: string, min = 0, max = 1e9): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(file, `${path}${key}`, v, `a number ${min}..${max}`);
  return v;
}

function str(o: Obj, key: string, file: string, path = ''): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') fail(file, `${path}${key}`, v, 'a non-empty string');
  return v;
}

function obj(o: Obj, key: string, file: string, path = ''): Obj {
  const v = o[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, `${path}${key}`, v, 'an object');
  return v as Obj;
}

/** Every numeric field must cite a source (the docs say where each figure comes from). */
const NEEDS_SOURCE = [
  ...MODES.flatMap((m) => ['tariffUsdPerKm', 'speedKmh', 'co2KgPerTonneKm', 'riskPer1000Km'].map((f) => `modes.${m}.${f}`)),
  'tonnesPerUnit', 'transshipment', 'gaugeChange', 'border', 'ferryDefaultWaitHours',
];

export function parseProfile(text: string, file: string): Profile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail(file, '(file)', (e as Error).message, 'valid JSON');
  }
  if (typeof raw !== 'object' || raw === null) fail(file, '(file)', raw, 'a JSON object');
  const o = raw as Obj;
  const modesObj = obj(o, 'modes', file);
  const modes = {} as Record<Mode, ModeCosts>;
  for (const m of MODES) {
    const mo = obj(modesObj, m, file, 'modes.');
    const p = `modes.${m}.`;
    modes[m] = {
      tariffUsdPerKm: num(mo, 'tariffUsdPerKm', file, p),
      speedKmh: num(mo, 'speedKmh', file, p, 1, 1000),
      co2KgPerTonneKm: num(mo, 'co2KgPerTonneKm', file, p, 0, 10),
      riskPer1000Km: num(mo, 'riskPer1000Km', file, p),
      fixedUsdPerLeg: mo.fixedUsdPerLeg === undefined ? 0 : num(mo, 'fixedUsdPerLeg', file, p),
    };
  }
  const part = (key: string, fields: string[]) => {
    const po = obj(o, key, file);
    return Object.fromEntries(fields.map((f) => [f, num(po, f, file, `${key}.`)]));
  };
  const w = obj(o, 'weights', file);
  const sourcesObj = obj(o, 'sources', file);
  const sources: Record<string, string> = {};
  for (const [k, v] of Object.entries(sourcesObj)) {
    if (typeof v !== 'string' || !v.trim()) fail(file, `sources.${k}`, v, 'a citation string');
    sources[k] = v;
  }
  const needs = [...NEEDS_SOURCE];
  if (o.customsUnions !== undefined) needs.push('customsUnions');
  if (typeof o.border === 'object' && o.border !== null && (o.border as Obj).customsUnionDwellHours !== undefined) needs.push('border.customsUnionDwellHours');
  for (const need of needs) if (!sources[need]) fail(file, `sources.${need}`, undefined, 'a citation for this figure');
  return {
    id: str(o, 'id', file),
    name_en: str(o, 'name_en', file),
    name_ru: str(o, 'name_ru', file),
    unit: str(o, 'unit', file),
    tonnesPerUnit: num(o, 'tonnesPerUnit', file, '', 0.001, 1e6),
    modes,
    transshipment: part('transshipment', ['usd', 'hours', 'risk']) as Profile['transshipment'],
    gaugeChange: part('gaugeChange', ['usd', 'hours', 'risk']) as Profile['gaugeChange'],
    border: parseBorder(o, file),
    customsUnions: parseUnions(o, file),
    ferryDefaultWaitHours: num(o, 'ferryDefaultWaitHours', file, ''),
    weights: { usd: num(w, 'usd', file, 'weights.'), hours: num(w, 'hours', file, 'weights.'), co2Kg: num(w, 'co2Kg', file, 'weights.'), risk: num(w, 'risk', file, 'weights.') },
    sources,
  };
}

function parseBorder(o: Obj, file: string): Profile['border'] {
  const b = obj(o, 'border', file);
  const out: Profile['border'] = { usd: num(b, 'usd', file, 'border.'), defaultDwellHours: num(b, 'defaultDwellHours', file, 'border.'), risk: num(b, 'risk', file, 'border.') };
  if (b.customsUnionDwellHours !== undefined) out.customsUnionDwellHours = num(b, 'customsUnionDwellHours', file, 'border.', 0, 1000);
  return out;
}

/** Optional; each union an id and at least two distinct country codes (ISO 3166-1 alpha-2). */
function parseUnions(o: Obj, file: string): { id: string; members: string[] }[] {
  const v = o.customsUnions;
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(file, 'customsUnions', v, 'an array of {id, members}');
  return v.map((u, i) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) fail(file, `customsUnions[${i}]`, u, 'an object {id, members}');
    const uo = u as Obj;
    const id = str(uo, 'id', file, `customsUnions[${i}].`);
    const m = uo.members;
    if (!Array.isArray(m) || m.length < 2 || m.some((c) => typeof c !== 'string' || !/^[A-Z]{2}$/.test(c)) || new Set(m).size !== m.length) {
      fail(file, `customsUnions[${i}].members`, m, 'at least two distinct two-letter country codes');
    }
    return { id, members: m as string[] };
  });
}

/** Parses "usd=1,hours=0.2" over a base; unknown names and bad numbers are refused. */
export function parseWeights(text: string, base: Weights, option = '--weights'): Weights {
  const out = { ...base };
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!(CRITERIA as readonly string[]).includes(k)) throw new KaravanError('OPTION_INVALID', { option, value: part, allowed: CRITERIA.map((c) => `${c}=N`).join(', ') });
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(n) || n < 0) throw new KaravanError('OPTION_INVALID', { option, value: part, allowed: `${k}=N with N ≥ 0` });
    out[k as Criterion] = n;
  }
  if (CRITERIA.every((c) => out[c] === 0)) throw new KaravanError('OPTION_INVALID', { option, value: text, allowed: 'at least one weight above 0' });
  return out;
}
