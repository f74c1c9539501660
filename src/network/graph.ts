// The routable graph: records compiled once into flat typed arrays (compressed sparse rows).
//
// Transfers are charged on *expanded nodes*: every physical node gets one vertex per traffic class
// that touches it (rail of each gauge, road, ferry). Links join vertices of the same class; inside a
// node, transfer arcs join its classes (rail 1520 ↔ rail 1435 is a gauge change, rail ↔ road ↔ ferry
// a transshipment). A search therefore pays for a gauge break or a transshipment exactly where it
// happens, and never for passing straight through a station. Metrics (what an arc costs) live
// apart from this topology (see ../route/costing.ts), so a year, a closure or a new profile never
// rebuilds the graph.
import type { Crossing, Project } from '../core/model.ts';

/** Traffic classes, in vertex order within a node. */
export const CLASSES = ['rail1520', 'rail1435', 'rail1000', 'rail1067', 'road', 'ferry'] as const;
export type ClassName = (typeof CLASSES)[number];
export const CLASS_GAUGE_MM = [1520, 1435, 1000, 1067, 0, 0] as const;
export const CLASS_ROAD = 4;
export const CLASS_FERRY = 5;

/** Arc kinds. */
export const ARC_LINK = 0;
export const ARC_GAUGE_CHANGE = 1;
export const ARC_TRANSSHIPMENT = 2;
/** A border link where the gauge changes (a crossing with gauge_change and both gauges known). */
export const ARC_LINK_GAUGE = 3;

export const MODE_CODES = ['rail', 'road', 'ferry'] as const;
export const STATUS_CODES = ['operating', 'construction', 'planned', 'proposed', 'disused'] as const;

/** A year that means "not known" in the Int16 year arrays. */
export const NO_YEAR = -32768;

export interface Graph {
  /** Hash of the records the graph was built from (the snapshot header repeats it). */
  dataHash: string;
  // ── physical nodes ──
  nodeCount: number;
  nodeIds: string[];
  nodeIndex: Map<string, number>;
  nodeNameEn: string[];
  nodeNameRu: (string | null)[];
  nodeNameLocal: (string | null)[];
  nodeUnlocode: (string | null)[];
  nodeKind: string[];
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  /** Index into `countries`. */
  nodeCountry: Uint16Array;
  countries: string[];
  /** Vertices of node n are firstVertex[n] … firstVertex[n+1]-1. */
  firstVertex: Int32Array;
  // ── expanded vertices ──
  vertexCount: number;
  vertexNode: Int32Array;
  vertexClass: Uint8Array;
  // ── arcs, CSR by tail ──
  arcCount: number;
  firstArc: Int32Array;
  arcTail: Int32Array;
  arcHead: Int32Array;
  arcKind: Uint8Array;
  /** Link index for ARC_LINK arcs, -1 otherwise. */
  arcLink: Int32Array;
  /** 1 when a link arc runs from → to of its link, 0 when it runs back. */
  arcForward: Uint8Array;
  /** Crossing index when the arc crosses a border at a known crossing, -1 otherwise. */
  arcCrossing: Int32Array;
  /** 1 when the arc joins nodes of two countries. */
  arcBorder: Uint8Array;
  /** Great-circle km between the arc's end nodes: the A* bound is built on it. */
  arcChordKm: Float64Array;
  // ── links (attributes the costing reads) ──
  linkCount: number;
  linkIds: string[];
  linkSourceIds: string[];
  linkMode: Uint8Array;
  linkGaugeMm: Int16Array;
  linkStatus: Uint8Array;
  linkOpeningYear: Int16Array;
  linkClosingYear: Int16Array;
  /** NaN when unknown. */
  linkSpeedKmh: Float32Array;
  linkLengthKm: Float64Array;
  linkCountry: Uint16Array;
  /** Ferry sailings per week, NaN when unknown. */
  linkFrequencyPerWeek: Float32Array;
  // ── small tables kept as records ──
  crossings: Crossing[];
  projects: Project[];
}

/** The vertex of node n in class c, or -1. */
export function vertexOf(g: Graph, node: number, cls: number): number {
  for (let v = g.firstVertex[node]; v < g.firstVertex[node + 1]; v++) if (g.vertexClass[v] === cls) return v;
  return -1;
}

export function countryIndex(g: Graph, code: string): number {
  return g.countries.indexOf(code);
}
