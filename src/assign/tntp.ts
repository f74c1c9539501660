// Readers for the TNTP text formats (network, trips, flows) and the flow writer.
// The files in the wild differ in small ways, so the readers go by shape, not by one file's layout:
// `<KEY> value` metadata in any order (with or without `<END OF METADATA>`), `~` comments anywhere,
// tabs or spaces, optional trailing `;`, blank lines, optional trailing columns, and a column header
// (`~ init_node term_node …`) that, when present, says the column order.
// Every problem is an Issue with file:line; a file with errors yields no value.
import { makeIssue, hasErrors, type Issue } from '../core/issues.ts';
import type { LinkArrays } from './network.ts';

/** A net file: the link arrays buildNetwork takes (zoneCount 0 when the file does not say), plus the columns it does not use. */
export interface TntpNet extends LinkArrays {
  linkCount: number;
  speed: Float64Array;
  linkType: Int32Array;
  metadata: Record<string, string>;
}

export interface TntpTrips {
  zones: number;
  /** Sparse OD matrix in CSR form by origin: origins[k] (1-based) sends flow[i] to dest[i], i in start[k]..start[k+1]. */
  origins: Int32Array;
  start: Int32Array;
  dest: Int32Array;
  flow: Float64Array;
  total: number;
  metadata: Record<string, string>;
}

export interface TntpFlow {
  from: Int32Array;
  to: Int32Array;
  volume: Float64Array;
  cost: Float64Array;
}

export interface Parsed<T> {
  value: T | null;
  issues: Issue[];
}

interface Line {
  no: number;
  text: string;
}

/** Splits a file into metadata and body lines, comments and `;` removed, blank lines dropped. */
function scan(text: string): { meta: Map<string, { value: string; line: number }>; body: Line[]; headers: string[] } {
  const meta = new Map<string, { value: string; line: number }>();
  const body: Line[] = [];
  const headers: string[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  let inMeta = true;
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i];
    if (i === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    const tilde = raw.indexOf('~');
    if (tilde >= 0) {
      // a commented column header before the first data line may name the columns
      if (body.length === 0 && !raw.slice(0, tilde).includes('<')) headers.push(raw.slice(tilde + 1));
      raw = raw.slice(0, tilde);
    }
    const t = raw.trim();
    if (!t) continue;
    if (inMeta && t.startsWith('<')) {
      const m = /^<([^>]*)>\s*(.*)$/.exec(t);
      if (m) {
        const key = m[1].trim().toUpperCase().replace(/\s+/g, ' ');
        if (key === 'END OF METADATA') { inMeta = false; continue; }
        meta.set(key, { value: m[2].replace(/;+\s*$/, '').trim(), line: i + 1 });
        continue;
      }
    }
    inMeta = false;
    body.push({ no: i + 1, text: t });
  }
  return { meta, body, headers };
}

function metaInt(meta: Map<string, { value: string; line: number }>, key: string, file: string, issues: Issue[], min: number): number | undefined {
  const m = meta.get(key);
  if (!m) return undefined;
  const n = Number(m.value.split(/\s+/)[0]);
  if (!Number.isInteger(n) || n < min) {
    issues.push(makeIssue('TNTP_METADATA_BAD', { file, line: m.line }, { key, value: m.value, expected: `an integer ≥ ${min}`, expected_ru: `целое число ≥ ${min}` }));
    return undefined;
  }
  return n;
}

const COLUMNS = ['init_node', 'term_node', 'capacity', 'length', 'free_flow_time', 'b', 'power', 'speed', 'toll', 'link_type'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED = 7; // init, term, capacity, length, free-flow time, B, power; speed, toll and type may be missing
const ALIASES: Record<string, Column> = {
  init_node: 'init_node', init: 'init_node', tail: 'init_node', tail_node: 'init_node', from: 'init_node', a_node: 'init_node',
  term_node: 'term_node', term: 'term_node', head: 'term_node', head_node: 'term_node', to: 'term_node', b_node: 'term_node',
  capacity: 'capacity', cap: 'capacity',
  length: 'length', len: 'length', distance: 'length',
  free_flow_time: 'free_flow_time', fftt: 'free_flow_time', fft: 'free_flow_time', t0: 'free_flow_time',
  b: 'b', alpha: 'b',
  power: 'power', beta: 'power',
  speed: 'speed', speed_limit: 'speed',
  toll: 'toll',
  link_type: 'link_type', type: 'link_type',
};

/** Column names of a comment line: tab-separated names may hold spaces (`Init node`), units in brackets are dropped. */
function headerNames(comment: string): string[] {
  const cells = comment.replace(/;/g, ' ').split(comment.includes('\t') ? /\t+/ : /\s+/);
  return cells.map((c) => c.replace(/\([^)]*\)/g, ' ').trim().toLowerCase().replace(/\s+/g, '_')).filter(Boolean);
}

/**
 * Column positions from a `~ init_node term_node …` header, or the standard order when there is
 * none. A comment counts as the header only if every name in it is a known column name and it
 * names the essential ones; anything else is just a comment.
 */
function columnOrder(headers: string[]): Record<Column, number> {
  const std = Object.fromEntries(COLUMNS.map((c, i) => [c, i])) as Record<Column, number>;
  for (let h = headers.length - 1; h >= 0; h--) {
    const names = headerNames(headers[h]);
    if (names.length < REQUIRED || !names.every((nm) => Object.hasOwn(ALIASES, nm))) continue;
    const found: Partial<Record<Column, number>> = {};
    names.forEach((nm, i) => { const c = ALIASES[nm]; if (found[c] === undefined) found[c] = i; });
    if (COLUMNS.slice(0, REQUIRED).some((c) => found[c] === undefined)) continue;
    const out = { ...std };
    for (const c of COLUMNS) out[c] = found[c] ?? -1;
    return out;
  }
  return std;
}

export function parseNet(text: string, file: string): Parsed<TntpNet> {
  const issues: Issue[] = [];
  const { meta, body, headers } = scan(text);
  const zonesMeta = metaInt(meta, 'NUMBER OF ZONES', file, issues, 0);
  const nodesMeta = metaInt(meta, 'NUMBER OF NODES', file, issues, 1);
  const linksMeta = metaInt(meta, 'NUMBER OF LINKS', file, issues, 0);
  let firstThru = metaInt(meta, 'FIRST THRU NODE', file, issues, 1);
  if (firstThru === undefined && !meta.has('FIRST THRU NODE')) {
    issues.push(makeIssue('TNTP_METADATA_MISSING', { file }, { key: 'FIRST THRU NODE', value: 1 }));
    firstThru = 1;
  }
  const col = columnOrder(headers);
  const minCols = Math.max(col.init_node, col.term_node, col.capacity, col.length, col.free_flow_time, col.b, col.power) + 1;
  const n = body.length;
  const from = new Int32Array(n), to = new Int32Array(n), linkType = new Int32Array(n);
  const capacity = new Float64Array(n), length = new Float64Array(n), fft = new Float64Array(n);
  const b = new Float64Array(n), power = new Float64Array(n), speed = new Float64Array(n), toll = new Float64Array(n);
  const seen = new Map<number, number>();
  let count = 0;
  let maxNode = 0;
  for (const { no, text: t } of body) {
    const f = t.replace(/;/g, ' ').trim().split(/[\s,]+/);
    const at = { file, line: no };
    if (f.length < Math.min(minCols, REQUIRED)) {
      issues.push(makeIssue('TNTP_COLUMNS', at, { count: f.length, expected: minCols, names: COLUMNS.slice(0, REQUIRED).join(', ') }));
      continue;
    }
    let ok = true;
    const num = (c: Column, kind: 'node' | 'nonneg' | 'any', dflt: number): number => {
      const i = col[c];
      if (i < 0 || i >= f.length) {
        if (COLUMNS.indexOf(c) < REQUIRED) {
          ok = false;
          issues.push(makeIssue('TNTP_COLUMNS', at, { count: f.length, expected: minCols, names: COLUMNS.slice(0, REQUIRED).join(', ') }));
        }
        return dflt;
      }
      const v = Number(f[i]);
      const bad = kind === 'node' ? !Number.isInteger(v) || v < 1 : !Number.isFinite(v) || (kind === 'nonneg' && v < 0);
      if (bad) {
        ok = false;
        const expected = kind === 'node' ? 'a node number ≥ 1' : kind === 'nonneg' ? 'a number ≥ 0' : 'a number';
        const expected_ru = kind === 'node' ? 'номер узла ≥ 1' : kind === 'nonneg' ? 'число ≥ 0' : 'число';
        issues.push(makeIssue('TNTP_NUMBER', at, { column: c, value: f[i], expected, expected_ru }));
      }
      return v;
    };
    const a = num('init_node', 'node', 0), h = num('term_node', 'node', 0);
    const cap = num('capacity', 'any', 0), len = num('length', 'nonneg', 0), t0 = num('free_flow_time', 'nonneg', 0);
    const bb = num('b', 'nonneg', 0), pw = num('power', 'nonneg', 0);
    const sp = num('speed', 'any', 0), tl = num('toll', 'any', 0), ty = num('link_type', 'any', 0);
    if (!ok) continue;
    if (nodesMeta !== undefined && (a > nodesMeta || h > nodesMeta)) {
      issues.push(makeIssue('TNTP_NODE_RANGE', at, { value: a > nodesMeta ? a : h, max: nodesMeta }));
      continue;
    }
    const key = a * 4294967296 + h;
    const first = seen.get(key);
    if (first !== undefined) issues.push(makeIssue('TNTP_LINK_DUPLICATE', at, { from: a, to: h, first }));
    else seen.set(key, no);
    let capUsed = cap;
    if (!(cap > 0)) {
      // B already divided by capacity^power (or no capacity given): the formula then needs capacity 1
      if (bb > 0) issues.push(makeIssue('TNTP_CAPACITY_ASSUMED', at, { value: f[col.capacity] }));
      capUsed = 1;
    }
    from[count] = a; to[count] = h; capacity[count] = capUsed; length[count] = len; fft[count] = t0;
    b[count] = bb; power[count] = pw; speed[count] = sp; toll[count] = tl; linkType[count] = Number.isInteger(ty) ? ty : 0;
    if (a > maxNode) maxNode = a;
    if (h > maxNode) maxNode = h;
    count++;
  }
  if (count === 0 && !hasErrors(issues)) issues.push(makeIssue('TNTP_NO_LINKS', { file }));
  if (linksMeta !== undefined && linksMeta !== body.length) {
    issues.push(makeIssue('TNTP_COUNT_MISMATCH', { file }, { expected: linksMeta, count: body.length, what: 'links', what_ru: 'звеньев' }));
  }
  const nodes = Math.max(nodesMeta ?? 0, maxNode);
  if (nodesMeta === undefined) issues.push(makeIssue('TNTP_METADATA_MISSING', { file }, { key: 'NUMBER OF NODES', value: nodes }));
  if (hasErrors(issues)) return { value: null, issues };
  const metadata = Object.fromEntries([...meta].map(([k, v]) => [k, v.value]));
  return {
    value: {
      zoneCount: zonesMeta ?? 0, nodeCount: nodes, firstThruNode: firstThru ?? 1, linkCount: count,
      from: from.slice(0, count), to: to.slice(0, count), capacity: capacity.slice(0, count), length: length.slice(0, count),
      freeFlowTime: fft.slice(0, count), b: b.slice(0, count), power: power.slice(0, count), speed: speed.slice(0, count),
      toll: toll.slice(0, count), linkType: linkType.slice(0, count), metadata,
    },
    issues,
  };
}

const WELL_FORMED_PAIRS = /^(?:\s*\d+\s*[:,]\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*;)*(?:\s*\d+\s*[:,]\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*;?)\s*$/;

/** Trip tables: `Origin k` blocks of `dest : flow;` pairs, any number per line. */
export function parseTrips(text: string, file: string): Parsed<TntpTrips> {
  const issues: Issue[] = [];
  const { meta, body } = scan(text);
  const zonesMeta = metaInt(meta, 'NUMBER OF ZONES', file, issues, 1);
  const totalMeta = meta.get('TOTAL OD FLOW');
  const origins: number[] = [];
  const start: number[] = [];
  const dest: number[] = [];
  const flow: number[] = [];
  const firstOrigin = new Map<number, number>(); // origin -> index in origins (repeated blocks are merged)
  let cur = -1;
  let seenDest = new Map<number, number>();
  const blocks: { origin: number; pairs: [number, number][] }[] = [];
  let total = 0;
  function addPair(dText: string, vText: string, at: { file: string; line: number }): void {
    const d = Number(dText), v = Number(vText);
    const block = blocks[cur];
    if (!Number.isInteger(d) || d < 1 || !Number.isFinite(v)) {
      issues.push(makeIssue('TNTP_TRIPS_SYNTAX', at, { value: `${dText} : ${vText}` }));
      return;
    }
    if (zonesMeta !== undefined && d > zonesMeta) {
      issues.push(makeIssue('TNTP_NOT_ZONE', at, { value: d, zones: zonesMeta }));
      return;
    }
    if (v < 0) {
      issues.push(makeIssue('TNTP_DEMAND_NEGATIVE', at, { value: v, origin: block.origin, destination: d }));
      return;
    }
    total += v;
    const prev = seenDest.get(d);
    if (prev !== undefined) {
      issues.push(makeIssue('TNTP_DEMAND_DUPLICATE', at, { origin: block.origin, destination: d }));
      block.pairs[prev][1] += v;
    } else {
      seenDest.set(d, block.pairs.length);
      block.pairs.push([d, v]);
    }
  }
  for (const { no, text: t } of body) {
    const at = { file, line: no };
    const om = /^origin\b\s*(\S+)\s*(.*)$/i.exec(t);
    let rest = t;
    if (om) {
      const o = Number(om[1].replace(/;$/, ''));
      if (!Number.isInteger(o) || o < 1 || (zonesMeta !== undefined && o > zonesMeta)) {
        issues.push(zonesMeta !== undefined && Number.isInteger(o) && o > zonesMeta
          ? makeIssue('TNTP_NOT_ZONE', at, { value: o, zones: zonesMeta })
          : makeIssue('TNTP_NUMBER', at, { column: 'origin', value: om[1], expected: 'a zone number ≥ 1', expected_ru: 'номер зоны ≥ 1' }));
        cur = -2; // skip its block without cascading errors
        continue;
      }
      const idx = firstOrigin.get(o);
      if (idx === undefined) {
        firstOrigin.set(o, blocks.length);
        blocks.push({ origin: o, pairs: [] });
        cur = blocks.length - 1;
      } else cur = idx;
      seenDest = new Map(blocks[cur].pairs.map(([d], i) => [d, i]));
      rest = om[2];
      if (!rest.trim()) continue;
    }
    if (cur === -2) continue;
    if (cur === -1) {
      issues.push(makeIssue('TNTP_TRIPS_NO_ORIGIN', at));
      continue;
    }
    // fast path for the common shape, one split per line (Chicago-Sketch has 150,000 pairs)
    if (WELL_FORMED_PAIRS.test(rest)) {
      const tokens = rest.trim().split(/[\s:,;]+/);
      const n = tokens.length - (tokens[tokens.length - 1] === '' ? 1 : 0);
      for (let k = 0; k + 1 < n; k += 2) addPair(tokens[k], tokens[k + 1], at);
      continue;
    }
    for (const item of rest.split(';')) {
      const s = item.trim();
      if (!s) continue;
      // "d : v" pairs (README: "d , v") may also follow each other without ";" ("1 : 5.0  2 : 3.0")
      const tokens = s.split(/\s*[:,]\s*|\s+/).filter(Boolean);
      if (tokens.length % 2 !== 0 || !/[:,]/.test(s)) {
        issues.push(makeIssue('TNTP_TRIPS_SYNTAX', at, { value: s }));
        continue;
      }
      for (let k = 0; k < tokens.length; k += 2) addPair(tokens[k], tokens[k + 1], at);
    }
  }
  if (totalMeta) {
    const expected = Number(totalMeta.value);
    if (Number.isFinite(expected) && Math.abs(expected - total) > 1e-6 * Math.max(1, Math.abs(expected)) + 0.01) {
      issues.push(makeIssue('TNTP_TOTAL_MISMATCH', { file, line: totalMeta.line }, { expected, count: total }));
    }
  }
  let maxZone = 0;
  for (const blk of blocks) {
    // self-demand never loads a link; drop it here so the engines need not care
    const pairs = blk.pairs.filter(([d, v]) => d !== blk.origin && v > 0);
    if (blk.origin > maxZone) maxZone = blk.origin;
    for (const [d] of pairs) if (d > maxZone) maxZone = d;
    if (pairs.length === 0) continue;
    origins.push(blk.origin);
    start.push(dest.length);
    for (const [d, v] of pairs) { dest.push(d); flow.push(v); }
  }
  start.push(dest.length);
  if (zonesMeta === undefined && !meta.has('NUMBER OF ZONES')) issues.push(makeIssue('TNTP_METADATA_MISSING', { file }, { key: 'NUMBER OF ZONES', value: maxZone }));
  if (hasErrors(issues)) return { value: null, issues };
  const metadata = Object.fromEntries([...meta].map(([k, v]) => [k, v.value]));
  return {
    value: {
      zones: zonesMeta ?? maxZone, origins: Int32Array.from(origins), start: Int32Array.from(start),
      dest: Int32Array.from(dest), flow: Float64Array.from(flow), total, metadata,
    },
    issues,
  };
}

/** Flow files: `From To Volume Cost` rows; a header row of words is skipped. */
export function parseFlow(text: string, file: string): Parsed<TntpFlow> {
  const issues: Issue[] = [];
  const { body } = scan(text);
  const from: number[] = [], to: number[] = [], volume: number[] = [], cost: number[] = [];
  for (const { no, text: t } of body) {
    const f = t.replace(/;/g, ' ').trim().split(/[\s,]+/);
    if (/^[a-z]/i.test(f[0])) continue; // header
    const at = { file, line: no };
    if (f.length < 3) {
      issues.push(makeIssue('TNTP_COLUMNS', at, { count: f.length, expected: 3, names: 'from, to, volume' }));
      continue;
    }
    const v = f.slice(0, 4).map(Number);
    const names = ['from', 'to', 'volume', 'cost'];
    let ok = true;
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i]) || (i < 2 && (!Number.isInteger(v[i]) || v[i] < 1))) {
        ok = false;
        issues.push(makeIssue('TNTP_NUMBER', at, { column: names[i], value: f[i], expected: i < 2 ? 'a node number ≥ 1' : 'a number', expected_ru: i < 2 ? 'номер узла ≥ 1' : 'число' }));
      }
    }
    if (!ok) continue;
    from.push(v[0]); to.push(v[1]); volume.push(v[2]); cost.push(v.length > 3 ? v[3] : NaN);
  }
  if (hasErrors(issues)) return { value: null, issues };
  return { value: { from: Int32Array.from(from), to: Int32Array.from(to), volume: Float64Array.from(volume), cost: Float64Array.from(cost) }, issues };
}

/** TNTP flow format, one line per link in input order; numbers at full (round-trip) precision. */
export function formatFlow(from: ArrayLike<number>, to: ArrayLike<number>, volume: ArrayLike<number>, cost: ArrayLike<number>): string {
  const out: string[] = ['From\tTo\tVolume\tCost'];
  for (let i = 0; i < from.length; i++) out.push(`${from[i]}\t${to[i]}\t${volume[i]}\t${cost[i]}`);
  return out.join('\n') + '\n';
}
