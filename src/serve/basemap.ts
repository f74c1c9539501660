// The offline basemap: Natural Earth (public domain, bundled in data/sources/naturalearth) reduced
// to what a network map needs (land, lakes, land borders, country and city labels) and written to
// data/basemap/*.geojson, which the server cuts into vector tiles like the network. Coordinates are
// quantised to 0.001° (~100 m, finer than a z10 pixel) and repeated vertices dropped, which is where
// most of the size goes; the tiler simplifies further per zoom.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COUNTRY_NAMES } from '../core/countries.ts';
import type { MapCollection, MapFeature } from './map-data.ts';

export const BASEMAP_LAYERS = ['land', 'lakes', 'borders', 'countries', 'places'] as const;
export type BasemapLayer = (typeof BASEMAP_LAYERS)[number];

type Pos = [number, number];
interface NeFeature { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }

const q = (v: number) => Math.round(v * 1000) / 1000;
/** Russian names for countries outside the project's own list (Node ships full ICU data). */
const RU_REGIONS = new Intl.DisplayNames(['ru'], { type: 'region' });

function quantiseLine(line: Pos[]): Pos[] {
  const out: Pos[] = [];
  for (const [x, y] of line) {
    const p: Pos = [q(x), q(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function quantiseGeometry(g: NeFeature['geometry']): MapFeature['geometry'] | null {
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Polygon': {
      const rings = (c as Pos[][]).map(quantiseLine).filter((r) => r.length >= 4);
      return rings.length ? { type: 'Polygon', coordinates: rings } : null;
    }
    case 'MultiPolygon': {
      const polys = (c as Pos[][][]).map((p) => p.map(quantiseLine).filter((r) => r.length >= 4)).filter((p) => p.length > 0);
      return polys.length ? { type: 'MultiPolygon', coordinates: polys } : null;
    }
    case 'LineString': return { type: 'LineString', coordinates: quantiseLine(c) };
    case 'MultiLineString': return { type: 'MultiLineString', coordinates: (c as Pos[][]).map(quantiseLine).filter((l) => l.length >= 2) };
    default: return null;
  }
}

/** Area-weighted centroid of the largest outer ring: a label point inside most countries' mainland. */
function labelPoint(g: NeFeature['geometry']): Pos {
  const polys = g.type === 'Polygon' ? [g.coordinates as Pos[][]] : (g.coordinates as Pos[][][]);
  let best: Pos[] = polys[0][0];
  let bestArea = 0;
  for (const p of polys) {
    const ring = p[0];
    let a = 0;
    for (let i = 0, k = ring.length - 1; i < ring.length; k = i++) a += ring[k][0] * ring[i][1] - ring[i][0] * ring[k][1];
    if (Math.abs(a) > bestArea) { bestArea = Math.abs(a); best = ring; }
  }
  let cx = 0, cy = 0, a2 = 0;
  for (let i = 0, k = best.length - 1; i < best.length; k = i++) {
    const f = best[k][0] * best[i][1] - best[i][0] * best[k][1];
    a2 += f; cx += (best[k][0] + best[i][0]) * f; cy += (best[k][1] + best[i][1]) * f;
  }
  return a2 === 0 ? best[0] : [q(cx / (3 * a2)), q(cy / (3 * a2))];
}

const read = (dir: string, file: string) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { features: NeFeature[] }).features;
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function buildBasemap(sourceDir: string): Record<BasemapLayer, MapCollection> {
  const fc = (features: MapFeature[]): MapCollection => ({ type: 'FeatureCollection', features });
  const shape = (f: NeFeature, properties: MapFeature['properties']) => {
    const geometry = quantiseGeometry(f.geometry);
    return geometry ? [{ type: 'Feature' as const, geometry, properties }] : [];
  };
  const land = read(sourceDir, 'ne_50m_land.geojson').flatMap((f) => shape(f, {}));
  // scalerank ≤ 6 keeps every lake a country-scale map shows (Aral, Balkhash, Issyk-Kul, Sevan …)
  const lakes = read(sourceDir, 'ne_10m_lakes.geojson').filter((f) => Number(f.properties.scalerank) <= 6)
    .flatMap((f) => shape(f, { name: str(f.properties.name) }));
  const borders = read(sourceDir, 'ne_10m_admin_0_boundary_lines_land.geojson').flatMap((f) => shape(f, { rank: Number(f.properties.scalerank) || 0 }));
  // ISO_A2 "-99" marks disputed areas and dependencies (Siachen Glacier, N. Cyprus …): no label
  const countries = read(sourceDir, 'ne_50m_admin_0_countries.geojson').filter((f) => /^[A-Z]{2}$/.test(String(f.properties.ISO_A2))).map((f): MapFeature => {
    const iso = str(f.properties.ISO_A2) ?? '';
    const en = str(f.properties.NAME) ?? iso;
    return { type: 'Feature', geometry: { type: 'Point', coordinates: labelPoint(f.geometry) },
      properties: { iso, name_en: en, name_ru: COUNTRY_NAMES[iso]?.ru ?? RU_REGIONS.of(iso) ?? en, rank: Number(f.properties.scalerank) || 0 } };
  });
  // SCALERANK ≤ 7: capitals and regional centres; the long tail of small towns would only clutter
  const places = read(sourceDir, 'ne_10m_populated_places.geojson').filter((f) => Number(f.properties.SCALERANK) <= 7).map((f): MapFeature => {
    const p = f.properties;
    const en = str(p.NAME_EN) ?? str(p.NAME) ?? '';
    return { type: 'Feature', geometry: { type: 'Point', coordinates: [q(Number(p.LONGITUDE)), q(Number(p.LATITUDE))] },
      properties: { name_en: en, name_ru: str(p.NAME_RU) ?? en, rank: Number(p.SCALERANK), capital: Number(p.ADM0CAP) === 1, population: Number(p.POP_MAX) || 0 } };
  }).sort((a, b) => Number(b.properties.population) - Number(a.properties.population));
  return { land: fc(land), lakes: fc(lakes), borders: fc(borders), countries: fc(countries), places: fc(places) };
}

/** Writes data/basemap/<layer>.geojson (one feature per line, so rebuilds diff well). */
export function writeBasemap(sourceDir: string, outDir: string): Record<BasemapLayer, number> {
  const layers = buildBasemap(sourceDir);
  mkdirSync(outDir, { recursive: true });
  const sizes = {} as Record<BasemapLayer, number>;
  for (const l of BASEMAP_LAYERS) {
    const text = `{"type":"FeatureCollection","features":[\n${layers[l].features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
    writeFileSync(join(outDir, `${l}.geojson`), text);
    sizes[l] = text.length;
  }
  return sizes;
}

/** The committed basemap layers; rebuilt from the Natural Earth sources when a file is missing. */
export function readBasemap(root: string): Record<BasemapLayer, MapCollection> {
  const dir = join(root, 'data/basemap');
  if (BASEMAP_LAYERS.some((l) => !existsSync(join(dir, `${l}.geojson`)))) writeBasemap(join(root, 'data/sources/naturalearth'), dir);
  return Object.fromEntries(BASEMAP_LAYERS.map((l) => [l, JSON.parse(readFileSync(join(dir, `${l}.geojson`), 'utf8'))])) as Record<BasemapLayer, MapCollection>;
}
