// What a feature's `sourceId` stands for — the curated row it was built
// from and the publications that row cites (publisher, title, year, URL, licence), so the map's
// attribute panel (GET /sources/{sourceId}) can show a citation instead of an id.
// The store keeps only the sourceId (`source@version#file:row`); the citations live in the curated
// tree (data/curated/**/sources.csv and the row's *source columns), which does not change while the
// server runs, so it is read once, on the first request, with the curated build's own CSV reader.
// Ids of other sources (a user's import) resolve to their parts with no citation.
import { join } from 'node:path';
import { PROJECT_ROOT } from './open.ts';
import { parseSourceId } from '../core/model.ts';
import { readCuratedTree, SOURCE_NAME } from '../ingest/curated/index.ts';
import { parseCsv } from '../ingest/curated/csv.ts';
import { rowsOf } from '../ingest/curated/fields.ts';
import { readSource, type SourceEntry } from '../ingest/curated/sources.ts';

/** The source name of the bundled curated tree (ids `karavan-curated@…`). */
export const CURATED_SOURCE = SOURCE_NAME;

/** A publication as sources.csv gives it, and the column of the row that cites it (`source`, `length_source`, `dwell_source`, `draft_source`). */
export type Citation = { field: string } & Omit<SourceEntry, 'file' | 'line'>;

export interface SourceInfo {
  id: string;
  source: string;
  version: string;
  feature: string;
  /** data/curated/… file and line of the row, when the source is the bundled curated tree. */
  file: string | null;
  line: number | null;
  citations: Citation[];
  /** The curator's note on the row, and for a node how its coordinates were found (`lookup`). */
  note: string | null;
  lookup: string | null;
}

interface RowInfo { file: string; line: number; cites: { field: string; key: string }[]; note: string | null; lookup: string | null }
interface CuratedIndex { rows: Map<string, RowInfo>; sources: Map<string, Omit<Citation, 'field'>> }

const CURATED_DIR = 'data/curated';
let index: CuratedIndex | null = null;

/** `KZ/rail.csv:rail:A:B`-style feature keys → their row; source keys → their publication. */
function buildIndex(root: string): CuratedIndex {
  const rows = new Map<string, RowInfo>();
  const sources = new Map<string, Omit<Citation, 'field'>>();
  for (const f of readCuratedTree(join(root, CURATED_DIR))) {
    const { table } = parseCsv(f.text, `${CURATED_DIR}/${f.path}`);
    if (!table) continue;
    const base = f.path.slice(f.path.lastIndexOf('/') + 1);
    const citeCols = table.header.filter((h) => h === 'source' || h.endsWith('_source'));
    for (const row of rowsOf(table)) {
      if (base === 'sources.csv') {
        // The build's own reader (it refused any bad row before the bundle was written).
        const src = readSource(row, null, []);
        if (src) { const { file: _file, line: _line, ...publication } = src; sources.set(src.key, publication); }
        continue;
      }
      // sections have no id column: the link id is mode:from:to (src/ingest/curated/sections.ts)
      const mode = base === 'rail.csv' ? 'rail' : base === 'road.csv' ? 'road' : null;
      const id = mode ? `${mode}:${row.get('from')}:${row.get('to')}` : row.get('id');
      if (!id) continue;
      const cites = citeCols.flatMap((field) => row.get(field).split(/[;|]/).map((k) => k.trim()).filter(Boolean).map((key) => ({ field, key })));
      rows.set(`${f.path}:${id}`, { file: `${CURATED_DIR}/${f.path}`, line: row.line, cites, note: row.get('note') || null, lookup: row.get('lookup') || null });
    }
  }
  return { rows, sources };
}

export function resolveSource(sourceId: string, root = PROJECT_ROOT): SourceInfo {
  const { source, version, feature } = parseSourceId(sourceId as never);
  const out: SourceInfo = { id: sourceId, source, version, feature, file: null, line: null, citations: [], note: null, lookup: null };
  if (source !== SOURCE_NAME) return out;
  index ??= buildIndex(root);
  const row = index.rows.get(feature);
  if (!row) return out;
  const citations = row.cites.flatMap(({ field, key }) => {
    const s = index!.sources.get(key);
    return s ? [{ field, ...s }] : [];
  });
  return { ...out, file: row.file, line: row.line, citations, note: row.note, lookup: row.lookup };
}
