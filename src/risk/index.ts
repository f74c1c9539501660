// Risk: hazard areas → what they touch on the network and what that does to travel; the Caspian
// water level → port draft.
export {
  effectOf, overlayOfEffects, cappedAtWatch, EFFECT_TABLE, GEOCODE_RISK_CAP, RISK_REF_KM, type AlertEffect, type EffectKind, type EffectHit, type EffectLinkHit, type EffectOverlay,
} from './effect.ts';
export { impactOf, touchedCorridors, touchedProjects, type Impact, type Hits, type LinkHit } from './exposure.ts';
export {
  levelIn, portDraft, fitTrend, decimalYear, loadLimit, tonnesPerCm, rate, SCENARIOS_2100, REPORTED_RATE_M_PER_YEAR, CASPIAN_CONFIDENCES, CONFIDENCE_RU,
  type LevelPoint, type LevelEstimate, type PortDraft, type PortDraftInput, type VesselClass, type LoadLimit, type CaspianConfidence, type Rated, type WeakLink,
} from './caspian.ts';
