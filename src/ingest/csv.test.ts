import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, csvText } from './csv.ts';

test('quoted fields, escaped quotes, CRLF and comments keep their line numbers', () => {
  const r = parseCsv('id,name\r\n# a comment\nA,"Alma, ""Ata"""\n\nB,"two\nlines"\nC,x\n');
  assert.ok(r.ok);
  assert.deepEqual(r.rows.map((x) => [x.line, ...x.cells]), [[3, 'A', 'Alma, "Ata"'], [5, 'B', 'two\nlines'], [7, 'C', 'x']]);
});

test('an unclosed quote is reported at the line where its row starts', () => {
  const r = parseCsv('id,name\nA,"open\nB,c\n');
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.line, 2);
});

test('csvText round-trips through parseCsv', () => {
  const rows = [['a,b', 'say "hi"'], ['#x', '']];
  const r = parseCsv(csvText(['h1', 'h2'], rows));
  assert.ok(r.ok);
  assert.deepEqual(r.rows.map((x) => x.cells), rows);
});
