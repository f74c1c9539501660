// RFC 4180 CSV text → rows with the line each record starts on, plus issues (never throws).
// Quoted fields may hold commas, doubled quotes and line breaks; a line that begins with `#`
// outside a quoted field is a comment; blank lines are skipped; a leading BOM is dropped.
import { makeIssue, type Issue } from '../../core/issues.ts';

export interface CsvRecord {
  /** 1-based line number the record starts on. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  headerLine: number;
  records: CsvRecord[];
}

export interface CsvResult {
  table: CsvTable | null;
  issues: Issue[];
}

/** Splits text into records; a malformed record is reported and skipped, the rest are kept. */
export function parseCsvRecords(text: string, file: string): { records: CsvRecord[]; issues: Issue[] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const issues: Issue[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const startLine = line;
    // Comment and blank lines are only recognised at the start of a record.
    if (src[i] === '#' || src[i] === '\n' || (src[i] === '\r' && src[i + 1] === '\n')) {
      while (i < n && src[i] !== '\n') i++;
      i++;
      line++;
      continue;
    }
    const cells: string[] = [];
    let bad: string | null = null;
    for (;;) {
      let cell = '';
      if (src[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = src[i];
          if (c === '"') {
            if (src[i + 1] === '"') { cell += '"'; i += 2; continue; }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        if (!closed) { bad ??= 'a quoted field is not closed before the end of the file'; }
        else if (i < n && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n')) {
          bad ??= `unexpected ${JSON.stringify(src[i])} after a closing quote`;
          while (i < n && src[i] !== ',' && src[i] !== '\n') { cell += src[i]; i++; }
        }
      } else {
        while (i < n && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n')) {
          if (src[i] === '"') bad ??= 'a quote inside an unquoted field (quote the whole field and double the quote)';
          cell += src[i];
          i++;
        }
      }
      cells.push(cell);
      if (i < n && src[i] === ',') { i++; continue; }
      if (src[i] === '\r') i++;
      if (i < n && src[i] === '\n') { i++; line++; }
      break;
    }
    if (bad) issues.push(makeIssue('CSV_INVALID', { file, line: startLine }, { reason: bad }));
    else records.push({ line: startLine, cells });
  }
  return { records, issues };
}

/** Parses a CSV file whose first record is the header; rows with the wrong width are reported and skipped. */
export function parseCsv(text: string, file: string): CsvResult {
  const { records, issues } = parseCsvRecords(text, file);
  if (records.length === 0) {
    if (issues.length === 0) issues.push(makeIssue('FILE_EMPTY', { file }));
    return { table: null, issues };
  }
  const [head, ...rows] = records;
  const header = head.cells.map((h) => h.trim());
  const kept: CsvRecord[] = [];
  for (const r of rows) {
    if (r.cells.length !== header.length) {
      issues.push(makeIssue('CSV_COLUMNS', { file, line: r.line }, { count: r.cells.length, expected: header.length }));
    } else kept.push(r);
  }
  return { table: { file, header, headerLine: head.line, records: kept }, issues };
}
