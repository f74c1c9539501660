// Reading alerts without a store: the real CAP corpus (test/fixtures/cap/real, see its README),
// the hostile and bad corpus (test/fixtures/cap/bad, each file with its expected code in
// expected.json), our own good fixtures (feeds, GeoJSON hazards), and the pure risk functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/open.ts';
import { hasErrors } from '../src/core/issues.ts';
import { haversineKm } from '../src/core/geo.ts';
import { circleRing, DEFAULT_XML_LIMITS, parseCapDateTime, readAlertBytes, readAlertFiles, type Alert } from '../src/ingest/cap/index.ts';
import { effectOf, impactOf, levelIn, portDraft, type LevelPoint } from '../src/risk/index.ts';

const FIX = join(PROJECT_ROOT, 'test/fixtures/cap');
const real = (f: string) => readAlertFiles([join(FIX, 'real', f)]);
const areasOf = (a: Alert) => a.infos.flatMap((i) => i.areas);

test('real alerts from many publishers are accepted, with the right shape', () => {
  const cases: [string, { infos: number; polygons: number; circles: number; format: string }][] = [
    ['kde__kz-2.49.0.0.398.0-20250306-133701-0284797-00-EN.xml', { infos: 1, polygons: 1, circles: 0, format: 'cap1.2' }],
    ['kde__ru-20250301222516-0086037.xml', { infos: 1, polygons: 6, circles: 0, format: 'cap1.2' }],
    ['google__canada.cap', { infos: 2, polygons: 4, circles: 0, format: 'cap1.2' }],
    ['google__australia.cap', { infos: 2, polygons: 0, circles: 2, format: 'cap1.2' }],
    ['google__earthquake.cap', { infos: 1, polygons: 0, circles: 1, format: 'cap1.1' }],
    ['google__earthquake-iso8859-1.cap', { infos: 1, polygons: 0, circles: 1, format: 'cap1.2' }],
    ['kde__mo-cap_monsoon.xml', { infos: 3, polygons: 3, circles: 0, format: 'cap1.2' }],
    ['kde__gdacs-cap_1001150.xml', { infos: 1, polygons: 2, circles: 0, format: 'cap1.2' }],
    ['kde__noaa-2.49.0.1.840.0.9b5195e635069329b12a7c697fad5934d144784a.001.1.xml', { infos: 1, polygons: 212, circles: 0, format: 'cap1.2' }],
    ['ibm__cap_amber_alert_example.xml', { infos: 2, polygons: 0, circles: 0, format: 'cap1.2' }],
    ['google__KAR0-0306112239-SW.cap', { infos: 1, polygons: 0, circles: 0, format: 'cap1.1' }],
    ['google__thunderstorm.cap', { infos: 1, polygons: 1, circles: 0, format: 'cap1.2' }],
    ['kde__alertswiss-POA-1216107687-4.xml', { infos: 1, polygons: 1, circles: 0, format: 'cap1.2' }],
    ['google__no_optional_fields.cap', { infos: 0, polygons: 0, circles: 0, format: 'cap1.1' }],
  ];
  for (const [file, want] of cases) {
    const r = real(file);
    assert.equal(hasErrors(r.issues), false, `${file}: ${JSON.stringify(r.issues.slice(0, 2))}`);
    assert.equal(r.alerts.length, 1, file);
    const a = r.alerts[0];
    assert.equal(a.format, want.format, file);
    assert.equal(a.infos.length, want.infos, file);
    assert.equal(areasOf(a).reduce((n, x) => n + x.polygons.length, 0), want.polygons, file);
    assert.equal(areasOf(a).reduce((n, x) => n + x.circles.length, 0), want.circles, file);
  }
});

test('the signed ISO-8859-1 alert is decoded as Latin-1 and its signature ignored', () => {
  const a = real('google__earthquake-iso8859-1.cap').alerts[0];
  const text = JSON.stringify(a);
  assert.ok(!text.includes('\ufffd'), 'no replacement characters: the bytes were decoded as ISO-8859-1');
  assert.ok(readFileSync(join(FIX, 'real/google__earthquake-iso8859-1.cap'), 'latin1').includes('xmldsig'));
});

test('CAP polygons are read lat,lon and stored lon,lat; the Kazhydromet alert lies in eastern Kazakhstan', () => {
  const a = real('kde__kz-2.49.0.0.398.0-20250306-133701-0284797-00-EN.xml').alerts[0];
  const ring = areasOf(a)[0].polygons[0];
  assert.deepEqual(ring[0], [82.599, 49.245]);
  assert.ok(ring.every(([lon, lat]) => lon > 81 && lon < 84 && lat > 48 && lat < 50));
  assert.equal(a.infos[0].severity, 'Moderate');
  assert.equal(a.infos[0].expires, '2025-03-07T16:00:00-00:00');
});

test('GDACS rings-in-parentheses keep the outer ring, with a warning', () => {
  const r = real('kde__gdacs-cap_1023542.xml');
  assert.equal(r.alerts.length, 1);
  assert.ok(r.issues.some((i) => i.code === 'CAP_POLYGON_REPAIRED'));
  const ring = areasOf(r.alerts[0])[0].polygons[0];
  assert.deepEqual(ring[0], ring[ring.length - 1]);
  assert.equal(ring.length, 144);
});

test('Alertswiss omits <category> and <certainty>: read as Other / Unknown with warnings', () => {
  const r = real('kde__alertswiss-TEST-1163.xml');
  assert.equal(r.alerts.length, 1);
  assert.deepEqual(r.issues.filter((i) => i.code === 'CAP_DEFAULTED').map((i) => i.params.value), ['category', 'certainty']);
  assert.equal(r.alerts[0].infos[0].certainty, 'Unknown');
});

test('the malformed and hostile real samples are refused with their codes', () => {
  const want: Record<string, string> = { 'google__xee.cap': 'CAP_XML_DOCTYPE', 'google__invalid.cap': 'CAP_REQUIRED', 'google__canada_errors.cap': 'CAP_EMPTY' };
  for (const [f, code] of Object.entries(want)) {
    const r = real(f);
    assert.equal(r.alerts.length, 0, f);
    assert.ok(r.issues.some((i) => i.code === code && i.severity === 'error'), `${f}: ${r.issues.map((i) => i.code)}`);
  }
  const rss = real('kde__au-bom-en.rss.xml');
  assert.equal(rss.alerts.length, 0);
  assert.deepEqual(rss.issues.map((i) => i.code), ['CAP_FEED_REMOTE']);
});

test('every bad or hostile fixture gives its expected code, and only the warning cases yield an alert', () => {
  const expected = JSON.parse(readFileSync(join(FIX, 'bad/expected.json'), 'utf8')) as Record<string, { code: string; stored: boolean; limits?: object }>;
  assert.ok(Object.values(expected).filter((e) => !e.stored).length >= 25);
  for (const [file, e] of Object.entries(expected)) {
    const r = readAlertFiles([join(FIX, 'bad', file)], { ...DEFAULT_XML_LIMITS, ...e.limits });
    const codes = r.issues.map((i) => i.code);
    assert.ok(codes.includes(e.code), `${file}: expected ${e.code}, got ${codes.join(', ')}`);
    assert.equal(r.alerts.length, e.stored ? 1 : 0, `${file}: ${codes.join(', ')}`);
    assert.equal(hasErrors(r.issues), !e.stored, file);
    for (const i of r.issues) assert.ok(i.at.file?.endsWith(file), `${file}: issue names the file`);
  }
});

test('the XXE and entity-expansion payloads never reach the text: refused before any expansion', () => {
  for (const f of ['xxe-file.xml', 'billion-laughs.xml']) {
    const t0 = performance.now();
    const r = readAlertFiles([join(FIX, 'bad', f)]);
    assert.ok(performance.now() - t0 < 500);
    assert.ok(!JSON.stringify(r).includes('root:'), 'no /etc/passwd content anywhere');
    assert.equal(r.issues[0].code, 'CAP_XML_DOCTYPE');
  }
});

test('an antimeridian polygon is unwrapped (longitudes continue past 180), not turned into a band round the globe', () => {
  const r = readAlertFiles([join(FIX, 'bad/antimeridian.xml')]);
  const ring = areasOf(r.alerts[0])[0].polygons[0];
  assert.deepEqual(ring.map((p) => p[0]), [179, 181, 181, 179, 179]);
  const ru = real('kde__ru-20250301222516-0086037.xml').alerts[0];
  // Roshydromet splits its Chukotka polygons at 180 itself: nothing to unwrap there
  assert.ok(areasOf(ru)[0].polygons.every((p) => p.every(([lon]) => lon >= -180 && lon <= 180)));
});

test('a circle becomes a circumscribed 64-gon: every vertex just outside the radius, none far', () => {
  const c = { lon: 51.15, lat: 43.65, radiusKm: 25 };
  const ring = circleRing(c);
  assert.equal(ring.length, 65);
  for (const p of ring) {
    const d = haversineKm([c.lon, c.lat], p);
    assert.ok(d >= 25 && d < 25 * 1.002, `vertex at ${d} km`);
  }
});

test('feeds: inline and linked local entries are read, remote links are reported and never fetched', () => {
  const r = readAlertFiles([join(FIX, 'good/feed/feed.atom')]);
  assert.equal(r.read, 3);
  assert.deepEqual(r.alerts.map((a) => a.identifier), ['FEED-INLINE-1', 'FEED-LINKED-1']);
  assert.deepEqual(r.issues.map((i) => i.code), ['CAP_FEED_REMOTE']);
  const rss = readAlertFiles([join(FIX, 'good/feed/feed.rss')]);
  assert.deepEqual(rss.alerts.map((a) => a.identifier), ['FEED-LINKED-1']);
});

test('GeoJSON hazards become alerts: polygon and point with radius', () => {
  const r = readAlertFiles([join(FIX, 'good/hazards.geojson')]);
  assert.equal(r.issues.length, 0);
  assert.deepEqual(r.alerts.map((a) => [a.identifier, a.format, a.infos[0].severity, areasOf(a)[0].polygons.length, areasOf(a)[0].circles.length]), [
    ['HZ-1', 'geojson', 'Severe', 1, 0],
    ['HZ-2', 'geojson', 'Extreme', 0, 1],
  ]);
});

test('an EDXL-DE envelope is opened; "lat, lon" with spaces round the comma is one point', () => {
  const r = readAlertFiles([join(FIX, 'good/edxl.xml')]);
  assert.equal(r.issues.length, 0, JSON.stringify(r.issues));
  assert.deepEqual(r.alerts.map((a) => a.identifier), ['EDXL-1']);
  assert.deepEqual(areasOf(r.alerts[0])[0].polygons[0].slice(0, 2), [[0.5, -0.1], [1.5, -0.1]]);
});

test('a request body is sniffed: XML or JSON, whatever it is called', () => {
  const xml = readFileSync(join(FIX, 'good/sequence/1-alert.xml'));
  assert.equal(readAlertBytes(xml, 'body').alerts.length, 1);
  const json = readFileSync(join(FIX, 'good/hazards.geojson'));
  assert.equal(readAlertBytes(json, 'body').alerts.length, 2);
});

test('CAP date-times: offsets, -00:00, and impossible values', () => {
  assert.equal(parseCapDateTime('2025-03-06T13:37:01-00:00'), Date.UTC(2025, 2, 6, 13, 37, 1));
  assert.equal(parseCapDateTime('2025-03-06T15:00:00+02:00'), Date.UTC(2025, 2, 6, 13, 0, 0));
  for (const bad of ['2025-03-06', '2025-03-06T25:00:00+00:00', '2025-00-06T10:00:00+00:00', '06.03.2025 10:00', '2025-03-06T10:00:00']) assert.equal(parseCapDateTime(bad), null, bad);
});

test('severity × certainty → effect: closures only for severe and sure; past and all-clear change nothing', () => {
  assert.equal(effectOf({ severity: 'Extreme', certainty: 'Observed', urgency: 'Immediate' }).kind, 'closure');
  assert.equal(effectOf({ severity: 'Severe', certainty: 'Observed', urgency: 'Immediate' }).kind, 'closure');
  assert.equal(effectOf({ severity: 'Severe', certainty: 'Likely', urgency: 'Expected' }).timeFactor, 2);
  assert.equal(effectOf({ severity: 'Moderate', certainty: 'Possible', urgency: 'Future' }).kind, 'watch');
  assert.equal(effectOf({ severity: 'Extreme', certainty: 'Observed', urgency: 'Past' }).kind, 'none');
  assert.equal(effectOf({ severity: 'Extreme', certainty: 'Observed', urgency: 'Immediate', responseTypes: ['AllClear'] }).kind, 'none');
});

test('impact: km per mode and country add up; corridors and projects are found through touched features', () => {
  const imp = impactOf(
    {
      links: [
        { id: 'A-B', mode: 'rail', country: 'KZ', lengthKm: 100, fraction: 0.25, from: 'A', to: 'B' },
        { id: 'B-C', mode: 'road', country: 'KG', lengthKm: 40, fraction: 1, from: 'B', to: 'C' },
      ],
      nodes: [{ id: 'X', kind: 'station', country: 'KZ' }], ports: [], crossings: [{ id: 'XB', countryA: 'KZ', countryB: 'KG' }],
    },
    [{ id: 'COR-AB', nodes: ['Q', 'B', 'A'] }, { id: 'COR-X', nodes: ['X', 'Z'] }, { id: 'COR-NO', nodes: ['A', 'Z'] }],
    [{ id: 'P-LINK', changes: [{ op: 'set', link: 'B-C' }] }, { id: 'P-CROSS', changes: [{ op: 'set_crossing', crossing: 'XB' }] }, { id: 'P-NO', changes: [{ op: 'add_link', link: 'Z-Y' }] }],
  );
  assert.equal(imp.affectedKm, 65);
  assert.deepEqual(imp.kmByMode, { rail: 25, road: 40 });
  assert.deepEqual(imp.kmByCountry, { KG: 40, KZ: 25 });
  assert.deepEqual(imp.corridors, ['COR-AB', 'COR-X']);
  assert.deepEqual(imp.projects, ['P-LINK', 'P-CROSS']);
});

test('Caspian level: observed, interpolated and projected years; draft follows the level', () => {
  const pts: LevelPoint[] = [
    { year: 2000.5, levelM: -27, kind: 'observed', confidence: 'published', source: 's' },
    { year: 2012.5, levelM: -27.5, kind: 'observed', confidence: 'published', source: 's' },
    { year: 2022.5, levelM: -29.5, kind: 'observed', confidence: 'published', source: 's' },
  ];
  assert.deepEqual([levelIn(pts, 2000).kind, levelIn(pts, 2000).levelM], ['observed', -27]);
  assert.deepEqual([levelIn(pts, 2006).kind, levelIn(pts, 2006).levelM], ['interpolated', -27.25]);
  const p = levelIn(pts, 2032);
  assert.equal(p.kind, 'projected');
  assert.equal(p.trendMPerYear, -0.2); // the least-squares slope through the two points since 2011
  assert.equal(p.levelM, -31.5);
  assert.deepEqual(p.bandM, [-32.5, -31.5]); // 0.30 m/yr from the last figure, and the trend
  const d = portDraft(pts, { id: 'P', name: 'P', maxDraftM: 6.3, draftYear: 2012, draftSource: 's' }, 2022);
  assert.deepEqual([d.remainingDraftM, d.lostM], [4.3, 2]);
});
