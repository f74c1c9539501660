// docs/errors.md as text, from the message registry: every code with its severity and its English
// and Russian text, grouped by the stage that raises it.
import { MESSAGE_GROUPS } from './messages/index.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function errorsMarkdown(): string {
  const out = [
    '# Error and warning codes / Коды ошибок и предупреждений',
    '',
    'Generated from `src/core/messages/` by `npm run docs:errors`; a test fails when this file and the',
    'registry disagree. `{name}` is filled with the offending value (quoted), `{name!}` unquoted.',
    'Every message is prefixed with its location (file, line or feature, id, field) and followed by its code.',
    '',
    'CLI exit codes: 0 ok, 1 data problems (any error below), 2 bad usage (`OPTION_INVALID` and other usage codes), 70 a bug.',
    'HTTP: usage codes → 400 (404 for unknown resources), data codes → 422, bugs → 500 with a request id.',
    '',
  ];
  for (const [group, defs] of Object.entries(MESSAGE_GROUPS)) {
    const codes = Object.keys(defs).sort();
    if (codes.length === 0) continue;
    out.push(`## ${group}`, '', '| code | severity | English | Русский |', '| --- | --- | --- | --- |');
    for (const code of codes) {
      const d = defs[code];
      out.push(`| \`${code}\` | ${d.severity} | ${cell(d.en)} | ${cell(d.ru)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
