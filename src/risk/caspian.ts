// The Caspian Sea level for a year (observed, interpolated between published figures, or
// projected) and what it does to a port's draft. The method is in docs/early-warning.md:
// a least-squares trend over the figures since 2011 (when the present decline began), a band
// from the currently reported rate of fall, and the published 2100 scenario ranges.
import { round } from '../core/geo.ts';
import { HAZARD_CONFIDENCES, type HazardConfidence, type VesselClass } from '../core/model.ts';

export const CASPIAN_CONFIDENCES = HAZARD_CONFIDENCES;
export type CaspianConfidence = HazardConfidence;
export const CONFIDENCE_RU: Record<CaspianConfidence, string> = { surveyed: 'измерено', published: 'опубликовано', estimated: 'оценка', inferred: 'выведено', unconfirmed: 'не подтверждено' };

/** One input weaker than `published` that a figure rests on, said in both languages. */
export interface WeakLink {
  confidence: CaspianConfidence;
  en: string;
  ru: string;
}

/** A figure's confidence is that of the weakest input it rests on; `confidenceWhy` lists every input below `published`, weakest first. */
export interface Rated {
  confidence: CaspianConfidence;
  confidenceWhy: WeakLink[];
}

const rank = (c: CaspianConfidence) => CASPIAN_CONFIDENCES.indexOf(c);

export function rate(links: readonly WeakLink[]): Rated {
  const seen = new Set<string>();
  const weak = links.filter((l) => rank(l.confidence) > rank('published') && !seen.has(l.en) && seen.add(l.en)).sort((a, b) => rank(b.confidence) - rank(a.confidence));
  return { confidence: weak[0]?.confidence ?? 'published', confidenceWhy: weak };
}

export interface LevelPoint {
  /** Decimal year (2025-07 → 2025.54). */
  year: number;
  /** As published (`2025-10`); absent in drawn series. */
  date?: string;
  levelM: number;
  kind: 'observed' | 'derived';
  confidence: CaspianConfidence;
  source: string;
}

function pointLink(p: LevelPoint): WeakLink {
  const label = p.date ?? String(Math.floor(p.year));
  const derived = p.kind === 'derived';
  return {
    confidence: p.confidence,
    en: `level ${label} (${p.levelM.toFixed(2)} m BS) is ${derived ? 'derived, ' : ''}${p.confidence}`,
    ru: `уровень ${label} (${p.levelM.toFixed(2)} м БС): ${derived ? 'рассчитан по сообщённому изменению; ' : ''}достоверность: ${CONFIDENCE_RU[p.confidence]}`,
  };
}

/** Published declines by 2100 (metres below the present level), domain-facts D.3. */
export const SCENARIOS_2100 = [
  { id: 'prange-2020', label: 'Prange, Wilke & Wesselingh 2020 (Commun. Earth Environ.)', lowM: 9, highM: 18 },
  { id: 'cmip6-ssp245', label: 'CMIP6 study, SSP2-4.5', lowM: 2, centralM: 8, highM: 15 },
  { id: 'cmip6-ssp585', label: 'CMIP6 study, SSP5-8.5', lowM: 11, centralM: 14, highM: 21 },
] as const;

/** Reported current rate of fall, 20–30 cm a year (Azerbaijan Deputy Ecology Minister, Xinhua 2025-08-26). */
export const REPORTED_RATE_M_PER_YEAR = [0.2, 0.3] as const;
export const TREND_FROM_YEAR = 2011;

export function decimalYear(date: string): number {
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(date.trim());
  if (!m) return NaN;
  return Number(m[1]) + (m[2] ? (Number(m[2]) - 0.5) / 12 : 0.5);
}

export function fitTrend(points: readonly LevelPoint[], fromYear = TREND_FROM_YEAR): { slopeMPerYear: number; interceptM: number; n: number } {
  const p = points.filter((x) => x.year >= fromYear);
  const n = p.length;
  const mx = p.reduce((s, x) => s + x.year, 0) / n, my = p.reduce((s, x) => s + x.levelM, 0) / n;
  let sxy = 0, sxx = 0;
  for (const x of p) {
    sxy += (x.year - mx) * (x.levelM - my);
    sxx += (x.year - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slopeMPerYear: slope, interceptM: my - slope * mx, n };
}

export interface LevelEstimate {
  year: number;
  levelM: number;
  /**
   * A year with figures is `observed` only when every figure in it is a published observation;
   * `derived` when one is worked out from a reported change, `unconfirmed` when one is unverified.
   */
  kind: 'observed' | 'derived' | 'unconfirmed' | 'interpolated' | 'projected' | 'before-series';
  /** For projections: low..high from the trend and the reported rate range. */
  bandM: [number, number] | null;
  trendMPerYear: number;
  /** For projections: each published 2100 scenario, scaled linearly to this year. */
  scenarios: { id: string; label: string; lowM: number; highM: number }[];
  /** The weakest of the figures used (for a projection: every figure behind the trend, and the projection itself, an estimate). */
  confidence: CaspianConfidence;
  confidenceWhy: WeakLink[];
}

/** Level in a calendar year (its mid-point). Observed when the series has published observations dated in it. */
export function levelIn(points: readonly LevelPoint[], year: number): LevelEstimate {
  const sorted = [...points].sort((a, b) => a.year - b.year);
  const trend = fitTrend(sorted);
  const base = { year, trendMPerYear: round(trend.slopeMPerYear, 4), bandM: null, scenarios: [] };
  const rated = (used: readonly LevelPoint[], extra: WeakLink[] = []) => rate([...used.map(pointLink), ...extra]);
  const inYear = sorted.filter((p) => Math.floor(p.year) === year);
  if (inYear.length) {
    const kind = inYear.some((p) => p.confidence === 'unconfirmed') ? 'unconfirmed'
      : inYear.some((p) => p.kind === 'derived') ? 'derived'
      : inYear.every((p) => rank(p.confidence) <= rank('published')) ? 'observed' : 'unconfirmed';
    return { ...base, levelM: round(inYear.reduce((s, p) => s + p.levelM, 0) / inYear.length, 3), kind, ...rated(inYear) };
  }
  const t = year + 0.5;
  const first = sorted[0], last = sorted[sorted.length - 1];
  if (t < first.year) return { ...base, levelM: first.levelM, kind: 'before-series', ...rated([first]) };
  if (t <= last.year) {
    const i = sorted.findIndex((p) => p.year >= t);
    const a = sorted[i - 1], b = sorted[i];
    return { ...base, levelM: round(a.levelM + ((b.levelM - a.levelM) * (t - a.year)) / (b.year - a.year), 3), kind: 'interpolated', ...rated([a, b]) };
  }
  const dt = t - last.year;
  const trendLevel = trend.interceptM + trend.slopeMPerYear * t;
  const fast = last.levelM - REPORTED_RATE_M_PER_YEAR[1] * dt, slow = last.levelM - REPORTED_RATE_M_PER_YEAR[0] * dt;
  const share = Math.min(1, dt / (2100 - last.year));
  const projection: WeakLink = { confidence: 'estimated', en: `${year} is projected from the trend`, ru: `${year}: прогноз по тренду` };
  return {
    ...base, levelM: round(trendLevel, 3), kind: 'projected',
    bandM: [round(Math.min(trendLevel, fast, slow), 3), round(Math.max(trendLevel, fast, slow), 3)],
    scenarios: SCENARIOS_2100.map((s) => ({ id: s.id, label: s.label, lowM: round(last.levelM - s.highM * share, 2), highM: round(last.levelM - s.lowM * share, 2) })),
    ...rated([...sorted.filter((p) => p.year >= TREND_FROM_YEAR), last], [projection]),
  };
}

export interface PortDraft extends Rated {
  id: string;
  name: string;
  referenceDraftM: number | null;
  referenceYear: number | null;
  referenceSource: string | null;
  /** Reference draft plus the level change since the reference year; dredging since is not known here. */
  remainingDraftM: number | null;
  lostM: number | null;
}

export interface PortDraftInput {
  id: string;
  name: string;
  name_ru?: string;
  maxDraftM: number | null;
  draftYear: number | null;
  draftSource: string | null;
  /** Of the port's record (and so of its draft); `published` when not given. */
  confidence?: CaspianConfidence;
}

/** The remaining draft, rated by the weakest of the port's draft and the levels of both years. */
export function portDraft(points: readonly LevelPoint[], port: PortDraftInput, year: number): PortDraft {
  const draftLink: WeakLink = {
    confidence: port.confidence ?? 'published',
    en: `${port.name} draft ${port.maxDraftM ?? '–'} m (${port.draftYear ?? 'no year'}) is ${port.confidence ?? 'published'}`,
    ru: `осадка ${port.name_ru ?? port.name} ${port.maxDraftM ?? '–'} м (${port.draftYear ?? 'без года'}): достоверность: ${CONFIDENCE_RU[port.confidence ?? 'published']}`,
  };
  const out: PortDraft = { id: port.id, name: port.name, referenceDraftM: port.maxDraftM, referenceYear: port.draftYear, referenceSource: port.draftSource, remainingDraftM: null, lostM: null, ...rate([draftLink]) };
  if (port.maxDraftM === null || port.draftYear === null) return out;
  const then = levelIn(points, port.draftYear), now = levelIn(points, year);
  const lost = then.levelM - now.levelM;
  return { ...out, remainingDraftM: round(port.maxDraftM - lost, 2), lostM: round(lost, 2), ...rate([draftLink, ...then.confidenceWhy, ...now.confidenceWhy]) };
}

/**
 * Caspian water: salinity about 12–13 ‰ (fresh near the Volga), so about 1.01 t/m³ at 15 °C, and a
 * waterplane coefficient typical of full-bodied river-sea hulls. Both only serve the estimate below.
 */
export const CASPIAN_DENSITY_T_PER_M3 = 1.01;
export const WATERPLANE_COEFFICIENT = 0.85;

export type { VesselClass };

/**
 * Tonnes per centimetre of immersion near the design waterline: from two published (draft,
 * deadweight) points when there are two, else estimated from the waterplane, ρ·Cwp·L·B / 100.
 */
export function tonnesPerCm(v: VesselClass): { tPerCm: number; method: 'published-pair' | 'waterplane-estimate' } | null {
  if (v.deadweightT !== null && v.draft2M !== null && v.deadweight2T !== null && v.designDraftM !== v.draft2M) {
    return { tPerCm: round((v.deadweightT - v.deadweight2T) / ((v.designDraftM - v.draft2M) * 100), 2), method: 'published-pair' };
  }
  if (v.lengthM === null || v.beamM === null) return null;
  return { tPerCm: round((CASPIAN_DENSITY_T_PER_M3 * WATERPLANE_COEFFICIENT * v.lengthM * v.beamM) / 100, 2), method: 'waterplane-estimate' };
}

export interface LoadLimit extends Rated {
  vessel: string;
  name: string;
  name_ru: string | null;
  designDraftM: number;
  /** The draft the vessel may load to at this port: its design draft or the port's remaining draft. */
  allowedDraftM: number;
  tPerCm: number | null;
  tPerCmMethod: string | null;
  /** Deadweight it has to leave behind; null when tonnes per cm are unknown. */
  lostT: number | null;
  /** Deadweight it can still carry; null without a published deadweight. */
  limitT: number | null;
  shareOfDesign: number | null;
}

/**
 * The load a vessel can still take into a port whose remaining draft is `remainingDraftM`:
 * deadweight − (design draft − remaining draft) × 100 × tonnes per cm. Linear in the draft lost,
 * which holds near the waterline (a ship's waterplane narrows lower down, so for cuts of more than
 * about a metre this overstates the loss); never below zero. A port draft is already a permissible
 * draft, so no under-keel clearance is taken off again. Rated by the weakest of the port's draft
 * (`draft`, from portDraft; a draft given by hand counts as published), the vessel's figures and
 * its TPC (a waterplane estimate is an estimate).
 */
export function loadLimit(v: VesselClass, remainingDraftM: number, draft: Rated = rate([])): LoadLimit {
  const tpc = tonnesPerCm(v);
  const allowedDraftM = round(Math.min(v.designDraftM, Math.max(0, remainingDraftM)), 2);
  const cutCm = (v.designDraftM - allowedDraftM) * 100;
  const lostRaw = tpc ? cutCm * tpc.tPerCm : null;
  const lostT = lostRaw === null ? null : Math.round(v.deadweightT !== null ? Math.min(v.deadweightT, lostRaw) : lostRaw);
  const limitT = v.deadweightT !== null && lostT !== null ? v.deadweightT - lostT : null;
  const links: WeakLink[] = [...draft.confidenceWhy, { confidence: v.confidence, en: `${v.name_en}: figures ${v.confidence}`, ru: `${v.name_ru ?? v.name_en}: достоверность данных: ${CONFIDENCE_RU[v.confidence]}` }];
  if (tpc?.method === 'waterplane-estimate') links.push({ confidence: 'estimated', en: `${v.name_en}: tonnes per cm estimated from the waterplane`, ru: `${v.name_ru ?? v.name_en}: тонн на см — оценка по площади ватерлинии` });
  return {
    vessel: v.id, name: v.name_en, name_ru: v.name_ru, designDraftM: v.designDraftM, allowedDraftM, tPerCm: tpc?.tPerCm ?? null, tPerCmMethod: tpc?.method ?? null,
    lostT, limitT, shareOfDesign: limitT !== null && v.deadweightT ? round(limitT / v.deadweightT, 3) : null, ...rate(links),
  };
}
