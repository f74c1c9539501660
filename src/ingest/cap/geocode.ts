// CAP geocodes → boundaries, where Karavan bundles them. Only country codes can be resolved: the
// bundled Natural Earth 1:50m admin-0 countries (data/sources/naturalearth, clipped to lon 20..135,
// lat 25..72) carry ISO 3166-1 alpha-2 and alpha-3 codes. Every other scheme (SAME, FIPS, UGC,
// EMMA_ID, NUTS, ISO 3166-2 subdivisions, national district codes such as KZSTD) names areas whose
// boundaries are not bundled: those geocodes stay unmapped and the parser says so, naming them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LonLat } from '../../core/model.ts';

export const COUNTRY_BOUNDARIES_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../data/sources/naturalearth/ne_50m_admin_0_countries.geojson');

/**
 * valueNames that publishers use for ISO 3166-1 country codes, compared after lower-casing and
 * dropping everything but letters and digits ("ISO 3166-1 alpha-2" → "iso31661alpha2"). The
 * Australian profile names the scheme by the ISO page's address; its values may also be
 * ISO 3166-2 subdivisions ("AU-NSW"), which are not countries and stay unresolved.
 */
const COUNTRY_SCHEMES = new Set([
  'iso31661', 'iso31661alpha2', 'iso31661alpha3', 'iso3166', 'iso3166alpha2', 'iso3166alpha3', 'iso2', 'iso3', 'isoa2', 'isoa3',
  'country', 'countrycode', 'httpwwwisoorgisocountrycodeshtml', 'httpswwwisoorgisocountrycodeshtml',
]);

export function isCountryScheme(valueName: string): boolean {
  return COUNTRY_SCHEMES.has(valueName.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

export interface CountryBoundary {
  iso2: string;
  iso3: string;
  name: string;
  /** One closed lon/lat ring per part; a part's holes (enclaves) are joined into its ring, see keyhole(). */
  rings: LonLat[][];
}

type Ring = [number, number][];

function sqDist(a: readonly number[], b: readonly number[]): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
}

/**
 * One ring for a polygon with holes: the outer ring walks to the nearest vertex of each hole, goes
 * round the hole and comes back along the same segment. The store's ST_MakeValid turns that
 * zero-width bridge back into a polygon with a hole, so an enclave (Sokh inside Kyrgyzstan) is not
 * covered by its neighbour's country code. CapArea keeps rings only, hence this form.
 */
export function keyhole(outer: Ring, holes: readonly Ring[]): Ring {
  let ring = outer.slice(0, -1);
  for (const h of holes) {
    const hole = h.slice(0, -1);
    let bi = 0, bj = 0, best = Infinity;
    for (let i = 0; i < ring.length; i++) {
      for (let j = 0; j < hole.length; j++) {
        const d = sqDist(ring[i], hole[j]);
        if (d < best) [best, bi, bj] = [d, i, j];
      }
    }
    const around = [...hole.slice(bj), ...hole.slice(0, bj), hole[bj]];
    ring = [...ring.slice(0, bi + 1), ...around, ...ring.slice(bi)];
  }
  return [...ring, ring[0]];
}

let cache: { byCode: Map<string, CountryBoundary>; file: string } | null = null;

/** Natural Earth's -99 (no ISO code, e.g. Norway in v4.0.0) falls back to its ADM0_A3. */
export function loadCountryBoundaries(file = COUNTRY_BOUNDARIES_FILE): Map<string, CountryBoundary> {
  if (cache && cache.file === file) return cache.byCode;
  const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] };
  const byCode = new Map<string, CountryBoundary>();
  for (const f of fc.features) {
    const p = f.properties;
    const iso2 = /^[A-Z]{2}$/.test(String(p.ISO_A2)) ? String(p.ISO_A2) : '';
    const iso3 = /^[A-Z]{3}$/.test(String(p.ISO_A3)) ? String(p.ISO_A3) : /^[A-Z]{3}$/.test(String(p.ADM0_A3)) ? String(p.ADM0_A3) : '';
    if (!iso2 && !iso3) continue;
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
    const b: CountryBoundary = { iso2, iso3, name: String(p.NAME ?? p.ADMIN ?? iso3), rings: polys.map(([outer, ...holes]) => (holes.length ? keyhole(outer, holes) : outer) as LonLat[]) };
    if (iso2) byCode.set(iso2, b);
    if (iso3) byCode.set(iso3, b);
  }
  cache = { byCode, file };
  return byCode;
}

export interface GeocodeResolution {
  /** Rings of every resolved country, lon/lat. */
  rings: LonLat[][];
  resolved: { valueName: string; value: string; country: string }[];
  unresolved: { valueName: string; value: string }[];
}

/** Resolves what can be resolved of an area's geocodes (country codes of bundled countries). */
export function resolveGeocodes(geocodes: readonly { valueName: string; value: string }[], boundaries: Map<string, CountryBoundary> = loadCountryBoundaries()): GeocodeResolution {
  const out: GeocodeResolution = { rings: [], resolved: [], unresolved: [] };
  const used = new Set<CountryBoundary>();
  for (const g of geocodes) {
    const b = isCountryScheme(g.valueName) ? boundaries.get(g.value.trim().toUpperCase()) : undefined;
    if (!b) {
      out.unresolved.push(g);
      continue;
    }
    out.resolved.push({ ...g, country: b.iso2 || b.iso3 });
    if (used.has(b)) continue;
    used.add(b);
    out.rings.push(...b.rings);
  }
  return out;
}

/** "SAME=006037, UGC=AKZ185" for messages: the first few (the messages also give the count). */
export function describeGeocodes(codes: readonly { valueName: string; value: string }[], max = 5): string {
  return codes.slice(0, max).map((g) => `${g.valueName}=${g.value}`).join(', ') + (codes.length > max ? ', …' : '');
}
