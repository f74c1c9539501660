// The network in numbers: per country and mode, and how well the rail network hangs together.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { largestComponentShares, operatingRail } from '../core/connectivity.ts';
import { loadRecords, type Queryable } from '../store/index.ts';
import type { Records } from '../core/model.ts';
import { readOfficialFile } from '../ingest/curated/sources.ts';
import { PROJECT_ROOT } from './open.ts';

export interface CountryStats {
  country: string;
  km: { rail: number; road: number; ferry: number };
  railKmOperating: number;
  railKmOfficial: number | null;
  officialSource: string | null;
  nodes: number;
  stations: number;
  crossings: number;
  ports: number;
  railShareInLargestComponent: number | null;
}

export interface NetworkStats {
  countries: CountryStats[];
  totals: { nodes: number; links: number; crossings: number; ports: number; corridors: number; projects: number };
  projectsByStatus: Record<string, number>;
  rail: { components: number; largestComponentKm: number; totalKm: number };
}

/** Official network lengths published by each country (data/curated/<CC>/official.csv), read as the curated build reads them. */
export function officialLengths(root = PROJECT_ROOT): Map<string, { km: number; source: string }> {
  const out = new Map<string, { km: number; source: string }>();
  const dir = join(root, 'data/curated');
  if (!existsSync(dir)) return out;
  for (const cc of readdirSync(dir).sort()) {
    const f = join(dir, cc, 'official.csv');
    if (!existsSync(f)) continue;
    // The build refuses a bad official.csv, so the bundle never ships one; here a bad row is just left out.
    for (const o of readOfficialFile(readFileSync(f, 'utf8'), f, [])) out.set(o.country, { km: o.railKm, source: o.source });
  }
  return out;
}

export function networkStats(r: Records, official = officialLengths()): NetworkStats {
  const by = new Map<string, CountryStats>();
  const get = (cc: string): CountryStats => {
    let s = by.get(cc);
    if (!s) {
      const o = official.get(cc);
      s = { country: cc, km: { rail: 0, road: 0, ferry: 0 }, railKmOperating: 0, railKmOfficial: o?.km ?? null, officialSource: o?.source ?? null,
        nodes: 0, stations: 0, crossings: 0, ports: 0, railShareInLargestComponent: null };
      by.set(cc, s);
    }
    return s;
  };
  for (const n of r.nodes) {
    const s = get(n.country);
    s.nodes++;
    if (n.kind === 'station' || n.kind === 'border' || n.kind === 'junction') s.stations++;
  }
  for (const l of r.links) get(l.country).km[l.mode] += l.lengthKm;
  for (const c of r.crossings) { get(c.countryA).crossings++; get(c.countryB).crossings++; }
  for (const p of r.ports) get(p.country).ports++;
  const comp = largestComponentShares(r.links, operatingRail);
  for (const share of comp.shares.values()) {
    const s = get(share.country);
    s.railKmOperating = share.totalKm;
    s.railShareInLargestComponent = share.totalKm > 0 ? share.share : null;
  }
  const projectsByStatus: Record<string, number> = {};
  for (const p of r.projects) projectsByStatus[p.status] = (projectsByStatus[p.status] ?? 0) + 1;
  return {
    countries: [...by.values()].sort((a, b) => a.country.localeCompare(b.country)),
    totals: { nodes: r.nodes.length, links: r.links.length, crossings: r.crossings.length, ports: r.ports.length, corridors: r.corridors.length, projects: r.projects.length },
    projectsByStatus,
    rail: { components: comp.components, largestComponentKm: comp.largestKm, totalKm: comp.totalKm },
  };
}

/** The statistics of what a store holds (the `stats` verb and /status read this). */
export async function storeStats(db: Queryable): Promise<NetworkStats> {
  return networkStats(await loadRecords(db));
}
