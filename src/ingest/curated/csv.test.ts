import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, parseCsvRecords } from './csv.ts';

test('records keep the line they start on, past comments, blank lines and quoted line breaks', () => {
  const text = 'a,b,c\n# a comment\n1,"x, y",3\n\n"multi\nline",2,"say ""hi"""\n4,,\n';
  const { table, issues } = parseCsv(text, 'f.csv');
  assert.deepEqual(issues, []);
  assert.deepEqual(table!.header, ['a', 'b', 'c']);
  assert.deepEqual(table!.records.map((r) => [r.line, r.cells]), [
    [3, ['1', 'x, y', '3']],
    [5, ['multi\nline', '2', 'say "hi"']],
    [7, ['4', '', '']],
  ]);
});

test('CRLF line ends, a BOM and a missing final newline are all fine', () => {
  const { records, issues } = parseCsvRecords('\ufeffa,b\r\n1,2\r\n3,"4"', 'f.csv');
  assert.deepEqual(issues, []);
  assert.deepEqual(records.map((r) => r.cells), [['a', 'b'], ['1', '2'], ['3', '4']]);
});

test('a row of the wrong width is reported with its line and skipped; the others are kept', () => {
  const { table, issues } = parseCsv('a,b\n1,2\n1,2,3\n5,6\n', 'f.csv');
  assert.equal(table!.records.length, 2);
  assert.equal(issues.length, 1);
  assert.equal(issues[0].code, 'CSV_COLUMNS');
  assert.deepEqual(issues[0].at, { file: 'f.csv', line: 3 });
});

test('an unclosed quote and a stray quote are malformed CSV, reported at their line', () => {
  const a = parseCsvRecords('a,b\n1,"open\n2,3\n', 'f.csv');
  assert.equal(a.issues[0].code, 'CSV_INVALID');
  assert.equal(a.issues[0].at.line, 2);
  const b = parseCsvRecords('a,b\n1,x"y\n', 'f.csv');
  assert.equal(b.issues[0].code, 'CSV_INVALID');
  assert.equal(b.issues[0].at.line, 2);
  const c = parseCsvRecords('a,b\n"q"z,1\n', 'f.csv');
  assert.equal(c.issues[0].code, 'CSV_INVALID');
});

test('an empty file is reported, not crashed on', () => {
  const { table, issues } = parseCsv('# only a comment\n', 'f.csv');
  assert.equal(table, null);
  assert.equal(issues[0].code, 'FILE_EMPTY');
});
