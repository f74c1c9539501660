// npm run data:build [-- --allow-errors]: data/curated/** → data/network/*.geojson, with a report
// on stdout. Atomic like every import: any error-severity issue means nothing is written (exit 1),
// unless --allow-errors, which writes the accepted records and still exits 1.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrors, renderIssue } from '../src/core/issues.ts';
import { readTexts } from '../src/ingest/read-files.ts';
import { LAYERS } from '../src/core/model.ts';
import { buildCurated, coverageMarkdown, withCoverage, loadGazetteer, networkTexts, packageVersion, readCuratedTree, renderReport } from '../src/ingest/curated/index.ts';

const root = new URL('..', import.meta.url).pathname;
const allowErrors = process.argv.includes('--allow-errors');

const result = buildCurated({
  files: readCuratedTree(join(root, 'data/curated')),
  gazetteer: loadGazetteer(root),
  version: packageVersion(root),
  displayPrefix: 'data/curated/',
});
process.stdout.write(renderReport(result));
// What is written must pass the importer's own checks (npm start imports it on first run).
const texts = networkTexts(result.records);
const imported = readTexts(LAYERS.map((l) => ({ file: `data/network/${l}.geojson`, text: texts[l] })));
const importErrors = imported.issues.filter((i) => i.severity === 'error');
if (importErrors.length) {
  process.stdout.write(`\nThe importer refuses ${importErrors.length} record(s) of the build's output:\n`);
  for (const i of importErrors) process.stdout.write(`  ${renderIssue(i)}\n`);
}
const failed = hasErrors(result.issues) || importErrors.length > 0;
if (!failed || allowErrors) {
  mkdirSync(join(root, 'data/network'), { recursive: true });
  for (const layer of LAYERS) writeFileSync(join(root, 'data/network', `${layer}.geojson`), texts[layer]);
  const docPath = join(root, 'docs/data.md');
  writeFileSync(docPath, withCoverage(readFileSync(docPath, 'utf8'), coverageMarkdown(result)));
  process.stdout.write(`\nWrote data/network/{${LAYERS.join(',')}}.geojson and the coverage table of docs/data.md${failed ? ' (with errors: --allow-errors)' : ''}\n`);
} else {
  process.stdout.write('\nNothing written: fix the errors above (or pass --allow-errors to write the accepted records).\n');
}
process.exit(failed ? 1 : 0);
