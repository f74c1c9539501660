// npm run bench [-- FILTER…]: runs every bench/*.bench.ts in its own process, one after another
// (never in parallel: the figures are wall times on a 2-core machine). Each bench prints its own
// table and answer fingerprint; worth-keeping runs are copied into docs/benchmarks.md by hand,
// with the header this runner prints (date, machine, Node, commit).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let commit = 'unknown';
try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim(); } catch { /* not a clone */ }
console.log(`# ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · Node ${process.version} · commit ${commit}`);
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`${f} failed (exit ${r.status})`); }
}
process.exit(failed ? 1 : 0);
