// The build's account of itself, as plain text for stdout: counts, km against official figures,
// lookups, and every issue rendered like a compiler message.
import { renderIssue } from '../../core/issues.ts';
import { MEMBER_STATES } from '../../core/countries.ts';
import type { BuildResult } from './build.ts';
import { largestComponentShares, operatingRail } from '../../core/connectivity.ts';

export interface CountryKm {
  country: string;
  nodes: number;
  railKm: number;
  railOtherKm: number;
  roadKm: number;
  railSections: number;
  roadSections: number;
  officialKm: number | null;
  inLargestShare: number | null;
}

/** Route-km per country: operating rail, rail under construction/planned/proposed/disused, road. */
export function kmByCountry(result: BuildResult): CountryKm[] {
  const rows = new Map<string, CountryKm>();
  const get = (cc: string) => {
    let r = rows.get(cc);
    if (!r) { r = { country: cc, nodes: 0, railKm: 0, railOtherKm: 0, roadKm: 0, railSections: 0, roadSections: 0, officialKm: null, inLargestShare: null }; rows.set(cc, r); }
    return r;
  };
  for (const n of result.records.nodes) get(n.country).nodes++;
  for (const l of result.records.links) {
    if (l.mode === 'rail') {
      const r = get(l.country);
      r.railSections++;
      if (l.status === 'operating') r.railKm += l.lengthKm;
      else r.railOtherKm += l.lengthKm;
    } else if (l.mode === 'road') {
      const r = get(l.country);
      r.roadSections++;
      r.roadKm += l.lengthKm;
    }
  }
  for (const o of result.official) get(o.country).officialKm = o.railKm;
  for (const s of largestComponentShares(result.records.links, operatingRail).shares.values()) get(s.country).inLargestShare = s.share;
  return [...rows.values()].sort((a, b) => (a.country < b.country ? -1 : 1));
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const km = (x: number) => Math.round(x).toLocaleString('en-US');

export function renderReport(result: BuildResult): string {
  const out: string[] = [];
  const { counts } = result;
  out.push('Layers (rows read / accepted / rejected):');
  for (const [k, c] of Object.entries(counts)) out.push(`  ${k.padEnd(10)} ${pad(c.read, 6)} ${pad(c.accepted, 6)} ${pad(c.rejected, 6)}`);
  out.push('', 'Records written: ' + (['nodes', 'links', 'crossings', 'ports', 'corridors', 'projects'] as const).map((l) => `${l} ${result.records[l].length}`).join(', '));
  const ferries = result.records.links.filter((l) => l.mode === 'ferry');
  out.push(`Ferry lines: ${ferries.length}, ${km(ferries.reduce((s, l) => s + l.lengthKm, 0))} km`);

  out.push('', 'Per country (operating rail route-km vs <CC>/official.csv; share of rail km in the largest connected rail component):');
  out.push('  CC  nodes  rail#   rail km  official   ratio  other rail km  road#   road km  in-largest');
  for (const r of kmByCountry(result)) {
    const ratio = r.officialKm ? `${((r.railKm / r.officialKm) * 100).toFixed(0)} %` : '';
    const member = (MEMBER_STATES as readonly string[]).includes(r.country) ? '*' : ' ';
    out.push(`  ${r.country}${member} ${pad(r.nodes, 5)} ${pad(r.railSections, 6)} ${pad(km(r.railKm), 9)} ${pad(r.officialKm ? km(r.officialKm) : '—', 9)} ${pad(ratio, 7)} ${pad(km(r.railOtherKm), 14)} ${pad(r.roadSections, 5)} ${pad(km(r.roadKm), 9)} ${pad(r.inLargestShare === null ? '' : `${(r.inLargestShare * 100).toFixed(1)} %`, 11)}`);
  }
  out.push('  (* member state)');

  const by = (o: string) => result.lookups.filter((l) => l.outcome === o);
  out.push('', `Lookups: ${result.lookups.length} (exact ${by('exact').length}, fuzzy ${by('fuzzy').length}, farther than 60 km ${by('far').length}, failed ${by('failed').length})`);
  for (const src of ['ne', 'locode', 'city'] as const) {
    const l = result.lookups.filter((x) => x.spec.startsWith(`${src}:`));
    if (l.length) out.push(`  ${src.padEnd(7)} ${l.length}: exact ${l.filter((x) => x.outcome === 'exact').length}, fuzzy ${l.filter((x) => x.outcome === 'fuzzy').length}, far ${l.filter((x) => x.outcome === 'far').length}, failed ${l.filter((x) => x.outcome === 'failed').length}`);
  }
  for (const [title, list] of [['Failed lookups', by('failed')], ['Fuzzy matches', by('fuzzy')], ['Lookups farther than 60 km (curator point kept)', by('far')]] as const) {
    if (list.length === 0) continue;
    out.push(`${title}:`);
    for (const l of list) out.push(`  ${l.file}:${l.line} ${l.id} ${l.spec}${l.match ? ` → ${l.match}` : ''}${l.km !== null && l.outcome !== 'failed' ? ` (${l.km} km)` : ''}`);
  }
  if (result.ignoredFiles.length) out.push('', `Ignored (not part of the format): ${result.ignoredFiles.join(', ')}`);

  const errors = result.issues.filter((i) => i.severity === 'error');
  const warnings = result.issues.filter((i) => i.severity === 'warning');
  const byCode = new Map<string, number>();
  for (const i of result.issues) byCode.set(i.code, (byCode.get(i.code) ?? 0) + 1);
  out.push('', `Issues: ${errors.length} errors, ${warnings.length} warnings` + (byCode.size ? ` (${[...byCode].sort().map(([c, n]) => `${c} ${n}`).join(', ')})` : ''));
  for (const i of [...errors, ...warnings]) out.push('  ' + renderIssue(i));
  return out.join('\n') + '\n';
}

/**
 * The per-country coverage table of docs/data.md (between its coverage markers), regenerated by
 * `npm run data:build` so the figures in the docs are the ones the build computes.
 */
export function coverageMarkdown(result: BuildResult): string {
  const src = new Map(result.sources.map((s) => [s.key, s]));
  const conf = new Map<string, Record<string, number>>();
  const stations = new Map<string, number>();
  for (const n of result.records.nodes) {
    if (n.kind === 'station' || n.kind === 'junction' || n.kind === 'border') stations.set(n.country, (stations.get(n.country) ?? 0) + 1);
  }
  for (const l of result.records.links) {
    if (l.mode !== 'rail') continue;
    const c = conf.get(l.country) ?? {};
    c[l.confidence] = (c[l.confidence] ?? 0) + l.lengthKm;
    conf.set(l.country, c);
  }
  const crossings = new Map<string, number>();
  for (const x of result.records.crossings) for (const cc of [x.countryA, x.countryB]) crossings.set(cc, (crossings.get(cc) ?? 0) + 1);
  const lines = [
    '| country | operating rail km | official km (source, year) | ours / official | other rail km (construction, planned, disused) | in largest rail component | road km | stations & junctions | border crossings | rail km by confidence |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of kmByCountry(result)) {
    const off = result.official.find((o) => o.country === r.country);
    const s = off ? src.get(off.source) : undefined;
    const offText = off ? `${km(off.railKm)} (${s ? `${s.publisher}, ${s.title}` : off.source}${off.year ? `, ${off.year}` : ''})` : '—';
    const c = conf.get(r.country) ?? {};
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    const mix = total ? Object.entries(c).sort().map(([k, v]) => `${k} ${((100 * v) / total).toFixed(0)} %`).join(', ') : '—';
    const member = (MEMBER_STATES as readonly string[]).includes(r.country) ? ' *' : '';
    lines.push(`| ${r.country}${member} | ${km(r.railKm)} | ${offText.replace(/\|/g, '/')} | ${r.officialKm ? `${((100 * r.railKm) / r.officialKm).toFixed(0)} %` : '—'} | ${km(r.railOtherKm)} | ${r.inLargestShare === null ? '—' : `${(100 * r.inLargestShare).toFixed(1)} %`} | ${km(r.roadKm)} | ${stations.get(r.country) ?? 0} | ${crossings.get(r.country) ?? 0} | ${mix} |`);
  }
  const t = result.records;
  lines.push('', `\\* CIS member state. Totals: ${t.nodes.length} nodes, ${t.links.length} links (${t.links.filter((l) => l.mode === 'ferry').length} ferry lines), ${t.crossings.length} border crossings, ${t.ports.length} ports, ${t.corridors.length} corridors, ${t.projects.length} projects.`);
  return lines.join('\n');
}

export const COVERAGE_BEGIN = '<!-- coverage:begin (npm run data:build writes this table) -->';
export const COVERAGE_END = '<!-- coverage:end -->';

/** docs/data.md with its coverage section replaced; the text unchanged when it has no markers. */
export function withCoverage(doc: string, table: string): string {
  const a = doc.indexOf(COVERAGE_BEGIN);
  const b = doc.indexOf(COVERAGE_END);
  if (a < 0 || b < a) return doc;
  return `${doc.slice(0, a + COVERAGE_BEGIN.length)}\n${table}\n${doc.slice(b)}`;
}
