// Risk: hazard areas → what they touch on the network and what that does to travel; the Caspian
// water level → port draft.
export { effectOf, overlayOfEffects, EFFECT_TABLE, type AlertEffect, type EffectKind, type EffectHit, type EffectOverlay } from './effect.ts';
export { impactOf, touchedCorridors, touchedProjects, type Impact, type Hits, type LinkHit } from './exposure.ts';
export { levelIn, portDraft, fitTrend, decimalYear, SCENARIOS_2100, REPORTED_RATE_M_PER_YEAR, type LevelPoint, type LevelEstimate, type PortDraft } from './caspian.ts';
