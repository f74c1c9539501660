// The bad-file corpus: each file in test/fixtures/bad must give exactly the issue codes listed for
// it in expected.json (every listed code present, no other error code), rendered in English and
// Russian with every placeholder filled and the file named (files named warn-* must import, with
// their listed warnings). Then the CLI's exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderIssue } from '../src/core/issues.ts';
import { readFiles } from '../src/ingest/read-files.ts';
import { cliEnv, runCli } from './helpers/cli.ts';
import { freshPgliteDir } from './helpers/stores.ts';

const dir = 'test/fixtures/bad';
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, string[]>;
const files = readdirSync(dir).filter((f) => f !== 'expected.json' && f !== 'README.md').sort();

test('the corpus has at least 30 bad files, each with its expected codes listed', () => {
  assert.ok(files.length >= 30, `only ${files.length} bad files`);
  assert.deepEqual(files.filter((f) => !(f in expected)), [], 'files without expected codes');
  assert.deepEqual(Object.keys(expected).filter((f) => !files.includes(f)), [], 'expected codes for missing files');
});

for (const file of files) {
  test(`bad file ${file} → ${(expected[file] ?? []).join(', ')}`, () => {
    const r = readFiles([join(dir, file)]);
    const codes = new Set(r.issues.map((i) => i.code));
    for (const c of expected[file] ?? []) assert.ok(codes.has(c), `${file}: expected ${c}, got ${[...codes].join(', ') || 'nothing'}`);
    const errors = r.issues.filter((i) => i.severity === 'error').map((i) => i.code);
    // warn-*: data that imports, but not silently (the listed warnings must be raised)
    if (file.startsWith('warn-')) assert.deepEqual(errors, [], `${file}: a warning-only file raised errors`);
    else assert.ok(errors.length > 0, `${file}: no error at all`);
    assert.deepEqual(errors.filter((c) => !(expected[file] ?? []).includes(c)), [], `${file}: unexpected error codes`);
    for (const i of r.issues) {
      const en = renderIssue(i, 'en');
      const ru = renderIssue(i, 'ru');
      assert.ok(en.includes(file) || en.includes(i.at.file ?? '\u0000'), `${file}: the message does not name the file: ${en}`);
      assert.ok(!/\{\w+!?\}/.test(en), `${file}: unfilled placeholder: ${en}`);
      assert.ok(!/\{\w+!?\}/.test(ru), `${file}: unfilled placeholder: ${ru}`);
      assert.ok(/[а-яё]/i.test(ru), `${file}: the Russian message is not Russian: ${ru}`);
      assert.notEqual(en, ru);
    }
  });
}

test('every row or entry read is counted: read = accepted + rejected, and a bad file rejects something', () => {
  for (const file of files) {
    const r = readFiles([join(dir, file)]);
    assert.equal(r.read, r.accepted + r.rejected, file);
    if (!file.startsWith('warn-') && r.read > 0) assert.ok(r.rejected > 0, `${file}: ${r.read} read, none rejected`);
  }
  const ragged = readFiles([join(dir, 'csv-ragged.csv')]);
  assert.deepEqual([ragged.read, ragged.rejected], [1, 1], 'csv-ragged.csv: its one ragged row is read and rejected');
});

test('a file over the size limit is refused before it is read, naming the limit', () => {
  const r = readFiles(['test/fixtures/network/links.geojson'], { maxBytes: 100 });
  assert.deepEqual(r.issues.map((i) => i.code), ['FILE_TOO_LARGE']);
  assert.match(renderIssue(r.issues[0]), /links\.geojson.*100/);
  assert.equal(r.read, 0);
});

test('CLI: validate exits 1 on bad data and 0 on good, 2 on bad usage; --lang ru speaks Russian', async () => {
  const env = cliEnv(await freshPgliteDir());
  const bad = await runCli(['validate', '--no-store', join(dir, 'unknown-gauge.geojson')], env);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stdout, /unknown-gauge\.geojson: feature \d+ .*gaugeMm.*\[GAUGE_UNKNOWN\]/);
  const ru = await runCli(['validate', '--no-store', '--lang', 'ru', join(dir, 'unknown-gauge.geojson')], env);
  assert.equal(ru.code, 1);
  assert.match(ru.stdout, /[а-яё]/i);
  const good = await runCli(['validate', '--no-store', 'test/fixtures/network'], env);
  assert.equal(good.code, 0, good.stdout + good.stderr);
  const usage = await runCli(['validate', '--no-store', '--layer', 'bogus', 'test/fixtures/network'], env);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--layer.*bogus/);
  assert.doesNotMatch(usage.stderr + bad.stderr, /\n\s+at /, 'no stack trace');
});
