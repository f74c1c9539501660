// The network stage's front door: records → graph (CSR typed arrays), places → nodes, snapshots.
export type { Graph, ClassName } from './graph.ts';
export { CLASSES, MODE_CODES, vertexOf } from './graph.ts';
export { buildGraph, graphFromArcs, recordsHash, type BuildResult } from './build.ts';
export { buildPlaceIndex, matchName, normalizeName, snap, type PlaceIndex } from './places.ts';
export { encodeSnapshot, decodeSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_MAGIC } from './snapshot.ts';
