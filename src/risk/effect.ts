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

/** One link or crossing an alert's areas touch; `fraction` is the share of the link's geometry inside. */
export interface EffectHit { alertId: string; id: string; fraction?: number }

/** What a set of alert effects does to the network, per link and crossing id (route-overlay shaped). */
export interface EffectOverlay {
  /** Link id → the closure alerts that close it. */
  closedBy: Record<string, string[]>;
  /** Link id → travel-time multiplier (entries of 1 left out). */
  linkTimeFactor: Record<string, number>;
  /** Link id → risk added per traversal (entries of 0 left out). */
  linkRiskAdd: Record<string, number>;
  /** Open link id → the delay and watch alerts touching it. */
  touchedBy: Record<string, string[]>;
  /** Crossing id → the time factor of its border wait (delay alerts only). */
  crossingFactor: Record<string, number>;
  /** Crossing id → the delay alerts behind it. */
  delayedBy: Record<string, string[]>;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Effects → per-link closures, time factors and risk, the strongest effect winning where alerts
 * overlap (several publishers often issue the same event, so effects are not added up). A delay
 * slows only the part of a link inside its areas: factor 1 + (timeFactor − 1) × fraction, so a
 * 40 km circle does not slow a 600 km line end to end; its risk counts in full, per traversal.
 * A closed link carries no factor or risk. `exclude` leaves alerts out (what would change without one).
 */
export function overlayOfEffects(effects: ReadonlyMap<string, AlertEffect>, links: readonly EffectHit[], crossings: readonly EffectHit[], exclude?: ReadonlySet<string>): EffectOverlay {
  const out: EffectOverlay = { closedBy: {}, linkTimeFactor: {}, linkRiskAdd: {}, touchedBy: {}, crossingFactor: {}, delayedBy: {} };
  const factor = new Map<string, number>(), risk = new Map<string, number>();
  for (const h of links) {
    const e = effects.get(h.alertId);
    if (!e || e.kind === 'none' || exclude?.has(h.alertId)) continue;
    if (e.kind === 'closure') { (out.closedBy[h.id] ??= []).push(h.alertId); continue; }
    (out.touchedBy[h.id] ??= []).push(h.alertId);
    const f = 1 + (e.timeFactor - 1) * Math.min(1, Math.max(0, h.fraction ?? 1));
    factor.set(h.id, Math.max(factor.get(h.id) ?? 1, f));
    risk.set(h.id, Math.max(risk.get(h.id) ?? 0, e.riskAdd));
  }
  for (const id of Object.keys(out.closedBy)) delete out.touchedBy[id];
  for (const [id, f] of factor) if (!out.closedBy[id] && round4(f) !== 1) out.linkTimeFactor[id] = round4(f);
  for (const [id, r] of risk) if (!out.closedBy[id] && r > 0) out.linkRiskAdd[id] = round4(r);
  for (const c of crossings) {
    const e = effects.get(c.alertId);
    if (!e || e.kind !== 'delay' || exclude?.has(c.alertId)) continue;
    out.crossingFactor[c.id] = Math.max(out.crossingFactor[c.id] ?? 1, e.timeFactor);
    (out.delayedBy[c.id] ??= []).push(c.alertId);
  }
  return out;
}
