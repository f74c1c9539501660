// Atom and RSS feeds of CAP alerts, read from local files only. An entry either carries the alert
// inline (Atom <content>, or any CAP <alert> element inside the entry) or links to it; a link is
// followed only when it names a file inside the feed's own folder. Karavan never fetches a URL:
// remote links are reported so the user can download them and ingest the files.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { makeIssue, type Issue } from '../../core/issues.ts';
import { CAP_NS, type Alert } from './model.ts';
import { parseCapAlert } from './parse.ts';
import { parseXml, type XmlElement, type XmlLimits } from './xml.ts';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';

export interface ItemsResult {
  read: number;
  alerts: Alert[];
  issues: Issue[];
}

function findAlert(el: XmlElement): XmlElement | null {
  for (const c of el.children) {
    if (c.name === 'alert' && (c.ns === CAP_NS['1.2'] || c.ns === CAP_NS['1.1'])) return c;
    const deeper = findAlert(c);
    if (deeper) return deeper;
  }
  return null;
}

function linksOf(entry: XmlElement, rss: boolean): string[] {
  const out: string[] = [];
  for (const c of entry.children) {
    if (c.name === 'link') {
      const href = rss && c.ns === '' ? c.text.trim() || c.attrs.href : c.attrs.href;
      const rel = c.attrs.rel ?? 'alternate';
      if (href && (rel === 'alternate' || rel === 'enclosure' || rel === 'related' || rss)) out.push(href);
    }
    if (c.name === 'enclosure' && c.attrs.url) out.push(c.attrs.url);
  }
  // a link typed as CAP first, then the rest
  return out.sort((a, b) => Number(/\.(xml|cap)$/i.test(b)) - Number(/\.(xml|cap)$/i.test(a)));
}

function isRemote(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) && !/^file:/i.test(href) && !/^[a-z]:[\\/]/i.test(href);
}

function readLinked(feedFile: string, href: string, where: { file: string; line: number; feature: number }, limits: XmlLimits): { alert: Alert | null; issues: Issue[] } {
  if (isRemote(href)) {
    return { alert: null, issues: [makeIssue('CAP_FEED_REMOTE', where, { value: href })] };
  }
  const path = decodeURIComponent(href.replace(/^file:(\/\/)?/i, ''));
  const folder = realpathSync(dirname(feedFile));
  const target = resolve(folder, path);
  const rel = relative(folder, target);
  if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return { alert: null, issues: [makeIssue('CAP_FEED_OUTSIDE', where, { value: href })] };
  if (!existsSync(target) || !statSync(target).isFile()) return { alert: null, issues: [makeIssue('CAP_FEED_MISSING', where, { value: href })] };
  // a symbolic link inside the folder may still point outside it
  const real = realpathSync(target);
  const realRel = relative(folder, real);
  if (isAbsolute(realRel) || realRel.startsWith(`..${sep}`)) return { alert: null, issues: [makeIssue('CAP_FEED_OUTSIDE', where, { value: href })] };
  if (statSync(real).size > limits.maxBytes) return { alert: null, issues: [makeIssue('CAP_TOO_LARGE', { file: target }, { bytes: statSync(real).size, limit: limits.maxBytes })] };
  const x = parseXml(readFileSync(real), target, limits);
  if (!x.ok) return { alert: null, issues: [x.issue] };
  if (x.root.name !== 'alert') return { alert: null, issues: [makeIssue('CAP_ROOT_UNKNOWN', { file: target, line: x.root.line }, { value: x.root.name })] };
  return parseCapAlert(x.root, target, `${feedFile}#${where.feature}`);
}

/** Reads every entry of an Atom <feed> or an RSS <rss>; each entry counts as one item read. */
export function readFeed(root: XmlElement, file: string, limits: XmlLimits, followLinks = true): ItemsResult {
  const rss = root.name === 'rss';
  const entries = rss
    ? root.children.filter((c) => c.name === 'channel').flatMap((ch) => ch.children.filter((c) => c.name === 'item'))
    : root.children.filter((c) => c.name === 'entry' && c.ns === ATOM_NS);
  const out: ItemsResult = { read: entries.length, alerts: [], issues: [] };
  if (entries.length === 0) out.issues.push(makeIssue('CAP_FEED_EMPTY', { file, line: root.line }));
  entries.forEach((entry, i) => {
    const where = { file, line: entry.line, feature: i };
    const inline = findAlert(entry);
    let r: { alert: Alert | null; issues: Issue[] };
    if (inline) r = parseCapAlert(inline, file, `${file}#${i}`);
    else {
      const links = linksOf(entry, rss);
      if (links.length === 0) r = { alert: null, issues: [makeIssue('CAP_FEED_NO_ALERT', where)] };
      else if (!followLinks && !isRemote(links[0])) r = { alert: null, issues: [makeIssue('CAP_FEED_LINK_BODY', where, { value: links[0] })] };
      else r = readLinked(file, links[0], where, limits);
    }
    out.issues.push(...r.issues);
    if (r.alert) out.alerts.push(r.alert);
  });
  return out;
}
