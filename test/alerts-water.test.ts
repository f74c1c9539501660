// Caspian port draft → vessel load limits: hand-worked examples of the method (tonnes per cm from
// two published points or from the waterplane; deadweight lost per cm of draft the port no longer
// has), the bundled vessel classes and published cuts, and the water-level report that joins them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caspianLevels, caspianLoadCuts, caspianVessels, waterLevelReport } from '../src/app/alerts-water.ts';
import { renderIssue } from '../src/core/issues.ts';
import { readCaspianLevels, readCaspianLoadCuts } from '../src/ingest/hazards.ts';
import { levelIn, loadLimit, portDraft, tonnesPerCm, type LevelPoint, type VesselClass } from '../src/risk/index.ts';
import type { Db } from '../src/store/index.ts';
import { useSeededKaravan } from './helpers/stores.ts';

const tanker: VesselClass = { id: 't', name_en: 'RST27-like', name_ru: null, kind: 'tanker', lengthM: null, beamM: null, designDraftM: 4.5, deadweightT: 7800, draft2M: 3.6, deadweight2T: 5400, source: 's', confidence: 'published' };
const dryCargo: VesselClass = { id: 'd', name_en: 'Derbent-like', name_ru: null, kind: 'dry_cargo', lengthM: 110, beamM: 14, designDraftM: 4.5, deadweightT: 3000, draft2M: null, deadweight2T: null, source: 's', confidence: 'published' };
const ferry: VesselClass = { id: 'f', name_en: 'ferry', name_ru: null, kind: 'ferry', lengthM: 154.5, beamM: 17.5, designDraftM: 4.5, deadweightT: null, draft2M: null, deadweight2T: null, source: 's', confidence: 'published' };

test('tonnes per cm: from two published points, else from the waterplane', () => {
  // (7800 − 5400) t / (450 − 360) cm = 26.67 t/cm
  assert.deepEqual(tonnesPerCm(tanker), { tPerCm: 26.67, method: 'published-pair' });
  // 1.01 t/m³ × 0.85 × 110 m × 14 m / 100 = 13.2209 t/cm
  assert.deepEqual(tonnesPerCm(dryCargo), { tPerCm: 13.22, method: 'waterplane-estimate' });
  assert.equal(tonnesPerCm({ ...ferry, lengthM: null }), null, 'no dimensions, no second point: unknown');
});

test('load limit: a hand-worked tanker at a port with 4.2 m left', () => {
  // 30 cm short of 4.5 m × 26.67 t/cm = 800 t left behind: 7000 t of 7800 t
  const l = loadLimit(tanker, 4.2);
  assert.deepEqual([l.allowedDraftM, l.lostT, l.limitT, l.shareOfDesign], [4.2, 800, 7000, 0.897]);
});

test('load limit: dry cargo at 3.9 m, a ferry without a published deadweight, a port deep enough, a port dry', () => {
  // 60 cm × 13.2209 t/cm = 793.3 t
  assert.deepEqual([loadLimit(dryCargo, 3.9).lostT, loadLimit(dryCargo, 3.9).limitT], [793, 2207]);
  const f = loadLimit(ferry, 4.0); // 50 cm × (1.01 × 0.85 × 154.5 × 17.5 / 100 = 23.2117) = 1160.6 t
  assert.deepEqual([f.lostT, f.limitT, f.shareOfDesign], [1161, null, null]);
  assert.deepEqual([loadLimit(tanker, 6.3).lostT, loadLimit(tanker, 6.3).limitT, loadLimit(tanker, 6.3).allowedDraftM], [0, 7800, 4.5]);
  assert.deepEqual([loadLimit(tanker, 0.5).lostT, loadLimit(tanker, 0.5).limitT], [7800, 0], 'never below zero');
});

test('port draft → load limit over a drawn level series (1 m fall in 4 years)', () => {
  const pts: LevelPoint[] = [
    { year: 2020.5, levelM: -28, kind: 'observed', confidence: 'published', source: 'a' },
    { year: 2024.5, levelM: -29, kind: 'observed', confidence: 'published', source: 'b' },
  ];
  // 4.5 m permissible draft in 2020 at −28 m; −28.5 m in 2022 (interpolated) → 4.0 m left
  const d = portDraft(pts, { id: 'P', name: 'P', maxDraftM: 4.5, draftYear: 2020, draftSource: 's' }, 2022);
  assert.deepEqual([d.remainingDraftM, d.lostM], [4, 0.5]);
  // 50 cm × 26.67 = 1333.5 t → 6466 t (rounded to the tonne)
  assert.deepEqual([loadLimit(tanker, d.remainingDraftM!).lostT, loadLimit(tanker, d.remainingDraftM!).limitT], [1334, 6466]);
});

test('the bundled vessel classes and published cuts read, each with its source', () => {
  const vessels = caspianVessels();
  assert.ok(vessels.length >= 3);
  for (const v of vessels) {
    assert.ok(tonnesPerCm(v), `${v.id}: tonnes per cm can be computed`);
    assert.match(v.source, /https?:\/\//, `${v.id} names where its figures come from`);
  }
  const rst = vessels.find((v) => v.id === 'rst27-tanker')!;
  assert.equal(tonnesPerCm(rst)!.method, 'published-pair');
  const cuts = caspianLoadCuts();
  for (const c of cuts) assert.ok(c.afterLow <= c.afterHigh && c.afterHigh <= c.before, `${c.port} ${c.measure}`);
  assert.ok(cuts.some((c) => c.port === 'KZ-AKTAU-PORT' && c.before === 6500 && c.afterLow === 5500));
});

test('confidence: a year is observed only from published observations; a figure carries the weakest input', () => {
  const pts: LevelPoint[] = [
    { year: 2020.5, date: '2020', levelM: -28, kind: 'observed', confidence: 'published', source: 'a' },
    { year: 2022.5, date: '2022', levelM: -28.5, kind: 'derived', confidence: 'inferred', source: 'b' },
    { year: 2024.5, date: '2024', levelM: -29, kind: 'observed', confidence: 'unconfirmed', source: 'c' },
  ];
  assert.deepEqual([levelIn(pts, 2020).kind, levelIn(pts, 2020).confidence, levelIn(pts, 2020).confidenceWhy], ['observed', 'published', []]);
  assert.deepEqual([levelIn(pts, 2022).kind, levelIn(pts, 2022).confidence], ['derived', 'inferred']);
  assert.deepEqual([levelIn(pts, 2024).kind, levelIn(pts, 2024).confidence], ['unconfirmed', 'unconfirmed'], 'an unconfirmed figure is not an observation');
  assert.equal(levelIn(pts, 2021).confidence, 'inferred', 'interpolated between 2020 and the derived 2022');
  // 4.5 m in 2020 at −28 m, −29 m in 2024: 3.5 m left, resting on the unconfirmed 2024 figure and the 'estimated' port record
  const d = portDraft(pts, { id: 'P', name: 'P', maxDraftM: 4.5, draftYear: 2020, draftSource: 's', confidence: 'estimated' }, 2024);
  assert.deepEqual([d.remainingDraftM, d.confidence, d.confidenceWhy.map((w) => w.confidence)], [3.5, 'unconfirmed', ['unconfirmed', 'estimated']]);
  assert.match(d.confidenceWhy[0].en, /level 2024 \(-29\.00 m BS\) is unconfirmed/);
  assert.match(d.confidenceWhy[0].ru, /не подтверждено/);
  const l = loadLimit(tanker, d.remainingDraftM!, d);
  assert.deepEqual([l.confidence, l.confidenceWhy.length], ['unconfirmed', 2], 'the load limit inherits the draft\'s reasons');
  assert.equal(loadLimit(tanker, 4.2).confidence, 'published', 'a hand-given draft and a published pair');
  assert.equal(loadLimit(dryCargo, 4.2).confidence, 'estimated', 'tonnes per cm from the waterplane is an estimate');
});

test('the bundled levels: unconfirmed and derived figures are never called observed', () => {
  const series = caspianLevels();
  assert.deepEqual([levelIn(series, 2014).kind, levelIn(series, 2014).confidence], ['observed', 'published']);
  assert.deepEqual([levelIn(series, 2020).kind, levelIn(series, 2020).confidence], ['derived', 'inferred']);
  assert.deepEqual([levelIn(series, 2024).kind, levelIn(series, 2024).confidence], ['unconfirmed', 'unconfirmed']);
  // 2025: the mean of −29.00 (published) and −29.48 (unconfirmed) = −29.24
  const y2025 = levelIn(series, 2025);
  assert.deepEqual([y2025.levelM, y2025.kind, y2025.confidence], [-29.24, 'unconfirmed', 'unconfirmed']);
  assert.match(y2025.confidenceWhy[0].en, /2025-10 \(-29\.48 m BS\)/);
  // 2007 lies between the derived 1995 figure and 2014
  assert.match(levelIn(series, 2007).confidenceWhy.map((w) => w.en).join(';'), /level 1995 \(-26\.40 m BS\) is derived, inferred/);
});

test('hazard CSV reader: every bad cell is an issue naming file, line and field; good rows are kept', () => {
  const text = 'date,level_m_bs,kind,confidence,source\n2025-13,-29,observed,published,s\n2024,-29.1,observed,blog,s\n2023,abc,observed,published,s\n2022,-29,guessed,published,s\n2021,-29,observed,published,s\n';
  const r = readCaspianLevels(text, 'data/hazards/x.csv');
  assert.deepEqual(r.records.map((x) => x.date), ['2021']);
  assert.deepEqual(r.issues.map((i) => [i.code, i.at.line, i.at.field]), [
    ['FIELD_TYPE', 2, 'date'], ['ENUM_UNKNOWN', 3, 'confidence'], ['FIELD_TYPE', 4, 'level_m_bs'], ['ENUM_UNKNOWN', 5, 'kind'],
  ]);
  assert.match(renderIssue(r.issues[1]), /data\/hazards\/x\.csv:3.*confidence.*blog/);
  const cuts = readCaspianLoadCuts('port,year,vessel,measure,before,after_low,after_high,unit,source,confidence\nP,2024,ship,cargo,100,90,80,t,s,published\n', 'c.csv');
  assert.deepEqual([cuts.records.length, cuts.issues.map((i) => [i.code, i.at.field])], [0, [['NUMBER_RANGE', 'after_low']]]);
});

test('vessel classes have a Russian name', () => {
  for (const v of caspianVessels()) assert.match(v.name_ru ?? '', /[А-Яа-я]/, v.id);
});

let db: Db;
useSeededKaravan((d) => { db = d; });

test('the water-level report: Makhachkala in 2025, worked by hand, and its confidence', async () => {
  const r = await waterLevelReport(db, { year: 2025, thresholdM: 4.5 });
  const m = r.ports.find((p) => p.id === 'RU-PORT-MAKHACHKALA')!;
  // The figures below assume the curated draft: 4.5 m permissible in March 2019 (ru-portnews-makhachkala-draft-2019).
  assert.deepEqual([m.referenceDraftM, m.referenceYear], [4.5, 2019], 'the curated draft changed: work the figures below again');
  // Level mid-2019: between 2014.5 (−27.43) and 2020-07 = 2020.5417 (−28.20): −27.43 − 0.77 × 5/6.0417 = −28.067.
  // 2025: −29.24 (above). Lost 1.173 m → 4.5 − 1.173 = 3.33 m left.
  assert.deepEqual([m.remainingDraftM, m.lostM], [3.33, 1.17]);
  // RST27: 4.50 − 3.33 = 117 cm × 26.67 t/cm = 3120 t ashore, 4680 t of 7800 t (60 %).
  const rst = m.loadLimits.find((l) => l.vessel === 'rst27-tanker')!;
  assert.deepEqual([rst.allowedDraftM, rst.lostT, rst.limitT, rst.shareOfDesign], [3.33, 3120, 4680, 0.6]);
  // Derbent: 117 cm × 13.22 t/cm (waterplane estimate) = 1547 t ashore, 1453 t of 3000 t.
  const derbent = m.loadLimits.find((l) => l.vessel === 'dry-cargo-derbent')!;
  assert.deepEqual([derbent.lostT, derbent.limitT], [1547, 1453]);
  // Resting on the unconfirmed Oct 2025 figure and the derived 2020 one; the published draft adds nothing weaker.
  assert.equal(m.confidence, 'unconfirmed');
  assert.deepEqual(m.confidenceWhy.map((w) => w.en), ['level 2025-10 (-29.48 m BS) is unconfirmed', 'level 2020-07 (-28.20 m BS) is derived, inferred']);
  assert.equal(rst.confidence, 'unconfirmed');
  assert.equal(derbent.confidenceWhy.at(-1)!.confidence, 'estimated');
  for (const p of r.ports) if (p.remainingDraftM === null) assert.deepEqual(p.loadLimits, [], `${p.id}: no draft, no load limit`);
  const aktau = r.ports.find((p) => p.id === 'KZ-AKTAU-PORT')!;
  assert.equal(aktau.reportedCuts.length, 3);
  assert.ok(aktau.confidenceWhy.some((w) => /1995/.test(w.en)), 'Aktau\'s 2007 reference level rests on the derived 1995 figure');
});
