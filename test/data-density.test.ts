// Station density of the bundled rail network (issue 5: "a point at least every ~150 km, so the
// lines follow the real alignment at national zoom"). Every operating or construction rail link of
// a member state must be at most MAX_SECTION_KM long, unless data/curated/checks/long-sections.csv
// lists it with the reason it cannot be split honestly (e.g. only the end-to-end length is
// published, or no intermediate station is known). The list is checked too, so it does not rot:
// each listed link must still exist and still be longer than the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEMBER_STATES } from '../src/core/countries.ts';
import type { Link } from '../src/core/model.ts';
import { parseCsv } from '../src/ingest/curated/csv.ts';
import { buildCurated, loadGazetteer, packageVersion, readCuratedTree } from '../src/ingest/curated/index.ts';

// The issue asks for ~150 km; 180 km leaves room for the detour factor on a 150 km chord.
const MAX_SECTION_KM = 180;
const EXCEPTIONS_FILE = 'data/curated/checks/long-sections.csv';

const root = new URL('..', import.meta.url).pathname;
const result = buildCurated({
  files: readCuratedTree(join(root, 'data/curated')),
  gazetteer: loadGazetteer(root),
  version: packageVersion(root),
  displayPrefix: 'data/curated/',
});
const links = result.records.links;
const members = new Set<string>(MEMBER_STATES);
const held = (l: Link) => l.mode === 'rail' && members.has(l.country) && (l.status === 'operating' || l.status === 'construction');

/** Reads `link_id,reason`; every malformed row becomes a compiler-style message. */
function readExceptions(text: string, file: string): { reasons: Map<string, { reason: string; line: number }>; problems: string[] } {
  const { table, issues } = parseCsv(text, file);
  const problems = issues.map((i) => `${file}:${i.at.line ?? '?'}: ${i.code}`);
  const reasons = new Map<string, { reason: string; line: number }>();
  if (!table) return { reasons, problems: [...problems, `${file}: no header line`] };
  const idCol = table.header.indexOf('link_id');
  const reasonCol = table.header.indexOf('reason');
  if (idCol < 0 || reasonCol < 0) return { reasons, problems: [...problems, `${file}:${table.headerLine}: header must be "link_id,reason"`] };
  for (const r of table.records) {
    const id = r.cells[idCol].trim();
    const reason = r.cells[reasonCol].trim();
    if (!id) problems.push(`${file}:${r.line}: field "link_id" is required`);
    else if (!reason) problems.push(`${file}:${r.line}: link "${id}" field "reason" is required`);
    else if (reasons.has(id)) problems.push(`${file}:${r.line}: link "${id}" is listed twice (first on line ${reasons.get(id)!.line})`);
    else reasons.set(id, { reason, line: r.line });
  }
  return { reasons, problems };
}

/** Member-state rail links over the limit that the exceptions do not cover, longest first. */
function tooLong(ls: readonly Link[], excepted: ReadonlyMap<string, unknown>): Link[] {
  return ls.filter((l) => held(l) && l.lengthKm > MAX_SECTION_KM && !excepted.has(l.id)).sort((a, b) => b.lengthKm - a.lengthKm);
}

const { reasons, problems } = readExceptions(readFileSync(join(root, EXCEPTIONS_FILE), 'utf8'), EXCEPTIONS_FILE);

test(`${EXCEPTIONS_FILE} is well formed: link_id and reason on every row, no link twice`, () => {
  assert.deepEqual(problems, []);
});

test(`every member-state rail link (operating or construction) is ≤ ${MAX_SECTION_KM} km or listed with a reason`, () => {
  const offenders = tooLong(links, reasons).map((l) => `${l.id} (${l.country}, ${l.status}): ${l.lengthKm} km`);
  assert.ok(offenders.length === 0, `${offenders.length} rail links longer than ${MAX_SECTION_KM} km: split them at real stations or list them in ${EXCEPTIONS_FILE}:\n${offenders.join('\n')}`);
});

test(`every link listed in ${EXCEPTIONS_FILE} still exists and is still > ${MAX_SECTION_KM} km`, () => {
  const byId = new Map(links.map((l) => [l.id, l]));
  const stale: string[] = [];
  for (const [id, { line }] of reasons) {
    const l = byId.get(id);
    if (!l) stale.push(`${EXCEPTIONS_FILE}:${line}: link "${id}" no longer exists`);
    else if (!held(l)) stale.push(`${EXCEPTIONS_FILE}:${line}: link "${id}" is not an operating or construction rail link of a member state (${l.mode}, ${l.country}, ${l.status})`);
    else if (l.lengthKm <= MAX_SECTION_KM) stale.push(`${EXCEPTIONS_FILE}:${line}: link "${id}" is ${l.lengthKm} km, within ${MAX_SECTION_KM} km: remove it from the list`);
  }
  assert.ok(stale.length === 0, `${stale.length} stale exceptions:\n${stale.join('\n')}`);
});

test('the density check can fail: drawn links over the limit are reported unless excepted or out of scope', () => {
  const base = links.find(held)!;
  const drawn = (id: string, country: string, lengthKm: number, status: Link['status'] = 'operating') => ({ ...base, id, country, lengthKm, status }) as Link;
  const ls = [
    drawn('rail:KZ-A:KZ-B', 'KZ', 200),
    drawn('rail:KZ-B:KZ-C', 'KZ', 150),
    drawn('rail:KZ-C:KZ-D', 'KZ', 300),
    drawn('rail:CN-A:CN-B', 'CN', 400),
    drawn('rail:UZ-A:UZ-B', 'UZ', 250, 'planned'),
    drawn('rail:RU-A:RU-B', 'RU', 181, 'construction'),
  ];
  assert.deepEqual(tooLong(ls, new Map([['rail:KZ-C:KZ-D', 'only the end-to-end length is published']])).map((l) => l.id), ['rail:KZ-A:KZ-B', 'rail:RU-A:RU-B']);
});
