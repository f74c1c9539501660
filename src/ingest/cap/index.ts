// The front door of alert ingest: files and folders (or one request body) → alerts + issues.
// Pure: nothing here touches the store. The app decides what is written (atomic per call).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { makeIssue, type Issue } from '../../core/issues.ts';
import { readFeed, ATOM_NS, type ItemsResult } from './feed.ts';
import { readHazardGeoJson } from './geojson.ts';
import { parseCapAlert } from './parse.ts';
import { CAP_NS } from './model.ts';
import { parseXml, xmlLimits, type XmlElement, type XmlLimits } from './xml.ts';

export type { Alert, CapInfo, CapArea, CapCircle, CapRef, Severity, Certainty, Urgency } from './model.ts';
export { alertId, leadInfo, expiresOf, onsetOf, SEVERITIES, CERTAINTIES, URGENCIES } from './model.ts';
export { circleRing, CIRCLE_SEGMENTS } from './geometry.ts';
export { parseCapDateTime } from './parse.ts';
export { xmlLimits, DEFAULT_XML_LIMITS, type XmlLimits } from './xml.ts';
export type { ItemsResult } from './feed.ts';

export const ALERT_EXTENSIONS = ['.xml', '.cap', '.atom', '.rss', '.geojson', '.json'];

export interface AlertBatch extends ItemsResult {
  files: string[];
  accepted: number;
  rejected: number;
}

/**
 * One document (a file's bytes, or a request body) → its alerts. A request body must not follow
 * feed links (`followLinks: false`): they would name files on the server.
 */
export function readAlertBytes(bytes: Uint8Array, file: string, limits: XmlLimits = xmlLimits(), opts: { followLinks?: boolean } = {}): ItemsResult {
  if (bytes.length > limits.maxBytes) return { read: 1, alerts: [], issues: [makeIssue('CAP_TOO_LARGE', { file }, { bytes: bytes.length, limit: limits.maxBytes })] };
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  const ext = extname(file).toLowerCase();
  if (bytes[i] === 0x7b /* { */ || ext === '.geojson' || ext === '.json') {
    if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) return { read: 1, alerts: [], issues: [makeIssue('JSON_INVALID', { file }, { reason: 'does not start with "{"' })] };
    return readHazardGeoJson(new TextDecoder().decode(bytes), file);
  }
  const x = parseXml(bytes, file, limits);
  if (!x.ok) return { read: 1, alerts: [], issues: [x.issue] };
  const root = x.root;
  if (root.name === 'alert') {
    const r = parseCapAlert(root, file);
    return { read: 1, alerts: r.alert ? [r.alert] : [], issues: r.issues };
  }
  if ((root.name === 'feed' && root.ns === ATOM_NS) || (root.name === 'rss' && root.ns === '')) return readFeed(root, file, limits, opts.followLinks ?? true);
  if (root.name === 'EDXLDistribution') {
    // EDXL-DE 1.0 wraps CAP alerts in contentObject/xmlContent/embeddedXMLContent
    const found = capAlertsIn(root);
    const out: ItemsResult = { read: Math.max(1, found.length), alerts: [], issues: [] };
    if (found.length === 0) out.issues.push(makeIssue('CAP_FEED_NO_ALERT', { file, line: root.line }));
    for (const el of found) {
      const r = parseCapAlert(el, file);
      out.issues.push(...r.issues);
      if (r.alert) out.alerts.push(r.alert);
    }
    return out;
  }
  return { read: 1, alerts: [], issues: [makeIssue('CAP_ROOT_UNKNOWN', { file, line: root.line }, { value: root.ns ? `{${root.ns}}${root.name}` : root.name })] };
}

function capAlertsIn(el: XmlElement): XmlElement[] {
  return el.children.flatMap((c) => (c.name === 'alert' && (c.ns === CAP_NS['1.2'] || c.ns === CAP_NS['1.1']) ? [c] : capAlertsIn(c)));
}

function listFiles(path: string, issues: Issue[]): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    issues.push(makeIssue('FILE_NOT_FOUND', { file: path }));
    return [];
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (ALERT_EXTENSIONS.includes(extname(name).toLowerCase())) out.push(p);
    }
  };
  walk(path);
  if (out.length === 0) issues.push(makeIssue('CAP_NO_FILES', { file: path }, { value: path }));
  return out;
}

/** Reads files and folders (recursively: .xml .cap .atom .rss .geojson .json). */
export function readAlertFiles(paths: readonly string[], limits: XmlLimits = xmlLimits()): AlertBatch {
  const batch: AlertBatch = { files: [], read: 0, accepted: 0, rejected: 0, alerts: [], issues: [] };
  for (const p of paths) {
    for (const file of listFiles(p, batch.issues)) {
      batch.files.push(file);
      const size = statSync(file).size;
      const r = size > limits.maxBytes
        ? { read: 1, alerts: [], issues: [makeIssue('CAP_TOO_LARGE', { file }, { bytes: size, limit: limits.maxBytes })] }
        : readAlertBytes(readFileSync(file), file, limits);
      batch.read += r.read;
      batch.alerts.push(...r.alerts);
      batch.issues.push(...r.issues);
    }
  }
  batch.accepted = batch.alerts.length;
  batch.rejected = batch.read - batch.accepted;
  return batch;
}
