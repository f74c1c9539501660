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
