// Caspian port draft → vessel load limits: hand-worked examples of the method (tonnes per cm from
// two published points or from the waterplane; deadweight lost per cm of draft the port no longer
// has), the bundled vessel classes and published cuts, and the water-level report that joins them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { openKaravan } from '../src/app/open.ts';
import { caspianLoadCuts, caspianVessels, waterLevelReport } from '../src/app/alerts-water.ts';
import { loadLimit, portDraft, tonnesPerCm, type LevelPoint, type VesselClass } from '../src/risk/caspian.ts';
import type { Db } from '../src/store/index.ts';
import { freshPgliteDir } from './helpers/stores.ts';

const tanker: VesselClass = { id: 't', name: 'RST27-like', kind: 'tanker', lengthM: null, beamM: null, designDraftM: 4.5, deadweightT: 7800, draft2M: 3.6, deadweight2T: 5400, source: 's', confidence: 'published' };
const dryCargo: VesselClass = { id: 'd', name: 'Derbent-like', kind: 'dry_cargo', lengthM: 110, beamM: 14, designDraftM: 4.5, deadweightT: 3000, draft2M: null, deadweight2T: null, source: 's', confidence: 'published' };
const ferry: VesselClass = { id: 'f', name: 'ferry', kind: 'ferry', lengthM: 154.5, beamM: 17.5, designDraftM: 4.5, deadweightT: null, draft2M: null, deadweight2T: null, source: 's', confidence: 'published' };

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

let db: Db;
let dir: string;
before(async () => {
  dir = await freshPgliteDir();
  db = await openKaravan({ dataDir: dir, seed: true });
});
after(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the water-level report gives every port with a remaining draft a load limit per vessel class, and the published cuts', async () => {
  const r = await waterLevelReport(db, { year: 2030, thresholdM: 4.5 });
  assert.equal(r.vessels.length, caspianVessels().length);
  const withDraft = r.ports.filter((p) => p.remainingDraftM !== null);
  assert.ok(withDraft.length >= 2, 'Aktau and the Volga–Caspian canal ports have sourced drafts');
  for (const p of r.ports) {
    if (p.remainingDraftM === null) {
      assert.deepEqual(p.loadLimits, [], `${p.id}: no draft, no load limit`);
      continue;
    }
    assert.equal(p.loadLimits.length, r.vessels.length);
    for (const l of p.loadLimits) {
      const v = r.vessels.find((x) => x.id === l.vessel)!;
      assert.equal(l.allowedDraftM, Math.round(Math.min(v.designDraftM, Math.max(0, p.remainingDraftM)) * 100) / 100);
      if (l.limitT !== null) assert.equal(l.limitT + l.lostT!, v.deadweightT, `${p.id} ${v.id}`);
    }
  }
  const aktau = r.ports.find((p) => p.id === 'KZ-AKTAU-PORT')!;
  assert.equal(aktau.reportedCuts.length, 3);
});
