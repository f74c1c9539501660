// Records → Graph, once per data version. Bad records do not stop the build: each becomes an issue
// (a link to a missing node is left out and counted; a rail link without a gauge is taken as 1520).
import { createHash } from 'node:crypto';
import { haversineKm } from '../core/geo.ts';
import { makeIssue, type Issue } from '../core/issues.ts';
import type { Records } from '../core/model.ts';
import {
  ARC_GAUGE_CHANGE, ARC_LINK, ARC_LINK_GAUGE, ARC_TRANSSHIPMENT, CLASSES, CLASS_FERRY, CLASS_ROAD, MODE_CODES, NO_YEAR, STATUS_CODES, type Graph,
} from './graph.ts';

const GAUGE_CLASS: Record<number, number> = { 1520: 0, 1435: 1, 1000: 2, 1067: 3 };

export interface BuildResult {
  graph: Graph;
  issues: Issue[];
}

/** A short hash of the records, so a graph or snapshot can be matched to the data it came from. */
export function recordsHash(r: Records): string {
  const h = createHash('sha256');
  for (const layer of ['nodes', 'links', 'crossings', 'projects'] as const) h.update(JSON.stringify(r[layer]));
  return h.digest('hex').slice(0, 16);
}

export function buildGraph(records: Records, opts: { dataHash?: string } = {}): BuildResult {
  const issues: Issue[] = [];
  const nodes = records.nodes;
  const nodeCount = nodes.length;
  const nodeIndex = new Map<string, number>();
  nodes.forEach((n, i) => nodeIndex.set(n.id, i));
  const countries: string[] = [];
  const countryIdx = new Map<string, number>();
  const cIdx = (c: string) => {
    let i = countryIdx.get(c);
    if (i === undefined) { i = countries.length; countries.push(c); countryIdx.set(c, i); }
    return i;
  };
  const nodeLon = new Float64Array(nodeCount), nodeLat = new Float64Array(nodeCount), nodeCountry = new Uint16Array(nodeCount);
  nodes.forEach((n, i) => { nodeLon[i] = n.lon; nodeLat[i] = n.lat; nodeCountry[i] = cIdx(n.country); });

  // Known crossings by unordered node pair (and by single node when only one end is given).
  const crossingByPair = new Map<string, number>();
  records.crossings.forEach((c, i) => {
    // Keyed by mode too: a rail and a road crossing often join the same two border stations.
    for (const m of c.modes) {
      if (c.nodeA && c.nodeB) crossingByPair.set(`${c.nodeA}|${c.nodeB}|${m}`, i), crossingByPair.set(`${c.nodeB}|${c.nodeA}|${m}`, i);
      else if (c.nodeA || c.nodeB) crossingByPair.set(`${c.nodeA ?? c.nodeB}|*|${m}`, i);
    }
  });

  // Links that can be routed: both ends known.
  const links = records.links;
  const keep: number[] = [];
  const linkFrom: number[] = [], linkTo: number[] = [], linkClass: number[] = [], linkToClass: number[] = [], linkCrossing: number[] = [];
  const classMask = new Uint8Array(nodeCount);
  links.forEach((l, i) => {
    const a = nodeIndex.get(l.from), b = nodeIndex.get(l.to);
    if (a === undefined || b === undefined) {
      issues.push(makeIssue('NETWORK_LINK_NODE_MISSING', { id: l.id, field: a === undefined ? 'from' : 'to' }, { link: l.id, node: a === undefined ? l.from : l.to }));
      return;
    }
    let cls: number;
    if (l.mode === 'road') cls = CLASS_ROAD;
    else if (l.mode === 'ferry') cls = CLASS_FERRY;
    else {
      const g = l.gaugeMm === null ? undefined : GAUGE_CLASS[l.gaugeMm];
      if (g === undefined) issues.push(makeIssue('NETWORK_GAUGE_ASSUMED', { id: l.id, field: 'gaugeMm' }, { link: l.id, value: l.gaugeMm }));
      cls = g ?? 0;
    }
    let crossing = -1;
    if (nodeCountry[a] !== nodeCountry[b]) {
      crossing = crossingByPair.get(`${l.from}|${l.to}|${l.mode}`) ?? crossingByPair.get(`${l.from}|*|${l.mode}`) ?? crossingByPair.get(`${l.to}|*|${l.mode}`) ?? -1;
    }
    // A crossing that changes gauge (both gauges known): the border link itself runs from the
    // gauge of one side to the gauge of the other, so the change is charged on it exactly once.
    let fromCls = cls, toCls = cls;
    const cr = crossing >= 0 ? records.crossings[crossing] : null;
    if (l.mode === 'rail' && cr?.gaugeChange && cr.gaugeA && cr.gaugeB && cr.gaugeA !== cr.gaugeB && GAUGE_CLASS[cr.gaugeA] !== undefined && GAUGE_CLASS[cr.gaugeB] !== undefined) {
      const forwardIsAB = l.from === cr.nodeA || (l.from !== cr.nodeB && records.nodes[a].country === cr.countryA);
      fromCls = GAUGE_CLASS[forwardIsAB ? cr.gaugeA : cr.gaugeB];
      toCls = GAUGE_CLASS[forwardIsAB ? cr.gaugeB : cr.gaugeA];
    }
    keep.push(i); linkFrom.push(a); linkTo.push(b); linkClass.push(fromCls); linkToClass.push(toCls); linkCrossing.push(crossing);
    classMask[a] |= 1 << fromCls;
    classMask[b] |= 1 << toCls;
  });

  // Vertices: one per (node, class present at the node).
  const firstVertex = new Int32Array(nodeCount + 1);
  let vertexCount = 0;
  for (let n = 0; n < nodeCount; n++) {
    firstVertex[n] = vertexCount;
    for (let c = 0; c < CLASSES.length; c++) if (classMask[n] & (1 << c)) vertexCount++;
  }
  firstVertex[nodeCount] = vertexCount;
  const vertexNode = new Int32Array(vertexCount), vertexClass = new Uint8Array(vertexCount);
  const vOf = new Int32Array(nodeCount * CLASSES.length).fill(-1);
  for (let n = 0, v = 0; n < nodeCount; n++) {
    for (let c = 0; c < CLASSES.length; c++) {
      if (classMask[n] & (1 << c)) { vertexNode[v] = n; vertexClass[v] = c; vOf[n * CLASSES.length + c] = v; v++; }
    }
  }

  // Arcs, first unordered, then sorted by tail into CSR.
  let transferArcs = 0;
  for (let n = 0; n < nodeCount; n++) {
    const k = firstVertex[n + 1] - firstVertex[n];
    transferArcs += k * (k - 1);
  }
  const arcCount = 2 * keep.length + transferArcs;
  const tail = new Int32Array(arcCount), head = new Int32Array(arcCount), kind = new Uint8Array(arcCount);
  const arcLinkTmp = new Int32Array(arcCount).fill(-1), fwd = new Uint8Array(arcCount), crossingTmp = new Int32Array(arcCount).fill(-1);
  let m = 0;
  for (let j = 0; j < keep.length; j++) {
    const a = linkFrom[j], b = linkTo[j];
    const va = vOf[a * CLASSES.length + linkClass[j]], vb = vOf[b * CLASSES.length + linkToClass[j]];
    const crossing = linkCrossing[j];
    const k = linkClass[j] === linkToClass[j] ? ARC_LINK : ARC_LINK_GAUGE;
    tail[m] = va; head[m] = vb; kind[m] = k; arcLinkTmp[m] = j; fwd[m] = 1; crossingTmp[m] = crossing; m++;
    tail[m] = vb; head[m] = va; kind[m] = k; arcLinkTmp[m] = j; fwd[m] = 0; crossingTmp[m] = crossing; m++;
  }
  for (let n = 0; n < nodeCount; n++) {
    for (let u = firstVertex[n]; u < firstVertex[n + 1]; u++) {
      for (let w = firstVertex[n]; w < firstVertex[n + 1]; w++) {
        if (u === w) continue;
        const bothRail = vertexClass[u] < CLASS_ROAD && vertexClass[w] < CLASS_ROAD;
        tail[m] = u; head[m] = w; kind[m] = bothRail ? ARC_GAUGE_CHANGE : ARC_TRANSSHIPMENT; m++;
      }
    }
  }
  const firstArc = new Int32Array(vertexCount + 1);
  for (let i = 0; i < arcCount; i++) firstArc[tail[i] + 1]++;
  for (let v = 0; v < vertexCount; v++) firstArc[v + 1] += firstArc[v];
  const fill = firstArc.slice(0, vertexCount);
  const arcTail = new Int32Array(arcCount), arcHead = new Int32Array(arcCount), arcKind = new Uint8Array(arcCount);
  const arcLink = new Int32Array(arcCount), arcForward = new Uint8Array(arcCount), arcCrossing = new Int32Array(arcCount);
  const arcBorder = new Uint8Array(arcCount), arcChordKm = new Float64Array(arcCount);
  for (let i = 0; i < arcCount; i++) {
    const p = fill[tail[i]]++;
    arcTail[p] = tail[i]; arcHead[p] = head[i]; arcKind[p] = kind[i]; arcLink[p] = arcLinkTmp[i];
    arcForward[p] = fwd[i]; arcCrossing[p] = crossingTmp[i];
    const a = vertexNode[tail[i]], b = vertexNode[head[i]];
    arcBorder[p] = nodeCountry[a] !== nodeCountry[b] ? 1 : 0;
    arcChordKm[p] = a === b ? 0 : haversineKm([nodeLon[a], nodeLat[a]], [nodeLon[b], nodeLat[b]]);
  }

  // Link attribute columns, in the order of `keep`.
  const L = keep.length;
  const linkMode = new Uint8Array(L), linkGaugeMm = new Int16Array(L), linkStatus = new Uint8Array(L);
  const linkOpeningYear = new Int16Array(L), linkClosingYear = new Int16Array(L), linkSpeedKmh = new Float32Array(L);
  const linkLengthKm = new Float64Array(L), linkCountry = new Uint16Array(L), linkFrequencyPerWeek = new Float32Array(L);
  const linkIds: string[] = [], linkSourceIds: string[] = [];
  keep.forEach((i, j) => {
    const l = links[i];
    linkIds.push(l.id); linkSourceIds.push(l.sourceId);
    linkMode[j] = MODE_CODES.indexOf(l.mode);
    linkGaugeMm[j] = l.gaugeMm ?? 0;
    linkStatus[j] = STATUS_CODES.indexOf(l.status);
    linkOpeningYear[j] = l.openingYear ?? NO_YEAR;
    linkClosingYear[j] = l.closingYear ?? NO_YEAR;
    linkSpeedKmh[j] = l.speedKmh ?? NaN;
    if (!(l.lengthKm > 0)) issues.push(makeIssue('NETWORK_LENGTH_INVALID', { id: l.id, field: 'lengthKm' }, { link: l.id, value: l.lengthKm }));
    linkLengthKm[j] = l.lengthKm > 0 ? l.lengthKm : arcChordKmOf(nodeLon, nodeLat, linkFrom[j], linkTo[j]);
    linkCountry[j] = cIdx(l.country);
    linkFrequencyPerWeek[j] = l.frequencyPerWeek ?? NaN;
  });

  const graph: Graph = {
    dataHash: opts.dataHash ?? recordsHash(records),
    nodeCount, nodeIds: nodes.map((n) => n.id), nodeIndex,
    nodeNameEn: nodes.map((n) => n.name_en), nodeNameRu: nodes.map((n) => n.name_ru), nodeNameLocal: nodes.map((n) => n.name_local),
    nodeUnlocode: nodes.map((n) => n.unlocode), nodeKind: nodes.map((n) => n.kind),
    nodeLon, nodeLat, nodeCountry, countries, firstVertex,
    vertexCount, vertexNode, vertexClass,
    arcCount, firstArc, arcTail, arcHead, arcKind, arcLink, arcForward, arcCrossing, arcBorder, arcChordKm,
    linkCount: L, linkIds, linkSourceIds, linkMode, linkGaugeMm, linkStatus, linkOpeningYear, linkClosingYear,
    linkSpeedKmh, linkLengthKm, linkCountry, linkFrequencyPerWeek,
    crossings: records.crossings, projects: records.projects,
  };
  return { graph, issues };
}

function arcChordKmOf(lon: Float64Array, lat: Float64Array, a: number, b: number): number {
  return Math.max(0.001, haversineKm([lon[a], lat[a]], [lon[b], lat[b]]));
}


/**
 * A single-class (road) graph straight from directed arcs, for synthetic and external benchmark
 * graphs (one-way arcs allowed): arc i runs tails[i] → heads[i] with length lengthKm[i]. Each arc is
 * its own one-way link, so the costing and every search work on it unchanged.
 */
export function graphFromArcs(lon: Float64Array, lat: Float64Array, tails: Int32Array, heads: Int32Array, lengthKm: Float64Array, dataHash = 'arcs'): Graph {
  const nodeCount = lon.length, m = tails.length;
  const firstArc = new Int32Array(nodeCount + 1);
  for (let i = 0; i < m; i++) firstArc[tails[i] + 1]++;
  for (let v = 0; v < nodeCount; v++) firstArc[v + 1] += firstArc[v];
  const fill = firstArc.slice(0, nodeCount);
  const arcTail = new Int32Array(m), arcHead = new Int32Array(m), arcLink = new Int32Array(m), arcChordKm = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const p = fill[tails[i]]++;
    arcTail[p] = tails[i]; arcHead[p] = heads[i]; arcLink[p] = i;
    arcChordKm[p] = haversineKm([lon[tails[i]], lat[tails[i]]], [lon[heads[i]], lat[heads[i]]]);
  }
  const ids = Array.from({ length: nodeCount }, (_, i) => String(i));
  const nodeIndex = new Map<string, number>();
  const identity = new Int32Array(nodeCount + 1);
  for (let i = 0; i <= nodeCount; i++) identity[i] = i;
  return {
    dataHash, nodeCount, nodeIds: ids, nodeIndex, nodeNameEn: ids, nodeNameRu: [], nodeNameLocal: [], nodeUnlocode: [], nodeKind: [],
    nodeLon: lon, nodeLat: lat, nodeCountry: new Uint16Array(nodeCount), countries: ['XX'], firstVertex: identity,
    vertexCount: nodeCount, vertexNode: identity.subarray(0, nodeCount), vertexClass: new Uint8Array(nodeCount).fill(CLASS_ROAD),
    arcCount: m, firstArc, arcTail, arcHead, arcKind: new Uint8Array(m), arcLink, arcForward: new Uint8Array(m).fill(1),
    arcCrossing: new Int32Array(m).fill(-1), arcBorder: new Uint8Array(m), arcChordKm,
    linkCount: m, linkIds: [], linkSourceIds: [], linkMode: new Uint8Array(m).fill(MODE_CODES.indexOf('road')), linkGaugeMm: new Int16Array(m),
    linkStatus: new Uint8Array(m), linkOpeningYear: new Int16Array(m).fill(NO_YEAR), linkClosingYear: new Int16Array(m).fill(NO_YEAR),
    linkSpeedKmh: new Float32Array(m).fill(NaN), linkLengthKm: lengthKm, linkCountry: new Uint16Array(m), linkFrequencyPerWeek: new Float32Array(m).fill(NaN),
    crossings: [], projects: [],
  };
}
