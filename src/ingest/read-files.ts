// Files → validated records + every issue found. Pure apart from reading the files: nothing here
// touches the store. Import and validate share this path, so they can never disagree.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { hasErrors, KaravanError, makeIssue, type Issue } from '../core/issues.ts';
import { LAYERS, type Layer, type Records } from '../core/model.ts';
import { readCsvRecords } from './csv-records.ts';
import { readGeoJson } from './geojson.ts';
import { readOsmPbf } from './osm.ts';
import { checkBatch, toRecord, type Placed } from './records.ts';

export const DEFAULT_MAX_IMPORT_BYTES = 512 * 1024 * 1024;

export function maxImportBytes(): number {
  const v = Number(process.env.KARAVAN_MAX_IMPORT_BYTES);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_MAX_IMPORT_BYTES;
}

export type Batch = { [L in Layer]: Placed<Records[L][number]>[] };

export interface ReadOptions {
  /** Force the layer of CSV and GeoJSON inputs. */
  layer?: Layer;
  /** ISO code given to features of an OSM extract. */
  osmCountry?: string;
  maxBytes?: number;
  /** Ids already in the store, for resolving references. */
  known?: { nodes: Set<string>; links: Set<string>; crossings: Set<string>; ports: Set<string> };
  /** Called as files are read (progress). */
  onFile?: (file: string, index: number, total: number) => void;
}

export interface ReadResult {
  batch: Batch;
  issues: Issue[];
  read: number;
  accepted: number;
  rejected: number;
  files: string[];
}

export function emptyBatch(): Batch {
  return { nodes: [], links: [], crossings: [], ports: [], corridors: [], projects: [] };
}

export function batchToRecords(batch: Batch): Records {
  const out = {} as Records;
  for (const l of LAYERS) (out as Record<Layer, unknown[]>)[l] = batch[l].map((p) => p.rec);
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text, or the offset of the first byte that is not valid UTF-8 (surrogates and overlong forms included). */
function decodeUtf8(b: Uint8Array): { text: string } | { badOffset: number } {
  try {
    return { text: strictUtf8.decode(b) };
  } catch {
    // find where: decode growing prefixes by halving (only on the error path)
    let lo = 0, hi = b.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      // stream: a prefix that ends inside a character is not an error; a fresh decoder each time
      try { new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, mid), { stream: true }); lo = mid; } catch { hi = mid; }
    }
    return { badOffset: lo };
  }
}

export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push(p); // reported as FILE_NOT_FOUND when read
      continue;
    }
    if (st.isDirectory()) out.push(...readdirSync(p).filter((f) => /\.(geojson|json|csv|pbf)$/i.test(f)).sort().map((f) => join(p, f)));
    else out.push(p);
  }
  return out;
}

export function readFiles(paths: readonly string[], opts: ReadOptions = {}): ReadResult {
  const files = expandPaths(paths);
  const issues: Issue[] = [];
  const batch = emptyBatch();
  let read = 0;
  const maxBytes = opts.maxBytes ?? maxImportBytes();
  files.forEach((path, index) => {
    opts.onFile?.(path, index, files.length);
    // the path as the user can find it again (relative to where they stand), not a bare name that
    // two folders may share
    const rel = relative(process.cwd(), path);
    const file = rel.startsWith('..') || isAbsolute(rel) ? path : rel;
    let bytes: Buffer;
    try {
      const size = statSync(path).size;
      if (size > maxBytes) {
        issues.push(makeIssue('FILE_TOO_LARGE', { file }, { bytes: size, limit: maxBytes }));
        return;
      }
      bytes = readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      issues.push(code === 'ENOENT' ? makeIssue('FILE_NOT_FOUND', { file: path }) : makeIssue('FILE_UNREADABLE', { file }, { reason: code ?? String(e) }));
      return;
    }
    const lower = file.toLowerCase();
    if (lower.endsWith('.pbf')) {
      if (!opts.osmCountry) {
        // bad usage, not bad data: the command line lacks the country the extract's features get
        throw new KaravanError('OPTION_REQUIRED', { option: '--country (for an OpenStreetMap extract such as ' + file + ')' });
      }
      const osm = readOsmPbf(bytes, file, opts.osmCountry, issues);
      read += osm.nodes.length + osm.links.length;
      // through the same field checks as every other format: an OSM record is data like any other
      const check = (layer: 'nodes' | 'links', rec: Record<string, unknown>, feature: number) => {
        const { geometry, lon, lat, ...props } = rec;
        const at = { file, feature, id: rec.id as string };
        const raw = { layer, props, geometry: layer === 'nodes' ? [lon, lat] : geometry, geometryType: layer === 'nodes' ? 'Point' : 'LineString', at, fromText: false };
        const ok = toRecord(raw, issues);
        if (ok) (batch[layer] as Placed<unknown>[]).push({ rec: ok, at });
      };
      osm.nodes.forEach((rec, i) => check('nodes', rec as unknown as Record<string, unknown>, i));
      osm.links.forEach((rec, i) => check('links', rec as unknown as Record<string, unknown>, osm.nodes.length + i));
      return;
    }
    const isJson = lower.endsWith('.geojson') || lower.endsWith('.json');
    const isCsv = lower.endsWith('.csv');
    if (!isJson && !isCsv) {
      issues.push(makeIssue('FORMAT_UNKNOWN', { file }, { value: file }));
      return;
    }
    if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
      issues.push(makeIssue('FILE_EMPTY', { file }));
      return;
    }
    const decoded = decodeUtf8(bytes);
    if ('badOffset' in decoded) {
      issues.push(makeIssue('FILE_NOT_UTF8', { file }, { offset: decoded.badOffset }));
      return;
    }
    read += readText(decoded.text, file, isJson ? 'geojson' : 'csv', opts.layer ?? null, batch, issues);
  });
  return finishBatch(batch, issues, read, files, opts.known);
}

/** One GeoJSON or CSV text into the batch; returns the number of records read. */
function readText(text: string, file: string, format: 'geojson' | 'csv', layer: Layer | null, batch: Batch, issues: Issue[]): number {
  const tally = { skipped: 0 };
  const raws = format === 'geojson' ? readGeoJson(text, file, layer, issues, tally) : readCsvRecords(text, file, layer, issues, tally);
  for (const raw of raws) {
    const rec = toRecord(raw, issues);
    if (rec) (batch[raw.layer] as Placed<unknown>[]).push({ rec, at: { ...raw.at, id: rec.id } });
  }
  return raws.length + tally.skipped; // a skipped row was read, and is rejected
}

/**
 * Texts already in memory (e.g. the curated build's output) through the very checks an import
 * makes, so whatever the build writes is something `karavan import` accepts.
 */
export function readTexts(texts: readonly { file: string; text: string }[], opts: Pick<ReadOptions, 'layer' | 'known'> = {}): ReadResult {
  const issues: Issue[] = [];
  const batch = emptyBatch();
  let read = 0;
  for (const { file, text } of texts) read += readText(text, file, file.toLowerCase().endsWith('.csv') ? 'csv' : 'geojson', opts.layer ?? null, batch, issues);
  return finishBatch(batch, issues, read, texts.map((t) => t.file), opts.known);
}

function finishBatch(batch: Batch, issues: Issue[], read: number, files: string[], knownIds?: ReadOptions['known']): ReadResult {
  const known = knownIds ?? { nodes: new Set(), links: new Set(), crossings: new Set(), ports: new Set() };
  const before = issues.length;
  checkBatch(batch, known, issues);
  // a record named by a batch-level error (duplicate id, dangling reference) is rejected too
  const rejectedKeys = new Set(issues.slice(before).filter((i) => i.severity === 'error').map((i) => `${i.at.file}|${i.at.line ?? i.at.feature}`));
  // an error about a whole file (an unknown layer, a bad header) rejects every record in it
  const badFiles = new Set(issues.filter((i) => i.severity === 'error' && i.at.line === undefined && i.at.feature === undefined).map((i) => i.at.file));
  let accepted = 0;
  for (const l of LAYERS) for (const p of batch[l]) if (!badFiles.has(p.at.file) && !rejectedKeys.has(`${p.at.file}|${p.at.line ?? p.at.feature}`)) accepted++;
  return { batch, issues, read, accepted, rejected: read - accepted, files };
}

export function readOk(r: ReadResult): boolean {
  return !hasErrors(r.issues);
}
