import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCurated, type CuratedFile } from './build.ts';
import { buildGazetteer, type Place } from './gazetteer.ts';
import { networkTexts } from './index.ts';

const place = (name: string, country: string, lon: number, lat: number): Place => ({ source: 'city', name, alt: [], country, lon, lat, population: 1000, key: name });
const gazetteer = buildGazetteer([place('Alpha', 'KZ', 70, 45), place('Betaville', 'KZ', 72, 45)]);

const NODES = `id,kind,name_en,name_ru,name_local,lookup,lon,lat,unlocode,confidence,note
KZ-ALPHA,station,Alpha,,,city:Alpha,70.1,45.1,,published,
KZ-BETA,station,Beta,,,city:Betavile,72.00000,45.00000,,published,
KZ-GAMMA,junction,Gamma,,,city:Alpha,74.00000,45.00000,,estimated,far from the lookup
KZ-DELTA,border,Delta,,,,75.00000,45.00000,,estimated,
KZ-EPS,station,Eps,,,city:Nowhere,,,,estimated,
`;
const RAIL = `line,from,to,length_km,length_source,country,gauge_mm,tracks,electrified,status,opened,speed_kmh,capacity_per_day,operator,source,confidence
KZ-L1,KZ-ALPHA,KZ-BETA,180,kz-s,,1520,2,yes,operating,1950,80,,KTZ,kz-s,published
KZ-L1,KZ-BETA,KZ-GAMMA,,,,1520,1,no,operating,,,,KTZ,kz-s,published
KZ-L2,KZ-GAMMA,KZ-DELTA,,,,1520,1,no,planned,2030,,,,kz-s,estimated
KZ-L2,KZ-DELTA,KZ-NOWHERE,,,,1520,1,no,planned,2030,,,,kz-s,estimated
KZ-L3,KZ-ALPHA,KZ-DELTA,,,,999,1,no,operating,,,,,kz-s,estimated
`;
const SOURCES = `key,publisher,title,year,url,licence,note
kz-s,KTZ,Network,2023,,,
`;
const PROJECTS = `id,name_en,name_ru,countries,kind,status,year_start,year_end,cost_amount,cost_currency,financiers,changes,citation,source,confidence
P1,Gamma line,Линия,KZ,new_line,planned,2025,2030,100,USD,ADB;EBRD,add_line KZ-L2;set_line KZ-L1 tracks=2,"KTZ, plan, 2024",kz-s,published
P2,Bad,Плохо,KZ,new_line,planned,2031,2030,,,,add_line KZ-NONE;frobnicate x,"x",missing-key,published
`;
const files: CuratedFile[] = [
  { path: 'KZ/nodes.csv', text: NODES },
  { path: 'KZ/rail.csv', text: RAIL },
  { path: 'KZ/sources.csv', text: SOURCES },
  { path: 'projects.csv', text: PROJECTS },
];
const run = (f = files) => buildCurated({ files: f, gazetteer, version: '9.9.9' });
const codes = (r: ReturnType<typeof run>, line: number, file: string) => r.issues.filter((i) => i.at.line === line && i.at.file === file).map((i) => i.code).sort();

test('a lookup near the curator’s point wins; a far one or a failed one keeps the curator’s point, reported', () => {
  const r = run();
  const n = new Map(r.records.nodes.map((x) => [x.id, x]));
  assert.deepEqual([n.get('KZ-ALPHA')!.lon, n.get('KZ-ALPHA')!.lat], [70, 45]);
  assert.deepEqual(codes(r, 3, 'KZ/nodes.csv'), ['LOOKUP_FUZZY']);
  assert.equal(n.get('KZ-BETA')!.lon, 72);
  assert.deepEqual(codes(r, 4, 'KZ/nodes.csv'), ['LOOKUP_FAR']);
  assert.equal(n.get('KZ-GAMMA')!.lon, 74);
  assert.deepEqual(codes(r, 6, 'KZ/nodes.csv'), ['LOOKUP_FAILED']);
  assert.equal(n.has('KZ-EPS'), false);
  assert.deepEqual(r.counts.nodes, { read: 5, accepted: 4, rejected: 1 });
  assert.equal(n.get('KZ-ALPHA')!.sourceId, 'karavan-curated@9.9.9#KZ/nodes.csv:KZ-ALPHA');
});

test('sections take a published length with its confidence, or geodesic × 1.15 flagged estimated', () => {
  const r = run();
  const l = new Map(r.records.links.map((x) => [x.id, x]));
  const ab = l.get('rail:KZ-ALPHA:KZ-BETA')!;
  assert.equal(ab.lengthKm, 180);
  assert.equal(ab.confidence, 'published');
  assert.equal(ab.geometryQuality, 'schematic');
  const bg = l.get('rail:KZ-BETA:KZ-GAMMA')!;
  assert.ok(Math.abs(bg.lengthKm - 157.3 * 1.15) < 1.5, String(bg.lengthKm));
  assert.equal(bg.confidence, 'estimated');
  assert.deepEqual(codes(r, 5, 'KZ/rail.csv'), ['REF_DANGLING']);
  assert.deepEqual(codes(r, 6, 'KZ/rail.csv'), ['GAUGE_UNKNOWN']);
  assert.equal(l.size, 3);
});

test('add_line and set_line expand to one change per section; bad changes and keys are errors', () => {
  const r = run();
  const p1 = r.records.projects.find((p) => p.id === 'P1')!;
  assert.deepEqual(p1.changes, [
    { op: 'add_link', link: 'rail:KZ-GAMMA:KZ-DELTA' },
    { op: 'set', link: 'rail:KZ-ALPHA:KZ-BETA', attr: 'tracks', value: 2 },
    { op: 'set', link: 'rail:KZ-BETA:KZ-GAMMA', attr: 'tracks', value: 2 },
  ]);
  assert.deepEqual(p1.financiers, ['ADB', 'EBRD']);
  assert.deepEqual(codes(r, 3, 'projects.csv'), ['CHANGE_INVALID', 'REF_DANGLING', 'YEAR_ORDER']);
  assert.equal(r.records.projects.length, 1);
});

test('a duplicate id is an error that names the first occurrence', () => {
  const r = run([...files, { path: 'KZ/road.csv', text: 'line,from,to,status,source,confidence\nKZ-M1,KZ-ALPHA,KZ-BETA,operating,kz-s,estimated\nKZ-M1,KZ-ALPHA,KZ-BETA,operating,kz-s,estimated\n' }]);
  const dup = r.issues.find((i) => i.code === 'ID_DUPLICATE')!;
  assert.deepEqual(dup.at, { file: 'KZ/road.csv', line: 3, field: 'id' });
  assert.equal(dup.params.first, 'KZ/road.csv:2');
});

test('the same files give the same bytes, whatever order they are handed in', () => {
  const a = networkTexts(run().records);
  const b = networkTexts(run([...files].reverse()).records);
  assert.deepEqual(a, b);
  assert.match(a.links, /^\{"type":"FeatureCollection","layer":"links"/);
});
