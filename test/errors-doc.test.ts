// docs/errors.md lists every registered code in English and Russian, exactly as the registry says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorsMarkdown } from '../src/core/errors-doc.ts';
import { MESSAGES } from '../src/core/issues.ts';

test('docs/errors.md is in sync with the message registry (npm run docs:errors)', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  assert.ok(doc === errorsMarkdown(), 'docs/errors.md is stale: run npm run docs:errors');
});

test('every message has English and Russian text with the same placeholders', () => {
  for (const [code, def] of Object.entries(MESSAGES)) {
    assert.ok(def.en.trim() && def.ru.trim(), `${code}: empty text`);
    assert.match(def.ru, /[а-яё]/i, `${code}: the Russian text is not Russian`);
    const ph = (s: string) => [...s.matchAll(/\{(\w+)!?\}/g)].map((m) => m[1].replace(/_ru$/, '')).sort(); // a Russian variant of a param (expected_ru) counts as the param
    assert.deepEqual(ph(def.ru), ph(def.en), `${code}: placeholders differ between en and ru`);
  }
});
