// The network stage's front door: records → graph (CSR typed arrays), places → nodes, snapshots.
export type { Graph, ClassName } from './graph.ts';
export { CLASSES, MODE_CODES, vertexOf } from './graph.ts';
export { buildGraph, recordsHash, type BuildResult } from './build.ts';
export { buildPlaceIndex, matchName, normalizeName, snap, type PlaceIndex } from './places.ts';
