// GeoJSON (RFC 7946) text → raw records, with positions of broken JSON turned into line numbers.
import { makeIssue, type Issue } from '../core/issues.ts';
import { LAYERS, type Layer } from '../core/model.ts';
import type { RawRecord } from './records.ts';

function lineOfPosition(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Which layer a feature belongs to: an explicit layer, else what its geometry and fields say. */
function inferLayer(props: Record<string, unknown>, geomType: string | null): Layer {
  if (geomType === 'LineString' || geomType === 'MultiLineString' || 'mode' in props) return 'links';
  if ('countryA' in props || 'gaugeChange' in props) return 'crossings';
  if ('sea' in props) return 'ports';
  if ('citation' in props || 'changes' in props) return 'projects';
  if (Array.isArray(props.nodes)) return 'corridors';
  return 'nodes';
}

/** `tally.skipped` counts entries that are not records at all, so read = records + skipped. */
export function readGeoJson(text: string, file: string, forcedLayer: Layer | null, issues: Issue[], tally: { skipped: number } = { skipped: 0 }): RawRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark, as some Windows tools write
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineOfPosition(text, Number(pos[1])) : lineOfPosition(text, text.length);
    issues.push(makeIssue('JSON_INVALID', { file, line }, { reason: msg.replace(/ in JSON at position \d+.*/, '').replace(/^JSON\.parse: /, '') }));
    return [];
  }
  const root = doc as { type?: unknown; features?: unknown; layer?: unknown };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || root.type !== 'FeatureCollection' || !Array.isArray(root.features)) {
    const what = Array.isArray(doc) ? 'an array' : typeof doc !== 'object' || doc === null ? String(doc === null ? 'null' : typeof doc) : `type ${JSON.stringify(root.type ?? null)}`;
    issues.push(makeIssue('JSON_ROOT_TYPE', { file }, { value: what }));
    return [];
  }
  let collectionLayer: Layer | null = forcedLayer;
  if (!collectionLayer && root.layer !== undefined) {
    if (LAYERS.includes(root.layer as Layer)) collectionLayer = root.layer as Layer;
    else issues.push(makeIssue('LAYER_UNKNOWN', { file, field: 'layer' }, { value: root.layer, allowed: LAYERS.join(', ') }));
  }
  const out: RawRecord[] = [];
  root.features.forEach((f: unknown, index: number) => {
    const at = { file, feature: index };
    const feat = f as { type?: unknown; geometry?: unknown; properties?: unknown; id?: unknown };
    if (typeof f !== 'object' || f === null || feat.type !== 'Feature') {
      tally.skipped++;
      issues.push(makeIssue('FEATURE_NOT_OBJECT', at, { value: typeof f === 'object' && f !== null ? (feat.type ?? null) : typeof f }));
      return;
    }
    const props: Record<string, unknown> =
      typeof feat.properties === 'object' && feat.properties !== null && !Array.isArray(feat.properties) ? { ...(feat.properties as object) } : {};
    if (props.id === undefined && (typeof feat.id === 'string' || typeof feat.id === 'number')) props.id = String(feat.id);
    const g = feat.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    const geometryType = g && typeof g === 'object' && typeof g.type === 'string' ? g.type : null;
    let layer: Layer = collectionLayer ?? inferLayer(props, geometryType);
    if (!collectionLayer && typeof props.layer === 'string') {
      if (LAYERS.includes(props.layer as Layer)) layer = props.layer as Layer;
      else issues.push(makeIssue('LAYER_UNKNOWN', { ...at, field: 'layer' }, { value: props.layer, allowed: LAYERS.join(', ') }));
    }
    let geometry: unknown = g?.coordinates;
    let type = geometryType;
    // a single-part MultiLineString is a LineString in disguise (common in exports of other tools)
    if (type === 'MultiLineString' && Array.isArray(geometry) && geometry.length === 1) {
      type = 'LineString';
      geometry = geometry[0];
    }
    out.push({ layer, props, geometry, geometryType: g === undefined || g === null ? null : type ?? 'unknown', at, fromText: false });
  });
  return out;
}
