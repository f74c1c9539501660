// Typed reading of one CSV row: every bad cell becomes an issue at file:line field, and the
// reader says whether the row met an error, so the caller can reject the record and count it.
import { makeIssue, type Issue, type Location } from '../../core/issues.ts';
import type { CsvTable } from './csv.ts';

export interface Row {
  file: string;
  line: number;
  get(col: string): string;
}

export function rowsOf(table: CsvTable): Row[] {
  const index = new Map(table.header.map((h, i) => [h, i]));
  return table.records.map((r) => ({
    file: table.file,
    line: r.line,
    get: (col: string) => {
      const i = index.get(col);
      return i === undefined ? '' : r.cells[i].trim();
    },
  }));
}

/** Header check: missing required columns are errors, unknown columns warnings. */
export function checkHeader(table: CsvTable, required: readonly string[], optional: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  const at = (field: string): Location => ({ file: table.file, line: table.headerLine, field });
  for (const c of required) if (!table.header.includes(c)) issues.push(makeIssue('FIELD_REQUIRED', at(c)));
  const known = new Set([...required, ...optional]);
  for (const c of table.header) if (!known.has(c)) issues.push(makeIssue('PROPERTY_UNKNOWN', at(c), { value: c }));
  return issues;
}

const TYPE_WORDS: Record<string, [string, string]> = {
  number: ['a number', 'число'],
  integer: ['a whole number', 'целое число'],
  yesno: ['yes or no', 'yes или no'],
};

export class Cells {
  readonly row: Row;
  readonly issues: Issue[];
  private errors = 0;

  constructor(row: Row, issues: Issue[]) {
    this.row = row;
    this.issues = issues;
  }

  at(field?: string, id?: string): Location {
    const loc: Location = { file: this.row.file, line: this.row.line };
    if (id !== undefined) loc.id = id;
    if (field !== undefined) loc.field = field;
    return loc;
  }

  /** Records an issue against this row; error-severity issues mark the row as failed. */
  report(code: string, field: string | undefined, params: Record<string, unknown> = {}): void {
    const issue = makeIssue(code, this.at(field), params);
    if (issue.severity === 'error') this.errors++;
    this.issues.push(issue);
  }

  get failed(): boolean {
    return this.errors > 0;
  }

  str(col: string): string | null {
    const v = this.row.get(col);
    return v === '' ? null : v;
  }

  required(col: string): string {
    const v = this.row.get(col);
    if (v === '') this.report('FIELD_REQUIRED', col);
    return v;
  }

  num(col: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | null {
    const raw = this.row.get(col);
    if (raw === '') return null;
    const v = Number(raw);
    const kind = opts.integer ? 'integer' : 'number';
    if (!/^-?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
      this.report('FIELD_TYPE', col, { value: raw, expected: TYPE_WORDS[kind][0], expected_ru: TYPE_WORDS[kind][1] });
      return null;
    }
    const min = opts.min ?? -Infinity;
    const max = opts.max ?? Infinity;
    if (v < min || v > max) {
      this.report('NUMBER_RANGE', col, { value: v, min, max });
      return null;
    }
    return v;
  }

  year(col: string): number | null {
    const raw = this.row.get(col);
    if (raw === '') return null;
    const v = Number(raw);
    if (!/^\d{4}$/.test(raw) || v < 1800 || v > 2100) {
      this.report('YEAR_RANGE', col, { value: raw });
      return null;
    }
    return v;
  }

  yesNo(col: string): boolean | null {
    const raw = this.row.get(col).toLowerCase();
    if (raw === '') return null;
    if (raw === 'yes' || raw === 'true') return true;
    if (raw === 'no' || raw === 'false') return false;
    this.report('FIELD_TYPE', col, { value: this.row.get(col), expected: TYPE_WORDS.yesno[0], expected_ru: TYPE_WORDS.yesno[1] });
    return null;
  }

  /** A value from a fixed list; `code` names the registered issue for a value outside it. */
  oneOf<T extends string>(col: string, allowed: readonly T[], code = 'ENUM_UNKNOWN'): T | null {
    const raw = this.row.get(col);
    if (raw === '') return null;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.report(code, col, { value: raw, allowed: allowed.join(', ') });
    return null;
  }

  /** Like oneOf, but an empty cell takes `fallback` and says so in a warning. */
  oneOfOr<T extends string>(col: string, allowed: readonly T[], fallback: T, code = 'ENUM_UNKNOWN'): T {
    const raw = this.row.get(col);
    if (raw === '') {
      this.report('FIELD_DEFAULTED', col, { value: fallback });
      return fallback;
    }
    return this.oneOf(col, allowed, code) ?? fallback;
  }

  list(col: string, sep = ';'): string[] {
    const raw = this.row.get(col);
    return raw === '' ? [] : raw.split(sep).map((s) => s.trim()).filter((s) => s !== '');
  }
}
