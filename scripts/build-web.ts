// npm run web:build [-- --basemap]: bundles src/web into .karavan/web (npm start does this by itself
// when the output is missing or stale). --basemap also rebuilds data/basemap/*.geojson from the
// bundled Natural Earth files (data/sources/naturalearth).
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { writeBasemap } from '../src/serve/basemap.ts';
import { buildWeb } from '../src/serve/web-build.ts';

if (process.argv.includes('--basemap')) {
  const sizes = writeBasemap(join(PROJECT_ROOT, 'data/sources/naturalearth'), join(PROJECT_ROOT, 'data/basemap'));
  for (const [layer, bytes] of Object.entries(sizes)) process.stdout.write(`data/basemap/${layer}.geojson  ${Math.round(bytes / 1024)} KB\n`);
}
const r = await buildWeb({ minify: !process.argv.includes('--dev') });
for (const f of r.files) process.stdout.write(`.karavan/web/${f.file}  ${Math.round(f.bytes / 1024)} KB\n`);
process.stdout.write(`built in ${(r.ms / 1000).toFixed(1)} s\n`);
