// ports.csv rows → Port records, placed at their network node.
import { isCountryCode } from '../../core/countries.ts';
import type { Issue } from '../../core/issues.ts';
import { CONFIDENCES, SEAS, type Confidence, type NetNode, type Port } from '../../core/model.ts';
import { Cells, type Row } from './fields.ts';
import { checkPlainId } from './ids.ts';

export const PORT_REQUIRED = ['id', 'node', 'sea', 'name_en', 'country', 'source', 'confidence'] as const;
export const PORT_OPTIONAL = ['name_ru', 'name_local', 'max_draft_m', 'draft_year', 'draft_source', 'berths', 'unlocode', 'note'] as const;

export interface PortRow {
  port: Port;
  sources: { field: string; key: string }[];
}

export function readPort(row: Row, nodes: ReadonlyMap<string, NetNode>, sourceId: (id: string) => string, issues: Issue[]): PortRow | null {
  const c = new Cells(row, issues);
  const id = c.required('id');
  if (id !== '') checkPlainId(c, id);
  const nodeId = c.required('node');
  const node = nodes.get(nodeId);
  if (nodeId !== '' && !node) c.report('REF_DANGLING', 'node', { value: nodeId, layer: 'nodes' });
  const sea = c.oneOf('sea', SEAS);
  if (c.str('sea') === null) c.report('FIELD_REQUIRED', 'sea');
  const nameEn = c.required('name_en');
  const country = c.required('country');
  if (country !== '' && !isCountryCode(country)) c.report('COUNTRY_UNKNOWN', 'country', { value: country });
  const maxDraftM = c.num('max_draft_m', { min: 0.5, max: 30 });
  const draftYear = c.year('draft_year');
  const draftSource = c.str('draft_source');
  if (maxDraftM !== null && draftSource === null) c.report('FIELD_REQUIRED', 'draft_source');
  const berths = c.num('berths', { min: 0, max: 1000, integer: true });
  const unlocode = c.str('unlocode');
  if (unlocode !== null && !/^[A-Z]{2}[A-Z0-9]{3}$/.test(unlocode)) c.report('ENUM_UNKNOWN', 'unlocode', { value: unlocode, allowed: '5-character UN/LOCODE' });
  const confidence = c.oneOfOr<Confidence>('confidence', CONFIDENCES, 'inferred', 'CONFIDENCE_UNKNOWN');
  const sources: { field: string; key: string }[] = [];
  const src = c.str('source');
  if (src === null) c.report('FIELD_REQUIRED', 'source');
  else sources.push({ field: 'source', key: src });
  if (draftSource !== null) sources.push({ field: 'draft_source', key: draftSource });
  if (c.failed || !node || sea === null) return null;
  const port: Port = {
    id,
    node: nodeId,
    sea,
    name_en: nameEn,
    name_ru: c.str('name_ru'),
    name_local: c.str('name_local') ?? node.name_local,
    country,
    lon: node.lon,
    lat: node.lat,
    maxDraftM,
    draftYear,
    draftSource,
    berths,
    unlocode: unlocode ?? node.unlocode,
    sourceId: sourceId(id),
    confidence,
  };
  return { port, sources };
}
