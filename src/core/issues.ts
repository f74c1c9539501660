// Problems as data: every issue has a registered code, a severity, a location and parameters.
// Text is rendered from the registry in English or Russian, so the CLI, the API and docs/errors.md
// say the same thing (a test keeps docs/errors.md in sync with the registry).
import { MESSAGE_GROUPS, type MessageDef } from './messages/index.ts';

export type Severity = 'error' | 'warning';
export type Lang = 'en' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'ru'];

export interface Location {
  file?: string;
  line?: number;
  /** 0-based index of the feature or record in its file. */
  feature?: number;
  id?: string;
  field?: string;
  element?: string;
}

export interface Issue {
  code: string;
  severity: Severity;
  at: Location;
  params: Record<string, unknown>;
}

export const MESSAGES: Readonly<Record<string, MessageDef & { group: string }>> = (() => {
  const all: Record<string, MessageDef & { group: string }> = {};
  for (const [group, defs] of Object.entries(MESSAGE_GROUPS)) {
    for (const [code, def] of Object.entries(defs)) {
      if (all[code]) throw new Error(`message code ${code} registered twice (${all[code].group}, ${group})`);
      all[code] = { ...def, group };
    }
  }
  return all;
})();

export function makeIssue(code: string, at: Location, params: Record<string, unknown> = {}): Issue {
  const def = MESSAGES[code];
  if (!def) throw new Error(`unregistered issue code ${code}`);
  return { code, severity: def.severity, at, params };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? v.slice(0, 77) + '…' : v);
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  if (Array.isArray(v)) return v.map(show).join(', ');
  return typeof v === 'object' && v !== null ? JSON.stringify(v).slice(0, 120) : String(v);
}

/** Fills "{name}" placeholders; "{name!}" inserts the raw value without quoting. */
/**
 * A template split once into its literal text and its placeholders (`{name}` shown, `{name!}` raw):
 * messages are rendered on every route answer (its warnings), and a regular expression per call
 * was a few per cent of one.
 */
type Compiled = { literals: string[]; keys: string[]; raw: boolean[] };
const compiledTemplates = new Map<string, Compiled>();
function compileTemplate(template: string): Compiled {
  let c = compiledTemplates.get(template);
  if (!c) {
    c = { literals: [], keys: [], raw: [] };
    let at = 0;
    for (const m of template.matchAll(/\{(\w+)(!?)\}/g)) {
      c.literals.push(template.slice(at, m.index));
      c.keys.push(m[1]);
      c.raw.push(m[2] === '!');
      at = m.index! + m[0].length;
    }
    c.literals.push(template.slice(at));
    if (compiledTemplates.size < 10_000) compiledTemplates.set(template, c);
  }
  return c;
}

export function fillTemplate(template: string, params: Record<string, unknown>): string {
  const { literals, keys, raw } = compileTemplate(template);
  let out = literals[0];
  for (let i = 0; i < keys.length; i++) out += (raw[i] ? String(params[keys[i]]) : show(params[keys[i]])) + literals[i + 1];
  return out;
}

const WORDS = {
  en: { feature: 'feature', field: 'field', element: 'element', line: 'line', id: 'id', warning: 'warning', error: 'error' },
  ru: { feature: 'объект', field: 'поле', element: 'элемент', line: 'строка', id: 'id', warning: 'предупреждение', error: 'ошибка' },
} as const;

export function renderLocation(at: Location, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const parts: string[] = [];
  let head = at.file ?? '';
  if (at.line !== undefined) head += `${head ? ':' : `${w.line} `}${at.line}`;
  if (head) parts.push(head + ':');
  if (at.feature !== undefined) parts.push(`${w.feature} ${at.feature}${at.id !== undefined ? ` (${w.id} ${JSON.stringify(at.id)})` : ''}`);
  else if (at.id !== undefined) parts.push(`${w.id} ${JSON.stringify(at.id)}`);
  if (at.element) parts.push(`${w.element} <${at.element}>`);
  if (at.field) parts.push(`${w.field} ${JSON.stringify(at.field)}`);
  return parts.join(' ');
}

export function renderMessage(code: string, params: Record<string, unknown>, lang: Lang = 'en'): string {
  const def = MESSAGES[code];
  if (!def) return `${code} ${JSON.stringify(params)}`;
  return fillTemplate(def[lang], params);
}

/** Compiler-style line: `rail.geojson: feature 14 (id "KZ-R-0012") field "gaugeMm": -1435 is not a known gauge …`. */
export function renderIssue(issue: Issue, lang: Lang = 'en'): string {
  const where = renderLocation(issue.at, lang);
  const text = renderMessage(issue.code, issue.params, lang);
  const sev = issue.severity === 'warning' ? `${WORDS[lang].warning} ` : '';
  return `${where}${where.endsWith(':') || !where ? ' ' : ': '}${sev}${text} [${issue.code}]`.trim();
}

/** A refused request or bad usage (CLI exit 2, HTTP 4xx): carries a registered code and its parameters. */
export class KaravanError extends Error {
  readonly code: string;
  readonly params: Record<string, unknown>;
  readonly httpStatus: number;
  constructor(code: string, params: Record<string, unknown> = {}, httpStatus = 400) {
    super(renderMessage(code, params, 'en'));
    this.code = code;
    this.params = params;
    this.httpStatus = httpStatus;
  }
  render(lang: Lang): string {
    return renderMessage(this.code, this.params, lang);
  }
}

export function parseLang(v: unknown): Lang {
  return v === 'ru' ? 'ru' : 'en';
}
