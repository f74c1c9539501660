// sources.csv (top level and per country) and <CC>/official.csv.
import { isCountryCode } from '../../core/countries.ts';
import type { Issue } from '../../core/issues.ts';
import { parseCsv } from './csv.ts';
import { Cells, checkHeader, rowsOf, type Row } from './fields.ts';

export const SOURCE_REQUIRED = ['key', 'publisher', 'title'] as const;
export const SOURCE_OPTIONAL = ['year', 'url', 'licence', 'note'] as const;
export const OFFICIAL_REQUIRED = ['country', 'rail_km', 'year', 'source'] as const;

export interface SourceEntry {
  key: string;
  publisher: string;
  title: string;
  year: number | null;
  url: string | null;
  licence: string | null;
  file: string;
  line: number;
}

export interface OfficialLength {
  country: string;
  railKm: number;
  year: number | null;
  source: string;
  file: string;
  line: number;
}

/** `folderCountry` null for the top-level file; a country file's keys should start with its code. */
export function readSource(row: Row, folderCountry: string | null, issues: Issue[]): SourceEntry | null {
  const c = new Cells(row, issues);
  const key = c.required('key');
  const publisher = c.required('publisher');
  const title = c.required('title');
  const year = c.year('year');
  if (folderCountry && key !== '' && !key.startsWith(`${folderCountry.toLowerCase()}-`)) {
    c.report('ID_CONVENTION', 'key', { value: key, reason: `a key in ${folderCountry}/sources.csv starts with "${folderCountry.toLowerCase()}-"` });
  }
  if (c.failed) return null;
  return { key, publisher, title, year, url: c.str('url'), licence: c.str('licence'), file: row.file, line: row.line };
}

export function readOfficial(row: Row, issues: Issue[]): OfficialLength | null {
  const c = new Cells(row, issues);
  const country = c.required('country');
  if (country !== '' && !isCountryCode(country)) c.report('COUNTRY_UNKNOWN', 'country', { value: country });
  const railKm = c.num('rail_km', { min: 1, max: 200000 });
  if (c.str('rail_km') === null) c.report('FIELD_REQUIRED', 'rail_km');
  const year = c.year('year');
  const source = c.required('source');
  if (c.failed || railKm === null) return null;
  return { country, railKm, year, source, file: row.file, line: row.line };
}

/** One <CC>/official.csv text → its lengths; problems go to `issues` (the build and `stats` share this reader). */
export function readOfficialFile(text: string, file: string, issues: Issue[]): OfficialLength[] {
  const parsed = parseCsv(text, file);
  issues.push(...parsed.issues);
  if (!parsed.table) return [];
  const header = checkHeader(parsed.table, OFFICIAL_REQUIRED, ['note']);
  issues.push(...header);
  if (header.some((i) => i.severity === 'error')) return [];
  return rowsOf(parsed.table).map((row) => readOfficial(row, issues)).filter((o): o is OfficialLength => o !== null);
}
