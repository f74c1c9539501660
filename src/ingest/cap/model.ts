// What an alert is once read, whatever it came from (CAP 1.2, CAP 1.1, a GeoJSON hazard feature).
// Geometry is lon/lat (GeoJSON order); CAP's own "lat,lon" stops at the parser.
import { createHash } from 'node:crypto';
import type { LonLat } from '../../core/model.ts';

export const CAP_NS = { '1.2': 'urn:oasis:names:tc:emergency:cap:1.2', '1.1': 'urn:oasis:names:tc:emergency:cap:1.1', '1.0': 'http://www.incident.com/cap/1.0' } as const;

export const STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export const RESPONSE_TYPES = ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'] as const;
export const URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
/** CAP 1.1 spelled "Likely" as "Very Likely" in 1.0; 1.2 says to read it as "Likely". */
export const CERTAINTY_ALIASES: Record<string, string> = { 'Very Likely': 'Likely' };

export type Severity = (typeof SEVERITIES)[number];
export type Certainty = (typeof CERTAINTIES)[number];
export type Urgency = (typeof URGENCIES)[number];

export interface CapCircle {
  lon: number;
  lat: number;
  radiusKm: number;
}

export interface CapArea {
  areaDesc: string;
  /** Closed rings, lon/lat; a ring that crossed ±180 is unwrapped (longitudes may pass ±180). */
  polygons: LonLat[][];
  circles: CapCircle[];
  geocodes: { valueName: string; value: string }[];
  /**
   * The polygons were resolved from the geocodes (a whole country), not drawn by the publisher: they
   * say where a warning applies, not which roads it shuts (routing caps them at a watch).
   */
  fromGeocodes?: boolean;
}

export interface CapInfo {
  language: string;
  categories: string[];
  event: string;
  responseTypes: string[];
  urgency: Urgency;
  severity: Severity;
  certainty: Certainty;
  effective: string | null;
  onset: string | null;
  expires: string | null;
  senderName: string | null;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  web: string | null;
  eventCodes: { valueName: string; value: string }[];
  areas: CapArea[];
}

export interface CapRef {
  sender: string;
  identifier: string;
  sent: string;
}

export interface Alert {
  /** Stable, URL-safe: a digest of sender and identifier, which together are unique in CAP. */
  id: string;
  format: 'cap1.2' | 'cap1.1' | 'geojson';
  identifier: string;
  sender: string;
  sent: string;
  status: string;
  msgType: string;
  scope: string;
  source: string | null;
  note: string | null;
  references: CapRef[];
  infos: CapInfo[];
  /** Where it was read from (file, or file#entry for feeds). */
  origin: string;
}

export function alertId(sender: string, identifier: string): string {
  return createHash('sha256').update(`${sender},${identifier}`).digest('hex').slice(0, 16);
}

const RANK: Record<Severity, number> = { Extreme: 4, Severe: 3, Moderate: 2, Minor: 1, Unknown: 0 };

/** The info block that speaks for the alert in lists: the most severe, then the first. */
export function leadInfo(a: Alert): CapInfo | null {
  let best: CapInfo | null = null;
  for (const i of a.infos) if (!best || RANK[i.severity] > RANK[best.severity]) best = i;
  return best;
}

/** When the alert stops applying: the latest expires among its infos, or null when one never expires. */
export function expiresOf(a: Alert): string | null {
  if (a.infos.length === 0) return null;
  let latest: string | null = null;
  for (const i of a.infos) {
    if (!i.expires) return null;
    if (!latest || Date.parse(i.expires) > Date.parse(latest)) latest = i.expires;
  }
  return latest;
}

/**
 * When the event starts: the earliest among the infos of onset, else effective, else sent (an info
 * without either applies from its sending). May be after sent: an alert sent today for next week.
 */
export function onsetOf(a: Alert): string {
  let first: string | null = null;
  for (const i of a.infos) {
    const t = i.onset ?? i.effective ?? a.sent;
    if (first === null || Date.parse(t) < Date.parse(first)) first = t;
  }
  return first ?? a.sent;
}
