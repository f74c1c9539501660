import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeIssue, renderIssue, MESSAGES } from './issues.ts';

test('an issue renders like a compiler message in English and Russian', () => {
  const i = makeIssue('GAUGE_UNKNOWN', { file: 'rail.geojson', feature: 14, id: 'KZ-R-0012', field: 'gaugeMm' }, { value: -1435 });
  assert.equal(renderIssue(i, 'en'), 'rail.geojson: feature 14 (id "KZ-R-0012") field "gaugeMm": -1435 is not a known gauge (1520, 1435, 1000, 1067) [GAUGE_UNKNOWN]');
  assert.match(renderIssue(i, 'ru'), /объект 14 .* поле "gaugeMm": -1435 — неизвестная ширина колеи/);
});

test('every registered message has both languages and the same placeholders in each', () => {
  for (const [code, def] of Object.entries(MESSAGES)) {
    assert.ok(def.en && def.ru, code);
    const ph = (s: string) => [...s.matchAll(/\{(\w+)!?\}/g)].map((m) => m[1].replace(/_ru$/, '')).sort();
    assert.deepEqual(ph(def.ru), ph(def.en), `${code}: placeholders differ between en and ru`);
  }
});

test('an unregistered code is a bug, not a silent message', () => {
  assert.throws(() => makeIssue('NO_SUCH_CODE', {}), /unregistered/);
});
