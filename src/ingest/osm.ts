// OpenStreetMap PBF extract → nodes and links: railway=rail, main roads and route=ferry ways,
// split into links wherever two selected ways share a node. Geometry is the real alignment
// (geometryQuality "detailed"), lengths are geodesic.
// tiny-osmpbf reads the whole file into memory: fine for city and small-country extracts;
// national extracts want a streaming reader (noted in docs/data.md).
import tinyOsmPbf from 'tiny-osmpbf';
import { lineLengthKm, round } from '../core/geo.ts';
import { makeIssue, type Issue } from '../core/issues.ts';
import { GAUGES_MM, type GaugeMm, type Link, type LonLat, type Mode, type NetNode } from '../core/model.ts';
import { MAX_TRACKS } from './fields.ts';
import { MAX_SPEED_KMH } from './records.ts';

interface OsmElement {
  type: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  nodes?: number[];
  tags?: Record<string, string>;
  timestamp?: string;
}

const MAIN_ROADS = new Set(['motorway', 'trunk', 'primary', 'secondary', 'motorway_link', 'trunk_link', 'primary_link']);

/** Rail ways that are not part of the line network: yards, sidings, spurs and non-public usage. */
const NOT_NETWORK_USAGE = new Set(['industrial', 'military', 'tourism', 'test']);

function modeOf(tags: Record<string, string>): Mode | null {
  if (tags.railway === 'rail') return tags.service || NOT_NETWORK_USAGE.has(tags.usage) ? null : 'rail';
  if (tags.route === 'ferry') return 'ferry';
  if (tags.highway && MAIN_ROADS.has(tags.highway)) return 'road';
  return null;
}

function gaugeOf(tag: string | undefined): GaugeMm | null {
  if (!tag) return null;
  const first = Number(tag.split(';')[0]);
  return (GAUGES_MM as readonly number[]).includes(first) ? (first as GaugeMm) : null;
}

/** A tag value outside what the model allows (tracks=0, maxspeed=300 on a road) is dropped, counted, and reported once. */
interface Ignored { count: number; example: string | null }

function speedOf(tag: string | undefined, mode: Mode, ignored: Ignored, wayId: number): number | null {
  if (!tag) return null;
  const m = /^(\d+(?:\.\d+)?)\s*(mph)?$/.exec(tag.trim());
  if (!m) return null; // "signals", "none", "RU:urban": not a number, nothing to report
  const kmh = Math.round(Number(m[1]) * (m[2] ? 1.609344 : 1));
  if (kmh >= 1 && kmh <= MAX_SPEED_KMH[mode]) return kmh;
  ignored.count++;
  ignored.example ??= `way ${wayId} maxspeed=${tag}`;
  return null;
}

function tracksOf(tag: string | undefined, ignored: Ignored, wayId: number): number | null {
  if (!tag || !/^\d+$/.test(tag)) return null;
  const n = Number(tag);
  if (n >= 1 && n <= MAX_TRACKS) return n;
  ignored.count++;
  ignored.example ??= `way ${wayId} tracks=${tag}`;
  return null;
}

function electrifiedOf(tag: string | undefined): boolean | null {
  if (!tag) return null;
  return tag !== 'no';
}

export interface OsmResult {
  nodes: NetNode[];
  links: Link[];
  waysRead: number;
}

export function readOsmPbf(bytes: Uint8Array, file: string, country: string, issues: Issue[]): OsmResult {
  let data: { elements: OsmElement[]; timestamp?: string };
  try {
    data = tinyOsmPbf(bytes) as { elements: OsmElement[] };
  } catch (e) {
    issues.push(makeIssue('OSM_INVALID', { file }, { reason: (e as Error).message }));
    return { nodes: [], links: [], waysRead: 0 };
  }
  const coords = new Map<number, LonLat>();
  const nodeTags = new Map<number, Record<string, string>>();
  const ways: { el: OsmElement; mode: Mode }[] = [];
  const clipped: number[] = [];
  let latest = '';
  for (const el of data.elements) {
    if (el.timestamp && el.timestamp > latest) latest = el.timestamp;
    if (el.type === 'node' && el.lon !== undefined && el.lat !== undefined) {
      coords.set(el.id, [el.lon, el.lat]);
      if (el.tags && Object.keys(el.tags).length) nodeTags.set(el.id, el.tags);
    } else if (el.type === 'way' && el.tags) {
      const mode = modeOf(el.tags);
      if (mode && el.nodes && el.nodes.length >= 2) ways.push({ el, mode });
      else if (mode) clipped.push(el.id);
    }
  }
  if (ways.length === 0) {
    if (clipped.length) issues.push(makeIssue('OSM_WAY_CLIPPED', { file }, { count: clipped.length, value: clipped[0] }));
    issues.push(makeIssue('OSM_NOTHING', { file }));
    return { nodes: [], links: [], waysRead: 0 };
  }
  const version = latest ? latest.slice(0, 10) : 'unknown';
  // a node shared by two selected ways, or a way's end, becomes a network node
  const uses = new Map<number, number>();
  for (const { el } of ways) for (const n of el.nodes!) uses.set(n, (uses.get(n) ?? 0) + 1);
  const isSplit = (n: number, i: number, len: number) => i === 0 || i === len - 1 || (uses.get(n) ?? 0) > 1;

  const netNodes = new Map<number, NetNode>();
  const nodeFor = (osmId: number, mode: Mode): NetNode => {
    let n = netNodes.get(osmId);
    if (!n) {
      const [lon, lat] = coords.get(osmId)!;
      const tags = nodeTags.get(osmId) ?? {};
      const isStation = tags.railway === 'station' || tags.railway === 'halt' || tags.public_transport === 'station';
      n = {
        id: `osm-n${osmId}`, kind: isStation ? 'station' : mode === 'ferry' ? 'port' : 'junction',
        name_en: tags['name:en'] ?? tags.name ?? `OSM node ${osmId}`, name_ru: tags['name:ru'] ?? null, name_local: tags.name ?? null,
        country, lon, lat, unlocode: null, sourceId: `osm@${version}#node/${osmId}`, confidence: 'published',
      };
      netNodes.set(osmId, n);
    }
    return n;
  };

  const links: Link[] = [];
  const ignored: Ignored = { count: 0, example: null };
  for (const { el, mode } of ways) {
    const ns = el.nodes!;
    const tags = el.tags!;
    if (ns.some((n) => !coords.has(n))) {
      clipped.push(el.id); // cut by the extract's boundary: some of its nodes are outside
      continue;
    }
    let start = 0;
    let part = 0;
    for (let i = 1; i < ns.length; i++) {
      if (!isSplit(ns[i], i, ns.length)) continue;
      const geometry = ns.slice(start, i + 1).map((n) => coords.get(n)!);
      const lengthKm = round(lineLengthKm(geometry), 4);
      if (lengthKm > 0 && ns[start] !== ns[i]) {
        const from = nodeFor(ns[start], mode), to = nodeFor(ns[i], mode);
        links.push({
          id: `osm-w${el.id}-${part}`, mode, from: from.id, to: to.id, geometry, geometryQuality: 'detailed', lengthKm, country,
          name_en: tags['name:en'] ?? tags.name ?? tags.ref ?? null, name_ru: tags['name:ru'] ?? null,
          gaugeMm: mode === 'rail' ? gaugeOf(tags.gauge) : null,
          tracks: tracksOf(tags.tracks, ignored, el.id),
          electrified: mode === 'rail' ? electrifiedOf(tags.electrified) : null,
          status: 'operating', openingYear: null, closingYear: null, speedKmh: speedOf(tags.maxspeed, mode, ignored, el.id),
          capacityPerDay: null, capacityTonnesPerYear: null, operator: tags.operator ?? null, frequencyPerWeek: null,
          sourceId: `osm@${version}#way/${el.id}`, confidence: 'published',
        });
        part++;
      }
      start = i;
    }
  }
  if (clipped.length) issues.push(makeIssue('OSM_WAY_CLIPPED', { file }, { count: clipped.length, value: clipped[0] }));
  if (ignored.count) issues.push(makeIssue('OSM_TAG_IGNORED', { file }, { count: ignored.count, value: ignored.example }));
  return { nodes: [...netNodes.values()], links, waysRead: ways.length };
}
