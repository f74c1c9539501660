// A graph as one binary file: magic, format version, data hash, then the string tables (JSON) and
// every typed array, 8-byte aligned, so loading is a few copies rather than a rebuild. A file of
// another format version or built from other data is refused with a message naming both versions.
// What the graph alone does not hold but a user of it wants back without the records (link
// geometry, place names from other layers) travels as attachments: more arrays and a JSON value.
import { KaravanError } from '../core/issues.ts';
import type { Graph } from './graph.ts';

export const SNAPSHOT_MAGIC = 'KRVNGRPH';
/** 2: named attachments (typed arrays and JSON) after the graph, e.g. the app's link geometry. */
export const SNAPSHOT_FORMAT = 2;

/** Typed-array fields, in file order. */
const ARRAYS = [
  'nodeLon', 'nodeLat', 'nodeCountry', 'firstVertex', 'vertexNode', 'vertexClass',
  'firstArc', 'arcTail', 'arcHead', 'arcKind', 'arcLink', 'arcForward', 'arcCrossing', 'arcBorder', 'arcChordKm',
  'linkMode', 'linkGaugeMm', 'linkStatus', 'linkOpeningYear', 'linkClosingYear', 'linkSpeedKmh', 'linkLengthKm', 'linkCountry', 'linkFrequencyPerWeek',
] as const satisfies readonly (keyof Graph)[];

type ArrayField = (typeof ARRAYS)[number];
type AnyTyped = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Uint8Array;
const CTORS: Record<string, new (b: ArrayBuffer, o: number, n: number) => AnyTyped> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Uint8Array,
};

const pad8 = (n: number) => (n + 7) & ~7;

export type SnapshotArray = AnyTyped;

/** What a snapshot carries beside the graph. */
export interface SnapshotAttachments {
  arrays?: Record<string, AnyTyped>;
  json?: unknown;
}

export function encodeSnapshot(g: Graph, attach: SnapshotAttachments = {}): Uint8Array {
  const { nodeIndex: _ni, ...rest } = g;
  const extra = Object.entries(attach.arrays ?? {});
  const all: [string, AnyTyped][] = [...ARRAYS.map((f): [string, AnyTyped] => [f, rest[f] as AnyTyped]), ...extra.map(([k, a]): [string, AnyTyped] => [`+${k}`, a])];
  const strings = {
    dataHash: g.dataHash, nodeCount: g.nodeCount, vertexCount: g.vertexCount, arcCount: g.arcCount, linkCount: g.linkCount,
    nodeIds: g.nodeIds, nodeNameEn: g.nodeNameEn, nodeNameRu: g.nodeNameRu, nodeNameLocal: g.nodeNameLocal, nodeUnlocode: g.nodeUnlocode,
    nodeKind: g.nodeKind, countries: g.countries, linkIds: g.linkIds, linkSourceIds: g.linkSourceIds, crossings: g.crossings, projects: g.projects,
    arrays: all.map(([name, a]) => ({ name, type: a.constructor.name, length: a.length })),
    attachment: attach.json ?? null,
  };
  const head = new TextEncoder().encode(JSON.stringify(strings));
  let size = pad8(8 + 4 + 4 + head.length);
  for (const [, a] of all) size += pad8(a.byteLength);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(SNAPSHOT_MAGIC), 0);
  dv.setUint32(8, SNAPSHOT_FORMAT, true);
  dv.setUint32(12, head.length, true);
  out.set(head, 16);
  let at = pad8(16 + head.length);
  for (const [, a] of all) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad8(a.byteLength);
  }
  return out;
}

/** Reads a snapshot; with expectedHash, one built from other data is refused. */
export function decodeSnapshot(bytes: Uint8Array, file: string, expectedHash?: string): Graph {
  return decodeSnapshotWith(bytes, file, expectedHash).graph;
}

/** Reads a snapshot and its attachments. */
export function decodeSnapshotWith(bytes: Uint8Array, file: string, expectedHash?: string): { graph: Graph; attachments: Required<SnapshotAttachments> } {
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== SNAPSHOT_MAGIC) {
    throw new KaravanError('ROUTE_SNAPSHOT_INVALID', { file, reason: `the first 8 bytes are not "${SNAPSHOT_MAGIC}"` });
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = dv.getUint32(8, true);
  const headLen = dv.getUint32(12, true);
  if (16 + headLen > bytes.length) throw new KaravanError('ROUTE_SNAPSHOT_INVALID', { file, reason: `header of ${headLen} bytes runs past the end (${bytes.length} bytes)` });
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headLen)));
  if (format !== SNAPSHOT_FORMAT || (expectedHash !== undefined && head.dataHash !== expectedHash)) {
    throw new KaravanError('ROUTE_SNAPSHOT_MISMATCH', { file, found: format, foundHash: head.dataHash, expected: SNAPSHOT_FORMAT, expectedHash: expectedHash ?? head.dataHash });
  }
  // Copy into a fresh, aligned buffer: the input may sit at any offset.
  const body = new Uint8Array(bytes.length);
  body.set(bytes);
  let at = pad8(16 + headLen);
  const arrays: Partial<Record<ArrayField, AnyTyped>> = {};
  const extra: Record<string, AnyTyped> = {};
  for (const { name, type, length } of head.arrays as { name: string; type: string; length: number }[]) {
    const Ctor = CTORS[type];
    const bpe = (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    if (!Ctor || at + length * bpe > body.length) throw new KaravanError('ROUTE_SNAPSHOT_INVALID', { file, reason: `array ${name} (${type} × ${length}) does not fit` });
    const a = new Ctor(body.buffer, at, length);
    if (name.startsWith('+')) extra[name.slice(1)] = a; else arrays[name as ArrayField] = a;
    at += pad8(length * bpe);
  }
  const missing = ARRAYS.find((f) => !arrays[f]);
  if (missing) throw new KaravanError('ROUTE_SNAPSHOT_INVALID', { file, reason: `array ${missing} is missing` });
  const nodeIndex = new Map<string, number>();
  (head.nodeIds as string[]).forEach((id, i) => nodeIndex.set(id, i));
  const { arrays: _a, attachment, ...strings } = head;
  return { graph: { ...strings, ...arrays, nodeIndex } as Graph, attachments: { arrays: extra, json: attachment } };
}
