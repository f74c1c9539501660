import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGazetteer, editDistance, lookup, normaliseName, placesFromNaturalEarth, placesFromUnlocode, type Place } from './gazetteer.ts';

const city = (name: string, country: string, lon: number, lat: number, population = 1000, key = name): Place =>
  ({ source: 'city', name, alt: [], country, lon, lat, population, key });

const g = buildGazetteer([
  ...placesFromNaturalEarth([
    { properties: { NAME: 'Almaty', NAMEASCII: 'Almaty', NAME_EN: 'Almaty', ISO_A2: 'KZ', POP_MAX: 1900000, GEONAMEID: 1526384 }, geometry: { coordinates: [76.915, 43.325] } },
    { properties: { NAME: 'Türkmenbaşy', NAMEASCII: 'Turkmenbasy', NAME_EN: 'Türkmenbaşy', ISO_A2: 'TM', POP_MAX: 68000, GEONAMEID: 161616 }, geometry: { coordinates: [52.97, 40.02] } },
  ]),
  ...placesFromUnlocode([
    { country: 'KZ', location: 'AAU', name: 'Aktau', nameWoDiacritics: 'Aktau', lat: '43.65', lon: '51.15' },
    { country: 'KZ', location: 'XXX', name: 'Nowhere', nameWoDiacritics: 'Nowhere', lat: '', lon: '' },
  ]),
  city('Beyneu', 'KZ', 55.19, 45.32, 14245),
  city('Kuryk', 'KZ', 51.65, 43.18, 6000),
  city('Aral', 'KZ', 61.67, 46.8, 30000),
  city('Novka', 'RU', 30, 60, 5000, 'a'),
  city('Novka', 'RU', 40, 55, 9000, 'b'),
]);

test('names compare without case, diacritics, spaces or punctuation', () => {
  assert.equal(normaliseName('Türkmenbaşy'), 'turkmenbasy');
  assert.equal(normaliseName("Bandar-e Anzali"), 'bandareanzali');
  const r = lookup(g, 'ne:TURKMENBASY', 'TM', null);
  assert.ok(r.ok && !r.fuzzy && r.place.lon === 52.97);
});

test('a lookup resolves only within the node’s country', () => {
  assert.deepEqual(lookup(g, 'ne:Almaty', 'KG', null), { ok: false, reason: 'not_found' });
  assert.ok(lookup(g, 'ne:Almaty', 'KZ', null).ok);
});

test('locode lookups take the code, with or without a space, and skip rows without coordinates', () => {
  const r = lookup(g, 'locode:KZ AAU', 'KZ', null);
  assert.ok(r.ok && r.place.name === 'Aktau' && r.place.lat === 43.65);
  assert.deepEqual(lookup(g, 'locode:KZXXX', 'KZ', null), { ok: false, reason: 'not_found' });
  assert.deepEqual(lookup(g, 'locode:KZ', 'KZ', null), { ok: false, reason: 'syntax' });
});

test('a near miss in spelling matches fuzzily; short names must match exactly', () => {
  const r = lookup(g, 'city:Beineu', 'KZ', null);
  assert.ok(r.ok && r.fuzzy && r.place.name === 'Beyneu');
  assert.deepEqual(lookup(g, 'city:Arak', 'KZ', null), { ok: false, reason: 'not_found' });
  assert.deepEqual(lookup(g, 'city:Qwertyuiop', 'KZ', null), { ok: false, reason: 'not_found' });
});

test('among places of one name the one nearest the curator’s point wins, else the most populous', () => {
  const near = lookup(g, 'city:Novka', 'RU', [30.1, 60.1]);
  assert.ok(near.ok && near.place.key === 'a');
  const big = lookup(g, 'city:Novka', 'RU', null);
  assert.ok(big.ok && big.place.key === 'b');
});

test('an unknown prefix is a syntax error, not a miss', () => {
  assert.deepEqual(lookup(g, 'osm:Almaty', 'KZ', null), { ok: false, reason: 'syntax' });
});

test('edit distance gives up past its budget', () => {
  assert.equal(editDistance('kuryk', 'kurik', 2), 1);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
});
