// A real OGC API – Features client against the real server: GDAL's OAPIF driver (Debian gdal-bin;
// .ci/run installs it) lists the collections and pages through every feature by `next` links, and
// must see exactly what the store holds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { countLayer } from '../src/store/index.ts';
import { startTestServer, type TestServer } from './helpers/browser.ts';
import { needOrSkip } from './helpers/skip.ts';

const run = promisify(execFile);
const OGRINFO = '/usr/bin/ogrinfo';
let s: TestServer | null = null;
before(async () => { if (existsSync(OGRINFO)) s = await startTestServer(); });
after(async () => { await s?.close(); });

test('GDAL (ogrinfo OAPIF) lists every collection and pages through all rail links and crossings', async (t) => {
  if (!needOrSkip(t, s !== null, 'GDAL ogrinfo (Debian gdal-bin)')) return;
  const env = { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' };
  const list = await run(OGRINFO, ['-ro', '-so', `OAPIF:${s!.url}`], { env, maxBuffer: 1 << 24 });
  for (const id of ['rail', 'road', 'ferry', 'nodes', 'crossings', 'ports']) assert.match(list.stdout, new RegExp(`^\\d+: ${id}\\b`, 'm'), `ogrinfo does not list ${id}:\n${list.stdout}`);
  for (const [collection, expected] of [
    ['rail', await countLayer(s!.db, 'links', { mode: 'rail' })],
    ['crossings', await countLayer(s!.db, 'crossings')],
  ] as const) {
    const r = await run(OGRINFO, ['-ro', '-al', '-so', '-oo', 'PAGE_SIZE=200', `OAPIF:${s!.url}`, collection], { env, maxBuffer: 1 << 26 });
    const m = /Feature Count: (\d+)/.exec(r.stdout);
    assert.ok(m, r.stdout);
    // -so asks the server's numberMatched; page through for real too and count the features GDAL read
    const all = await run(OGRINFO, ['-ro', '-al', '-q', '-oo', 'PAGE_SIZE=200', `OAPIF:${s!.url}`, collection], { env, maxBuffer: 1 << 28 });
    const read = (all.stdout.match(/^OGRFeature\(/gm) ?? []).length;
    assert.equal(read, expected, `${collection}: GDAL paged through ${read} features, the store holds ${expected}`);
    assert.equal(Number(m![1]), expected);
  }
});
