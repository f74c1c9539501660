// The curated CSV tree → Records + issues, in one pure pass. Order matters only where one layer
// refers to another: sources and nodes first, then sections and ferries, then crossings and
// ports, then corridors and projects. Output order is by id, so the same files give the same bytes.
import { makeIssue, type Issue } from '../../core/issues.ts';
import { emptyRecords, formatSourceId, type Layer, type Link, type NetNode, type Records } from '../../core/model.ts';
import { parseCsv, type CsvTable } from './csv.ts';
import { checkHeader, rowsOf } from './fields.ts';
import type { Gazetteer } from './gazetteer.ts';
import { NODE_COLUMNS, NODE_REQUIRED, readNode, type NodeLookupNote } from './nodes.ts';
import { RAIL_OPTIONAL, ROAD_OPTIONAL, SECTION_REQUIRED, readSection } from './sections.ts';
import { FERRY_OPTIONAL, FERRY_REQUIRED, readFerry } from './ferries.ts';
import { CROSSING_OPTIONAL, CROSSING_REQUIRED, readCrossing } from './crossings.ts';
import { PORT_OPTIONAL, PORT_REQUIRED, readPort } from './ports.ts';
import { CORRIDOR_OPTIONAL, CORRIDOR_REQUIRED, readCorridor } from './corridors.ts';
import { PROJECT_OPTIONAL, PROJECT_REQUIRED, readProject } from './projects.ts';
import { OFFICIAL_REQUIRED, SOURCE_OPTIONAL, SOURCE_REQUIRED, readOfficial, readSource, type OfficialLength, type SourceEntry } from './sources.ts';
import { adjacency, findPath, notDisused } from '../../core/connectivity.ts';

export const SOURCE_NAME = 'karavan-curated';

export interface CuratedFile {
  /** Path relative to data/curated, with forward slashes: `KZ/rail.csv`, `crossings.csv`. */
  path: string;
  text: string;
}

export interface BuildInput {
  files: readonly CuratedFile[];
  gazetteer: Gazetteer;
  /** Data version written into every sourceId (package.json version). */
  version: string;
  /** Prefix for file names in issues, e.g. `data/curated/`. */
  displayPrefix?: string;
}

export interface LayerCount {
  read: number;
  accepted: number;
  rejected: number;
}

export interface BuildResult {
  records: Records;
  issues: Issue[];
  counts: Record<Layer | 'sources' | 'official', LayerCount>;
  lookups: NodeLookupNote[];
  official: OfficialLength[];
  sources: SourceEntry[];
  /** Line id → the ids of its links, in file order. */
  lines: Map<string, string[]>;
  ignoredFiles: string[];
}

const TOP_FILES = ['crossings.csv', 'ports.csv', 'ferries.csv', 'corridors.csv', 'projects.csv', 'sources.csv'] as const;
const SHARED_LAYER_FILES = ['crossings.csv', 'ports.csv', 'ferries.csv', 'corridors.csv', 'projects.csv'] as const;
const COUNTRY_FILES = ['nodes.csv', 'rail.csv', 'road.csv', 'sources.csv', 'official.csv'] as const;

type Kind = (typeof TOP_FILES)[number] | `cc/${(typeof COUNTRY_FILES)[number]}`;

function classify(path: string): { kind: Kind; country: string | null } | null {
  const parts = path.split('/');
  if (parts.length === 1 && (TOP_FILES as readonly string[]).includes(parts[0])) return { kind: parts[0] as Kind, country: null };
  if (parts.length === 2 && /^[A-Z]{2}$/.test(parts[0]) && (COUNTRY_FILES as readonly string[]).includes(parts[1])) {
    return { kind: `cc/${parts[1]}` as Kind, country: parts[0] };
  }
  // Cross-border layers may also live in a country folder (the country that curates them), so
  // that one country's curator owns its crossings, ports, ferries and plans.
  if (parts.length === 2 && /^[A-Z]{2}$/.test(parts[0]) && (SHARED_LAYER_FILES as readonly string[]).includes(parts[1])) {
    return { kind: parts[1] as Kind, country: parts[0] };
  }
  return null;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function buildCurated(input: BuildInput): BuildResult {
  const prefix = input.displayPrefix ?? '';
  const issues: Issue[] = [];
  const counts = Object.fromEntries(
    ['nodes', 'links', 'crossings', 'ports', 'corridors', 'projects', 'sources', 'official'].map((k) => [k, { read: 0, accepted: 0, rejected: 0 }]),
  ) as BuildResult['counts'];
  const tables = new Map<Kind, { table: CsvTable; country: string | null }[]>();
  const ignoredFiles: string[] = [];
  for (const f of [...input.files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const cls = classify(f.path);
    if (!cls) { if (f.path.endsWith('.csv')) ignoredFiles.push(f.path); continue; }
    const parsed = parseCsv(f.text, prefix + f.path);
    issues.push(...parsed.issues);
    if (!parsed.table) continue;
    const list = tables.get(cls.kind) ?? [];
    list.push({ table: parsed.table, country: cls.country });
    tables.set(cls.kind, list);
  }
  const each = (kind: Kind, required: readonly string[], optional: readonly string[]) => {
    const out: { rows: ReturnType<typeof rowsOf>; country: string | null }[] = [];
    for (const t of tables.get(kind) ?? []) {
      const h = checkHeader(t.table, required, optional);
      issues.push(...h);
      if (h.some((i) => i.severity === 'error')) continue;
      out.push({ rows: rowsOf(t.table), country: t.country });
    }
    return out;
  };
  const sid = (file: string) => (id: string) => formatSourceId(SOURCE_NAME, input.version, `${file.slice(prefix.length)}:${id}`);
  const firstSeen = new Map<string, string>();
  const unique = (layer: string, id: string, file: string, line: number): boolean => {
    const key = `${layer}|${id}`;
    const first = firstSeen.get(key);
    if (first) {
      issues.push(makeIssue('ID_DUPLICATE', { file, line, field: 'id' }, { value: id, layer, first }));
      return false;
    }
    firstSeen.set(key, `${file}:${line}`);
    return true;
  };
  const tally = (layer: keyof BuildResult['counts'], ok: boolean) => {
    counts[layer].read++;
    counts[layer][ok ? 'accepted' : 'rejected']++;
  };
  const sourceRefs: { key: string; file: string; line: number; field: string }[] = [];

  // Sources (top level and per country) and official lengths.
  const sources: SourceEntry[] = [];
  for (const kind of ['sources.csv', 'cc/sources.csv'] as const) {
    for (const { rows, country } of each(kind, SOURCE_REQUIRED, SOURCE_OPTIONAL)) {
      for (const row of rows) {
        const s = readSource(row, country, issues);
        const ok = s !== null && unique('sources', s.key, row.file, row.line);
        tally('sources', ok);
        if (ok) sources.push(s!);
      }
    }
  }
  const official: OfficialLength[] = [];
  for (const { rows } of each('cc/official.csv', OFFICIAL_REQUIRED, ['note'])) {
    for (const row of rows) {
      const o = readOfficial(row, issues);
      tally('official', o !== null);
      if (o) { official.push(o); sourceRefs.push({ key: o.source, file: row.file, line: row.line, field: 'source' }); }
    }
  }

  // Nodes.
  const records = emptyRecords();
  const nodes = new Map<string, NetNode>();
  const lookups: NodeLookupNote[] = [];
  for (const { rows, country } of each('cc/nodes.csv', NODE_REQUIRED, NODE_COLUMNS)) {
    for (const row of rows) {
      const r = readNode(row, country!, input.gazetteer, sid(row.file), issues);
      if (r?.lookup) lookups.push(r.lookup);
      const ok = r !== null && unique('nodes', r.node.id, row.file, row.line);
      tally('nodes', ok);
      if (ok) { nodes.set(r!.node.id, r!.node); records.nodes.push(r!.node); }
    }
  }

  // Rail and road sections, then ferries.
  const lines = new Map<string, Link[]>();
  const addLink = (link: Link, file: string, line: number): boolean => {
    if (!unique('links', link.id, file, line)) return false;
    records.links.push(link);
    return true;
  };
  for (const mode of ['rail', 'road'] as const) {
    for (const { rows, country } of each(`cc/${mode}.csv`, SECTION_REQUIRED, mode === 'rail' ? RAIL_OPTIONAL : ROAD_OPTIONAL)) {
      for (const row of rows) {
        const s = readSection(row, mode, country!, nodes, sid(row.file), issues);
        const ok = s !== null && addLink(s.link, row.file, row.line);
        tally('links', ok);
        if (!ok) continue;
        for (const ref of s!.sources) sourceRefs.push({ ...ref, file: row.file, line: row.line });
        const list = lines.get(s!.line) ?? [];
        list.push(s!.link);
        lines.set(s!.line, list);
      }
    }
  }
  for (const { rows } of each('ferries.csv', FERRY_REQUIRED, FERRY_OPTIONAL)) {
    for (const row of rows) {
      const f = readFerry(row, nodes, sid(row.file), issues);
      const ok = f !== null && addLink(f.link, row.file, row.line);
      tally('links', ok);
      if (ok) for (const ref of f!.sources) sourceRefs.push({ ...ref, file: row.file, line: row.line });
    }
  }

  // Crossings and ports.
  const linked = new Set(records.links.map((l) => `${l.mode}|${l.from}|${l.to}`));
  for (const { rows } of each('crossings.csv', CROSSING_REQUIRED, CROSSING_OPTIONAL)) {
    for (const row of rows) {
      const r = readCrossing(row, nodes, sid(row.file), issues);
      const ok = r !== null && unique('crossings', r.crossing.id, row.file, row.line);
      tally('crossings', ok);
      if (!ok) continue;
      const x = r!.crossing;
      records.crossings.push(x);
      for (const ref of r!.sources) sourceRefs.push({ ...ref, file: row.file, line: row.line });
      for (const mode of x.modes) {
        if (!linked.has(`${mode}|${x.nodeA}|${x.nodeB}`) && !linked.has(`${mode}|${x.nodeB}|${x.nodeA}`)) {
          issues.push(makeIssue('CROSSING_UNLINKED', { file: row.file, line: row.line, field: 'modes' }, { value: x.id, mode, nodeA: x.nodeA, nodeB: x.nodeB }));
        }
      }
    }
  }
  for (const { rows } of each('ports.csv', PORT_REQUIRED, PORT_OPTIONAL)) {
    for (const row of rows) {
      const r = readPort(row, nodes, sid(row.file), issues);
      const ok = r !== null && unique('ports', r.port.id, row.file, row.line);
      tally('ports', ok);
      if (!ok) continue;
      records.ports.push(r!.port);
      for (const ref of r!.sources) sourceRefs.push({ ...ref, file: row.file, line: row.line });
    }
  }

  // Corridors: every consecutive pair of waypoints must be joined on the network.
  const adj = adjacency(records.links, notDisused);
  for (const { rows } of each('corridors.csv', CORRIDOR_REQUIRED, CORRIDOR_OPTIONAL)) {
    for (const row of rows) {
      const r = readCorridor(row, nodes, sid(row.file), issues);
      const ok = r !== null && unique('corridors', r.corridor.id, row.file, row.line);
      tally('corridors', ok);
      if (!ok) continue;
      records.corridors.push(r!.corridor);
      for (const ref of r!.sources) sourceRefs.push({ ...ref, file: row.file, line: row.line });
      const w = r!.corridor.nodes;
      for (let i = 1; i < w.length; i++) {
        if (!findPath(adj, w[i - 1], w[i])) issues.push(makeIssue('CORRIDOR_BROKEN', { file: row.file, line: row.line, field: 'nodes' }, { value: r!.corridor.id, from: w[i - 1], to: w[i] }));
      }
    }
  }

  // Projects.
  const ctx = { lines, crossings: new Set(records.crossings.map((x) => x.id)), ports: new Set(records.ports.map((p) => p.id)) };
  for (const { rows } of each('projects.csv', PROJECT_REQUIRED, PROJECT_OPTIONAL)) {
    for (const row of rows) {
      const r = readProject(row, ctx, sid(row.file), issues);
      const ok = r !== null && unique('projects', r.project.id, row.file, row.line);
      tally('projects', ok);
      if (!ok) continue;
      records.projects.push(r!.project);
      for (const ref of r!.sources) sourceRefs.push({ ...ref, file: row.file, line: row.line });
    }
  }

  // Every cited key must exist in some sources.csv.
  const keys = new Set(sources.map((s) => s.key));
  for (const ref of sourceRefs) {
    if (!keys.has(ref.key)) issues.push(makeIssue('REF_DANGLING', { file: ref.file, line: ref.line, field: ref.field }, { value: ref.key, layer: 'sources' }));
  }

  for (const layer of ['nodes', 'links', 'crossings', 'ports', 'corridors', 'projects'] as const) (records[layer] as { id: string }[]).sort(byId);
  const fileOf = (i: Issue) => i.at.file ?? '';
  issues.sort((a, b) => (fileOf(a) < fileOf(b) ? -1 : fileOf(a) > fileOf(b) ? 1 : (a.at.line ?? 0) - (b.at.line ?? 0)));
  return { records, issues, counts, lookups, official, sources, lines: new Map([...lines].map(([k, v]) => [k, v.map((l) => l.id)])), ignoredFiles };
}
