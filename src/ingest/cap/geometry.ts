// CAP area geometry: "lat,lon lat,lon …" polygons and "lat,lon radiusKm" circles → lon/lat rings.
// A ring whose consecutive points jump by more than 180° of longitude crosses the antimeridian: it
// is unwrapped (longitudes continue past ±180) and the store splits it at ±180 (ST_WrapX), so an
// alert over Chukotka does not become a band around the whole globe.
import { makeIssue, type Issue, type Location } from '../../core/issues.ts';
import type { LonLat } from '../../core/model.ts';
import type { CapCircle } from './model.ts';

const NUM = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parsePair(s: string): [number, number] | null {
  const parts = s.split(',');
  if (parts.length !== 2 || !NUM.test(parts[0].trim()) || !NUM.test(parts[1].trim())) return null;
  return [Number(parts[0]), Number(parts[1])];
}

function inRange(lat: number, lon: number): boolean {
  return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

export interface RingResult {
  ring: LonLat[] | null;
  crossesAntimeridian: boolean;
  issues: Issue[];
}

/** Parses one CAP polygon; all its problems are reported, the ring is null when any is an error. */
export function parsePolygon(text: string, at: Location): RingResult {
  const issues: Issue[] = [];
  // "43.0, 76.8" (a space after the comma) is one point, not two tokens
  let tokens = text.trim().replace(/\s*,\s*/g, ',').split(/\s+/).filter(Boolean);
  // GDACS writes an outer ring and its holes as "… 8.72977),-68.13409 8.7459,(-68.178 …": a ")"
  // ends a ring, a "(" starts one. CAP has no holes, so the outer ring (the first) is the area.
  if (/[()]/.test(text) && /^[\s\d.,+\-eE()]*$/.test(text)) {
    const end = tokens.findIndex((t) => t.includes(')'));
    const rings = tokens.filter((t) => t.includes(')')).length + (tokens[tokens.length - 1].includes(')') ? 0 : 1);
    issues.push(makeIssue('CAP_POLYGON_REPAIRED', at, { count: rings }));
    tokens = (end >= 0 ? tokens.slice(0, end + 1) : tokens).map((t) => t.replace(/[()]/g, ''));
  }
  const ring: LonLat[] = [];
  for (const tok of tokens) {
    const p = parsePair(tok);
    if (!p) {
      issues.push(makeIssue('CAP_POLYGON_SYNTAX', at, { value: tok }));
      continue;
    }
    const [lat, lon] = p;
    if (!inRange(lat, lon)) issues.push(makeIssue('CAP_COORD_RANGE', at, { value: tok }));
    ring.push([lon, lat]);
  }
  if (issues.some((i) => i.severity === 'error')) return { ring: null, crossesAntimeridian: false, issues };
  if (ring.length < 4) return { ring: null, crossesAntimeridian: false, issues: [makeIssue('CAP_POLYGON_POINTS', at, { count: ring.length })] };
  const first = ring[0], last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return { ring: null, crossesAntimeridian: false, issues: [makeIssue('CAP_POLYGON_OPEN', at, { value: tokens[0], last: tokens[tokens.length - 1] })] };
  }
  const unwrapped = unwrapRing(ring);
  return { ring: unwrapped.ring, crossesAntimeridian: unwrapped.crossed, issues };
}

/** Shifts longitudes by ±360 so no step exceeds 180°; returns whether any shift happened. */
export function unwrapRing(ring: readonly LonLat[]): { ring: LonLat[]; crossed: boolean } {
  const out: LonLat[] = [[ring[0][0], ring[0][1]]];
  let shift = 0;
  let crossed = false;
  for (let i = 1; i < ring.length; i++) {
    const prev = ring[i - 1][0], cur = ring[i][0];
    const d = cur - prev;
    if (d > 180) shift -= 360;
    else if (d < -180) shift += 360;
    if (d > 180 || d < -180) crossed = true;
    out.push([cur + shift, ring[i][1]]);
  }
  // a ring around a pole does not come back to its start after unwrapping: leave it as given
  if (shift !== 0) return { ring: ring.map((p) => [p[0], p[1]] as LonLat), crossed: false };
  return { ring: out, crossed };
}

export interface CircleResult {
  circle: CapCircle | null;
  issues: Issue[];
}

export function parseCircle(text: string, at: Location): CircleResult {
  const t = text.trim();
  const m = /^(\S+)\s+(\S+)$/.exec(t);
  const p = m ? parsePair(m[1]) : null;
  if (!m || !p || !NUM.test(m[2])) return { circle: null, issues: [makeIssue('CAP_CIRCLE_SYNTAX', at, { value: t })] };
  const [lat, lon] = p;
  const radiusKm = Number(m[2]);
  if (!inRange(lat, lon)) return { circle: null, issues: [makeIssue('CAP_COORD_RANGE', at, { value: m[1] })] };
  if (radiusKm < 0) return { circle: null, issues: [makeIssue('CAP_CIRCLE_RADIUS', at, { value: radiusKm })] };
  const issues = radiusKm === 0 ? [makeIssue('CAP_CIRCLE_ZERO', at, { value: t })] : [];
  return { circle: { lon, lat, radiusKm }, issues };
}

const EARTH_RADIUS_KM = 6371.0088;
export const CIRCLE_SEGMENTS = 64;

/**
 * A circle as a closed ring of CIRCLE_SEGMENTS points on the sphere around it, longitudes continuous around
 * the centre (they may pass ±180; the store splits them). Used for the length of network inside;
 * what is inside is decided on the true circle (geodesic distance) in the store.
 */
export function circleRing(c: CapCircle, segments = CIRCLE_SEGMENTS): LonLat[] {
  const toRad = Math.PI / 180;
  const lat1 = c.lat * toRad, lon1 = c.lon * toRad;
  // circumscribed (vertices at r / cos(π/n)): the polygon contains the whole circle, so an index
  // search on it misses nothing the true-circle test would find
  const d = Math.max(c.radiusKm, 1e-6) / Math.cos(Math.PI / segments) / EARTH_RADIUS_KM;
  const ring: LonLat[] = [];
  for (let i = 0; i < segments; i++) {
    const brg = (2 * Math.PI * i) / segments;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(brg));
    const lon2 = lon1 + Math.atan2(Math.sin(brg) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([lon2 / toRad, Math.max(-90, Math.min(90, lat2 / toRad))]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

/** True when a ring (lon/lat, possibly unwrapped) reaches past ±180. */
export function passesAntimeridian(ring: readonly LonLat[]): boolean {
  return ring.some((p) => p[0] > 180 || p[0] < -180);
}
