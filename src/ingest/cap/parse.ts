// A CAP <alert> element → an Alert and every problem with it, checked per CAP 1.2 (OASIS, 2010)
// section 3.2: required elements, enumerations, date-times and their order, identifiers,
// references, polygons, circles and geocodes. CAP 1.1 reads the same way (its namespace differs;
// its enumerations are a subset). Elements from other namespaces (an XML signature, publisher
// extensions) are ignored, as the schema's xs:any allows.
import { makeIssue, type Issue, type Location } from '../../core/issues.ts';
import { childrenNamed, textOf, type XmlElement } from './xml.ts';
import { parseCircle, parsePolygon, passesAntimeridian, circleRing } from './geometry.ts';
import { describeGeocodes, resolveGeocodes } from './geocode.ts';
import {
  alertId, CAP_NS, CATEGORIES, CERTAINTIES, CERTAINTY_ALIASES, MSG_TYPES, RESPONSE_TYPES, SCOPES, SEVERITIES, STATUSES, URGENCIES,
  type Alert, type CapArea, type CapInfo, type CapRef, type Certainty, type Severity, type Urgency,
} from './model.ts';

/** CAP 1.2 §3.3.2: YYYY-MM-DDThh:mm:ss±hh:mm. "Z" and fractions are read too: real feeds use them. */
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseCapDateTime(v: string): number | null {
  const m = DATETIME.exec(v);
  if (!m) return null;
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.parse(v.replace(/-00:00$/, '+00:00'));
  return Number.isFinite(t) ? t : null;
}

const FORBIDDEN_ID = /[\s,<&]/;

interface Ctx {
  file: string;
  ns: string;
  issues: Issue[];
}

function at(ctx: Ctx, el: XmlElement, element?: string, field?: string): Location {
  return { file: ctx.file, line: el.line, element: element ?? el.name, ...(field ? { field } : {}) };
}

/** The single child's text; missing → undefined (with an issue when required), repeated → issue. */
function one(ctx: Ctx, parent: XmlElement, name: string, required: boolean): string | undefined {
  const els = childrenNamed(parent, name, ctx.ns);
  if (els.length === 0) {
    if (required) ctx.issues.push(makeIssue('CAP_REQUIRED', at(ctx, parent, parent.name), { value: name }));
    return undefined;
  }
  if (els.length > 1) ctx.issues.push(makeIssue('CAP_REPEATED', at(ctx, els[1]), { value: name, count: els.length }));
  const v = textOf(els[0])!;
  if (v === '' && required) {
    ctx.issues.push(makeIssue('CAP_EMPTY', at(ctx, els[0])));
    return undefined;
  }
  return v === '' ? undefined : v;
}

/**
 * An enumerated element. With `assumed`, a missing element is a warning and reads as that value:
 * real publishers omit <category> or <certainty> (Alertswiss), and "Unknown" is what CAP itself
 * offers for an unknown urgency, severity or certainty. A wrong value is always an error.
 */
function oneOf<T extends string>(ctx: Ctx, parent: XmlElement, name: string, allowed: readonly T[], aliases: Record<string, string> = {}, assumed?: T): T | undefined {
  if (assumed !== undefined && childrenNamed(parent, name, ctx.ns).length === 0) {
    ctx.issues.push(makeIssue('CAP_DEFAULTED', at(ctx, parent), { value: name, assumed }));
    return assumed;
  }
  const v = one(ctx, parent, name, true);
  if (v === undefined) return undefined;
  const norm = aliases[v] ?? v;
  if (!allowed.includes(norm as T)) {
    const el = childrenNamed(parent, name, ctx.ns)[0];
    ctx.issues.push(makeIssue('CAP_ENUM', at(ctx, el), { value: v, allowed: allowed.join(', ') }));
    return undefined;
  }
  return norm as T;
}

function dateTime(ctx: Ctx, parent: XmlElement, name: string, required: boolean): string | null {
  const v = one(ctx, parent, name, required);
  if (v === undefined) return null;
  if (parseCapDateTime(v) === null) {
    ctx.issues.push(makeIssue('CAP_DATETIME', at(ctx, childrenNamed(parent, name, ctx.ns)[0]), { value: v }));
    return null;
  }
  return v;
}

function checkId(ctx: Ctx, parent: XmlElement, name: string, v: string | undefined): void {
  if (v !== undefined && FORBIDDEN_ID.test(v)) ctx.issues.push(makeIssue('CAP_IDENTIFIER', at(ctx, childrenNamed(parent, name, ctx.ns)[0]), { value: v }));
}

function pairs(ctx: Ctx, parent: XmlElement, name: string): { valueName: string; value: string }[] {
  const out: { valueName: string; value: string }[] = [];
  for (const el of childrenNamed(parent, name, ctx.ns)) {
    const valueName = textOf(childrenNamed(el, 'valueName', ctx.ns)[0]);
    const value = textOf(childrenNamed(el, 'value', ctx.ns)[0]);
    if (name === 'geocode' && (!valueName || value === undefined || value === '')) ctx.issues.push(makeIssue('CAP_GEOCODE', at(ctx, el)));
    else if (valueName) out.push({ valueName, value: value ?? '' });
  }
  return out;
}

function parseReferences(ctx: Ctx, alert: XmlElement): CapRef[] {
  const els = childrenNamed(alert, 'references', ctx.ns);
  if (els.length === 0) return [];
  const v = textOf(els[0])!;
  if (v === '') {
    ctx.issues.push(makeIssue('CAP_EMPTY', at(ctx, els[0])));
    return [];
  }
  const refs: CapRef[] = [];
  for (const tok of v.split(/\s+/)) {
    const parts = tok.split(',');
    if (parts.length !== 3 || parts.some((p) => p === '') || parseCapDateTime(parts[2]) === null) {
      ctx.issues.push(makeIssue('CAP_REFERENCES', at(ctx, els[0]), { value: tok }));
      continue;
    }
    refs.push({ sender: parts[0], identifier: parts[1], sent: parts[2] });
  }
  return refs;
}

/**
 * An area given by geocodes only: country codes become the bundled country boundaries (added to
 * `polygons`, said out loud); the rest stay unmapped, named in a warning.
 */
/** Resolves an area's geocodes into its polygons; true when some resolved (the polygons then come from them). */
function mapGeocodes(ctx: Ctx, el: XmlElement, areaDesc: string, geocodes: CapArea['geocodes'], polygons: CapArea['polygons']): boolean {
  const r = resolveGeocodes(geocodes);
  polygons.push(...r.rings);
  if (r.resolved.length === 0) {
    ctx.issues.push(makeIssue('CAP_GEOCODE_ONLY', at(ctx, el), { value: areaDesc, codes: describeGeocodes(geocodes), count: geocodes.length }));
    return false;
  }
  ctx.issues.push(makeIssue('CAP_GEOCODE_RESOLVED', at(ctx, el), { value: areaDesc, codes: describeGeocodes(r.resolved), countries: [...new Set(r.resolved.map((g) => g.country))].join(', ') }));
  if (r.unresolved.length) ctx.issues.push(makeIssue('CAP_GEOCODE_UNRESOLVED', at(ctx, el), { value: areaDesc, codes: describeGeocodes(r.unresolved), count: r.unresolved.length }));
  return true;
}

function parseArea(ctx: Ctx, el: XmlElement): CapArea & { crossed: boolean } {
  const areaDesc = one(ctx, el, 'areaDesc', true) ?? '';
  const polygons: CapArea['polygons'] = [];
  let crossed = false;
  for (const p of childrenNamed(el, 'polygon', ctx.ns)) {
    const r = parsePolygon(p.text, at(ctx, p));
    ctx.issues.push(...r.issues);
    if (r.ring) polygons.push(r.ring);
    crossed ||= r.crossesAntimeridian;
  }
  const circles: CapArea['circles'] = [];
  for (const c of childrenNamed(el, 'circle', ctx.ns)) {
    const r = parseCircle(c.text, at(ctx, c));
    ctx.issues.push(...r.issues);
    if (r.circle) {
      circles.push(r.circle);
      crossed ||= passesAntimeridian(circleRing(r.circle));
    }
  }
  const geocodes = pairs(ctx, el, 'geocode');
  if (crossed) ctx.issues.push(makeIssue('CAP_ANTIMERIDIAN', at(ctx, el), {}));
  const fromGeocodes = polygons.length === 0 && circles.length === 0 && geocodes.length > 0 && mapGeocodes(ctx, el, areaDesc, geocodes, polygons);
  return { areaDesc, polygons, circles, geocodes, crossed, ...(fromGeocodes ? { fromGeocodes } : {}) };
}

function parseInfo(ctx: Ctx, el: XmlElement, sent: string | null): CapInfo | null {
  const sentMs = sent ? parseCapDateTime(sent) : null;
  const before = ctx.issues.length;
  const language = one(ctx, el, 'language', false) ?? 'en-US';
  const categories: string[] = [];
  const catEls = childrenNamed(el, 'category', ctx.ns);
  if (catEls.length === 0) {
    ctx.issues.push(makeIssue('CAP_DEFAULTED', at(ctx, el), { value: 'category', assumed: 'Other' }));
    categories.push('Other');
  }
  for (const c of catEls) {
    const v = textOf(c)!;
    if (!CATEGORIES.includes(v as never)) ctx.issues.push(makeIssue('CAP_ENUM', at(ctx, c), { value: v, allowed: CATEGORIES.join(', ') }));
    else categories.push(v);
  }
  const event = one(ctx, el, 'event', true);
  const responseTypes: string[] = [];
  for (const c of childrenNamed(el, 'responseType', ctx.ns)) {
    const v = textOf(c)!;
    if (!RESPONSE_TYPES.includes(v as never)) ctx.issues.push(makeIssue('CAP_ENUM', at(ctx, c), { value: v, allowed: RESPONSE_TYPES.join(', ') }));
    else responseTypes.push(v);
  }
  const urgency = oneOf<Urgency>(ctx, el, 'urgency', URGENCIES, {}, 'Unknown');
  const severity = oneOf<Severity>(ctx, el, 'severity', SEVERITIES, {}, 'Unknown');
  const certainty = oneOf<Certainty>(ctx, el, 'certainty', CERTAINTIES, CERTAINTY_ALIASES, 'Unknown');
  const effective = dateTime(ctx, el, 'effective', false);
  const onset = dateTime(ctx, el, 'onset', false);
  const expires = dateTime(ctx, el, 'expires', false);
  if (expires) {
    const exp = parseCapDateTime(expires)!;
    const checks: [string, string | null | undefined, number | null][] = [
      ['sent', sent, sentMs], ['effective', effective, effective ? parseCapDateTime(effective) : null],
    ];
    // not onset: NWS sends messages that expire (are replaced) before the event's onset
    for (const [name, text, ms] of checks) {
      if (ms !== null && exp < ms) {
        const expEl = childrenNamed(el, 'expires', ctx.ns)[0];
        ctx.issues.push(makeIssue('CAP_DATE_ORDER', at(ctx, expEl), { value: expires, otherField: name, other: text }));
        break;
      }
    }
  }
  const areaEls = childrenNamed(el, 'area', ctx.ns);
  const areas = areaEls.map((a) => parseArea(ctx, a)).map(({ crossed: _c, ...a }) => a);
  if (ctx.issues.slice(before).some((i) => i.severity === 'error') || !event || !urgency || !severity || !certainty) return null;
  return {
    language, categories, event, responseTypes, urgency, severity, certainty, effective, onset, expires,
    senderName: one(ctx, el, 'senderName', false) ?? null,
    headline: one(ctx, el, 'headline', false) ?? null,
    description: one(ctx, el, 'description', false) ?? null,
    instruction: one(ctx, el, 'instruction', false) ?? null,
    web: one(ctx, el, 'web', false) ?? null,
    eventCodes: pairs(ctx, el, 'eventCode'),
    areas,
  };
}

/** Reads a CAP <alert>; the alert is null when any error was found (its issues say why). */
export function parseCapAlert(root: XmlElement, file: string, origin = file): { alert: Alert | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const version = root.ns === CAP_NS['1.2'] ? '1.2' : root.ns === CAP_NS['1.1'] ? '1.1' : null;
  if (!version) {
    const code = root.ns === CAP_NS['1.0'] || /cap:1\.0$/.test(root.ns) ? 'CAP_VERSION' : 'CAP_NAMESPACE';
    issues.push(makeIssue(code, { file, line: root.line, element: 'alert' }, { value: code === 'CAP_VERSION' ? '1.0' : root.ns || '(none)' }));
    return { alert: null, issues };
  }
  const ctx: Ctx = { file, ns: root.ns, issues };
  const identifier = one(ctx, root, 'identifier', true);
  checkId(ctx, root, 'identifier', identifier);
  const sender = one(ctx, root, 'sender', true);
  checkId(ctx, root, 'sender', sender);
  const sent = dateTime(ctx, root, 'sent', true);
  const status = oneOf(ctx, root, 'status', STATUSES);
  const msgType = oneOf(ctx, root, 'msgType', MSG_TYPES);
  const scope = oneOf(ctx, root, 'scope', SCOPES);
  const references = parseReferences(ctx, root);
  if ((msgType === 'Update' || msgType === 'Cancel') && childrenNamed(root, 'references', ctx.ns).length === 0) {
    issues.push(makeIssue('CAP_REQUIRED', at(ctx, root, 'alert'), { value: 'references' }));
  }
  if (scope === 'Restricted' && childrenNamed(root, 'restriction', ctx.ns).length === 0) issues.push(makeIssue('CAP_REQUIRED', at(ctx, root, 'alert'), { value: 'restriction' }));
  const infoEls = childrenNamed(root, 'info', ctx.ns);
  const infos: CapInfo[] = [];
  for (const el of infoEls) {
    const info = parseInfo(ctx, el, sent);
    if (info) infos.push(info);
  }
  if (infoEls.length === 0) issues.push(makeIssue('CAP_NO_INFO', { file, line: root.line, element: 'alert' }));
  else if (!infos.some((i) => i.areas.some((a) => a.polygons.length || a.circles.length)) && !issues.some((i) => i.severity === 'error') && msgType !== 'Cancel') {
    issues.push(makeIssue('CAP_NO_AREA', { file, line: root.line, element: 'alert' }));
  }
  if (issues.some((i) => i.severity === 'error') || !identifier || !sender || !sent || !status || !msgType || !scope) return { alert: null, issues };
  return {
    alert: {
      id: alertId(sender, identifier), format: version === '1.2' ? 'cap1.2' : 'cap1.1', identifier, sender, sent, status, msgType, scope,
      source: one(ctx, root, 'source', false) ?? null, note: one(ctx, root, 'note', false) ?? null, references, infos, origin,
    },
    issues,
  };
}
