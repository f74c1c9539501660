// What an alert does to the links it touches, from its CAP severity, certainty and urgency.
// The table is documented in docs/early-warning.md; it is deliberately coarse (three effects)
// because CAP says nothing about traffic: it only grades how bad and how sure.
export type EffectKind = 'closure' | 'delay' | 'watch' | 'none';

export interface AlertEffect {
  kind: EffectKind;
  /** Multiplies travel time on touched links (1 = unchanged; Infinity for a closure). */
  timeFactor: number;
  /** Added to the risk component of every touched link crossed (0..1, a rough disruption probability). */
  riskAdd: number;
}

export const EFFECT_TABLE: Record<string, Record<string, AlertEffect>> = {
  Extreme: {
    Observed: { kind: 'closure', timeFactor: Infinity, riskAdd: 1 },
    Likely: { kind: 'closure', timeFactor: Infinity, riskAdd: 1 },
    Possible: { kind: 'delay', timeFactor: 2, riskAdd: 0.3 },
    Unlikely: { kind: 'watch', timeFactor: 1, riskAdd: 0.05 },
    Unknown: { kind: 'delay', timeFactor: 1.5, riskAdd: 0.2 },
  },
  Severe: {
    Observed: { kind: 'closure', timeFactor: Infinity, riskAdd: 1 },
    Likely: { kind: 'delay', timeFactor: 2, riskAdd: 0.3 },
    Possible: { kind: 'delay', timeFactor: 1.25, riskAdd: 0.15 },
    Unlikely: { kind: 'watch', timeFactor: 1, riskAdd: 0.03 },
    Unknown: { kind: 'delay', timeFactor: 1.25, riskAdd: 0.15 },
  },
  Moderate: {
    Observed: { kind: 'delay', timeFactor: 1.25, riskAdd: 0.1 },
    Likely: { kind: 'delay', timeFactor: 1.25, riskAdd: 0.1 },
    Possible: { kind: 'watch', timeFactor: 1, riskAdd: 0.05 },
    Unlikely: { kind: 'watch', timeFactor: 1, riskAdd: 0.01 },
    Unknown: { kind: 'watch', timeFactor: 1, riskAdd: 0.05 },
  },
  Minor: {
    Observed: { kind: 'watch', timeFactor: 1, riskAdd: 0.02 },
    Likely: { kind: 'watch', timeFactor: 1, riskAdd: 0.02 },
    Possible: { kind: 'watch', timeFactor: 1, riskAdd: 0.01 },
    Unlikely: { kind: 'none', timeFactor: 1, riskAdd: 0 },
    Unknown: { kind: 'watch', timeFactor: 1, riskAdd: 0.01 },
  },
  Unknown: {
    Observed: { kind: 'watch', timeFactor: 1, riskAdd: 0.02 },
    Likely: { kind: 'watch', timeFactor: 1, riskAdd: 0.02 },
    Possible: { kind: 'watch', timeFactor: 1, riskAdd: 0.01 },
    Unlikely: { kind: 'none', timeFactor: 1, riskAdd: 0 },
    Unknown: { kind: 'watch', timeFactor: 1, riskAdd: 0.01 },
  },
};

const NONE: AlertEffect = { kind: 'none', timeFactor: 1, riskAdd: 0 };

/**
 * The effect of one alert. An event in the past (urgency Past) or an all-clear (responseType
 * AllClear) changes nothing; anything else reads the table.
 */
export function effectOf(a: { severity: string | null; certainty: string | null; urgency: string | null; responseTypes?: readonly string[] }): AlertEffect {
  if (a.urgency === 'Past' || a.responseTypes?.includes('AllClear')) return NONE;
  return EFFECT_TABLE[a.severity ?? 'Unknown']?.[a.certainty ?? 'Unknown'] ?? NONE;
}

/**
 * The effect of an area given only by a geocode (a country code resolved to the whole country's
 * boundary): it says where a warning applies, not which roads are shut, so it is capped at a watch,
 * risk only, and no more risk than the table gives any watch.
 */
export const GEOCODE_RISK_CAP = Math.max(...Object.values(EFFECT_TABLE).flatMap((row) => Object.values(row).filter((e) => e.kind === 'watch').map((e) => e.riskAdd)));

export function cappedAtWatch(e: AlertEffect): AlertEffect {
  if (e.kind === 'none' || e.kind === 'watch') return e;
  return { kind: 'watch', timeFactor: 1, riskAdd: Math.min(e.riskAdd, GEOCODE_RISK_CAP) };
}

/**
 * riskAdd is the risk of travelling this many km inside an alert's areas: risk grows with the km
 * exposed, so it does not depend on how a line is cut into links (a storm over a station between
 * two links adds what it adds in the middle of one).
 */
export const RISK_REF_KM = 100;

/**
 * One crossing an alert's areas touch. `fromGeocode`: touched only through areas resolved from
 * geocodes (a country code), which are capped at a watch.
 */
export interface EffectHit { alertId: string; id: string; fromGeocode?: boolean }
/** One link an alert's areas touch: `fraction` is the share of its geometry inside them, of `lengthKm`. */
export interface EffectLinkHit extends EffectHit { fraction: number; lengthKm: number }

/** What a set of alert effects does to the network, per link and crossing id (route-overlay shaped). */
export interface EffectOverlay {
  /** Link id → the closure alerts that close it. */
  closedBy: Record<string, string[]>;
  /** Link id → travel-time multiplier (entries of 1 left out). */
  linkTimeFactor: Record<string, number>;
  /** Link id → risk added per traversal: riskAdd × km inside / RISK_REF_KM (entries of 0 left out). */
  linkRiskAdd: Record<string, number>;
  /** Open link id → the delay and watch alerts touching it. */
  touchedBy: Record<string, string[]>;
  /** Crossing id → the factor of its border wait, each way (delay alerts only). */
  crossingFactor: Record<string, number>;
  /** Crossing id → the delay alerts behind it. */
  delayedBy: Record<string, string[]>;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Effects → per-link closures, time factors and risk, the strongest effect winning where alerts
 * overlap (several publishers often issue the same event, so effects are not added up). A delay
 * slows only the part of a link inside its areas: factor 1 + (timeFactor − 1) × fraction, so a
 * 40 km circle does not slow a 600 km line end to end; risk is riskAdd per RISK_REF_KM inside.
 * Hits through geocode areas count as a watch at most (cappedAtWatch). A closed link carries no
 * factor or risk. `exclude` leaves alerts out (what would change without one).
 */
export function overlayOfEffects(effects: ReadonlyMap<string, AlertEffect>, links: readonly EffectLinkHit[], crossings: readonly EffectHit[], exclude?: ReadonlySet<string>): EffectOverlay {
  const out: EffectOverlay = { closedBy: {}, linkTimeFactor: {}, linkRiskAdd: {}, touchedBy: {}, crossingFactor: {}, delayedBy: {} };
  const factor = new Map<string, number>(), risk = new Map<string, number>();
  const applied = (h: EffectHit) => {
    const e = exclude?.has(h.alertId) ? undefined : effects.get(h.alertId);
    return e && h.fromGeocode ? cappedAtWatch(e) : e;
  };
  for (const h of links) {
    const e = applied(h);
    if (!e || e.kind === 'none') continue;
    if (e.kind === 'closure') {
      const by = (out.closedBy[h.id] ??= []);
      if (!by.includes(h.alertId)) by.push(h.alertId);
      continue;
    }
    const by = (out.touchedBy[h.id] ??= []);
    if (!by.includes(h.alertId)) by.push(h.alertId);
    const share = Math.min(1, Math.max(0, h.fraction));
    factor.set(h.id, Math.max(factor.get(h.id) ?? 1, 1 + (e.timeFactor - 1) * share));
    risk.set(h.id, Math.max(risk.get(h.id) ?? 0, (e.riskAdd * share * h.lengthKm) / RISK_REF_KM));
  }
  for (const id of Object.keys(out.closedBy)) delete out.touchedBy[id];
  for (const [id, f] of factor) if (!out.closedBy[id] && round4(f) !== 1) out.linkTimeFactor[id] = round4(f);
  for (const [id, r] of risk) if (!out.closedBy[id] && round4(r) > 0) out.linkRiskAdd[id] = round4(r);
  for (const c of crossings) {
    const e = applied(c);
    if (!e || e.kind !== 'delay') continue;
    out.crossingFactor[c.id] = Math.max(out.crossingFactor[c.id] ?? 1, e.timeFactor);
    const by = (out.delayedBy[c.id] ??= []);
    if (!by.includes(c.alertId)) by.push(c.alertId);
  }
  return out;
}
