// corridors.csv rows → Corridor records (ordered waypoints; the network carries the path between them).
import type { Issue } from '../../core/issues.ts';
import { CONFIDENCES, type Confidence, type Corridor, type NetNode } from '../../core/model.ts';
import { Cells, type Row } from './fields.ts';
import { checkPlainId } from './ids.ts';

export const CORRIDOR_REQUIRED = ['id', 'name_en', 'name_ru', 'nodes', 'source', 'confidence'] as const;
export const CORRIDOR_OPTIONAL = ['color', 'note'] as const;

export interface CorridorRow {
  corridor: Corridor;
  sources: { field: string; key: string }[];
}

export function readCorridor(row: Row, nodes: ReadonlyMap<string, NetNode>, sourceId: (id: string) => string, issues: Issue[]): CorridorRow | null {
  const c = new Cells(row, issues);
  const id = c.required('id');
  if (id !== '') checkPlainId(c, id);
  const nameEn = c.required('name_en');
  const nameRu = c.required('name_ru');
  const waypoints = c.list('nodes');
  for (const n of waypoints) if (!nodes.has(n)) c.report('REF_DANGLING', 'nodes', { value: n, layer: 'nodes' });
  if (waypoints.length < 2) c.report('CORRIDOR_TOO_SHORT', 'nodes', { count: waypoints.length });
  const color = c.str('color');
  if (color !== null && !/^#[0-9a-fA-F]{6}$/.test(color)) c.report('ENUM_UNKNOWN', 'color', { value: color, allowed: '#rrggbb' });
  const confidence = c.oneOfOr<Confidence>('confidence', CONFIDENCES, 'inferred', 'CONFIDENCE_UNKNOWN');
  const sources: { field: string; key: string }[] = [];
  const src = c.str('source');
  if (src === null) c.report('FIELD_REQUIRED', 'source');
  else sources.push({ field: 'source', key: src });
  if (c.failed) return null;
  return { corridor: { id, name_en: nameEn, name_ru: nameRu, nodes: waypoints, color: color?.toLowerCase() ?? null, sourceId: sourceId(id), confidence }, sources };
}
