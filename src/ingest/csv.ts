// RFC 4180 CSV with the line number of every row, so problems can be reported as file:line.
// Lines starting with '#' (outside quotes, at the start of a row) are comments.

export interface CsvRow {
  line: number;
  cells: string[];
}

export type CsvResult =
  | { ok: true; header: string[]; headerLine: number; rows: CsvRow[] }
  | { ok: false; line: number; reason: string };

export function parseCsv(text: string): CsvResult {
  const rows: CsvRow[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM
  while (i < n) {
    // skip blank lines and comments between rows
    if (text[i] === '\n') { i++; line++; continue; }
    if (text[i] === '\r' && text[i + 1] === '\n') { i += 2; line++; continue; }
    if (text[i] === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) return { ok: false, line: startLine, reason: 'a quoted field is not closed' };
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
            i++;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          return { ok: false, line, reason: `unexpected character ${JSON.stringify(text[i])} after a closing quote` };
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') return { ok: false, line, reason: 'a quote inside an unquoted field' };
          cell += text[i++];
        }
      }
      cells.push(cell);
      cell = '';
      if (i >= n) break;
      if (text[i] === ',') { i++; continue; }
      if (text[i] === '\r') i++;
      i++; // '\n'
      line++;
      break;
    }
    rows.push({ line: startLine, cells });
  }
  if (rows.length === 0) return { ok: false, line: 1, reason: 'no header line' };
  const [head, ...body] = rows;
  return { ok: true, header: head.cells.map((h) => h.trim()), headerLine: head.line, rows: body };
}

function quote(v: string): string {
  return /[",\n\r]/.test(v) || v.startsWith('#') ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
}
