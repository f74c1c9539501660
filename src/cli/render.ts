// Issues and counts as people and scripts read them.
import { renderIssue, renderMessage, type Issue, type Lang } from '../core/issues.ts';

export function issueJson(i: Issue, lang: Lang) {
  return { code: i.code, severity: i.severity, at: i.at, params: i.params, message: renderMessage(i.code, i.params, lang), text: renderIssue(i, lang) };
}

export function printIssues(issues: readonly Issue[], lang: Lang, write: (s: string) => void, max = 200): void {
  issues.slice(0, max).forEach((i) => write(renderIssue(i, lang)));
  if (issues.length > max) write(lang === 'ru' ? `… и ещё ${issues.length - max}` : `… and ${issues.length - max} more`);
}

export function countsLine(lang: Lang, c: { read: number; accepted: number; rejected: number; written?: number }): string {
  return lang === 'ru'
    ? `прочитано ${c.read}, принято ${c.accepted}, отклонено ${c.rejected}${c.written !== undefined ? `, записано ${c.written}` : ''}`
    : `read ${c.read}, accepted ${c.accepted}, rejected ${c.rejected}${c.written !== undefined ? `, written ${c.written}` : ''}`;
}
