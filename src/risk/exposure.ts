// From the raw spatial hits of an alert (links with the fraction inside, nodes, ports, crossings;
// the store computes them with PostGIS) to its impact: network length affected per mode and
// country, and the corridors and projects touched through those features.
import { round } from '../core/geo.ts';

export interface LinkHit {
  id: string;
  mode: string;
  country: string;
  lengthKm: number;
  /** Share of the link's geometry inside the alert's areas, 0..1. */
  fraction: number;
  from: string;
  to: string;
}

export interface Hits {
  links: LinkHit[];
  nodes: { id: string; kind: string; country: string }[];
  ports: { id: string; country: string; sea: string }[];
  crossings: { id: string; countryA: string; countryB: string }[];
}

export interface CorridorDef {
  id: string;
  /** Ordered waypoints; the corridor follows the network between them. */
  nodes: readonly string[];
}

export interface ProjectDef {
  id: string;
  changes: readonly Record<string, unknown>[];
}

export interface Impact {
  links: { id: string; mode: string; country: string; lengthKm: number; affectedKm: number }[];
  nodes: string[];
  ports: string[];
  crossings: string[];
  corridors: string[];
  projects: string[];
  affectedKm: number;
  kmByMode: Record<string, number>;
  kmByCountry: Record<string, number>;
  kmByModeCountry: { mode: string; country: string; km: number }[];
}

/**
 * A corridor is touched when one of its waypoints is, or when a touched link joins two
 * consecutive waypoints. (Between waypoints that are not adjacent on the network the corridor's
 * exact path is a routing question; those stretches are not checked.)
 */
export function touchedCorridors(corridors: readonly CorridorDef[], nodeIds: ReadonlySet<string>, links: readonly LinkHit[]): string[] {
  const pairs = new Set(links.flatMap((l) => [`${l.from}\u0000${l.to}`, `${l.to}\u0000${l.from}`]));
  const out: string[] = [];
  for (const c of corridors) {
    let hit = c.nodes.some((n) => nodeIds.has(n));
    for (let i = 1; !hit && i < c.nodes.length; i++) hit = pairs.has(`${c.nodes[i - 1]}\u0000${c.nodes[i]}`);
    if (hit) out.push(c.id);
  }
  return out;
}

/** A project is touched when a link, crossing or port its changes name is touched. */
export function touchedProjects(projects: readonly ProjectDef[], linkIds: ReadonlySet<string>, crossingIds: ReadonlySet<string>, portIds: ReadonlySet<string>): string[] {
  return projects
    .filter((p) => p.changes.some((ch) => (typeof ch.link === 'string' && linkIds.has(ch.link)) || (typeof ch.crossing === 'string' && crossingIds.has(ch.crossing)) || (typeof ch.port === 'string' && portIds.has(ch.port))))
    .map((p) => p.id);
}

export function impactOf(h: Hits, corridors: readonly CorridorDef[], projects: readonly ProjectDef[]): Impact {
  const kmByMode: Record<string, number> = {};
  const kmByCountry: Record<string, number> = {};
  const mc = new Map<string, { mode: string; country: string; km: number }>();
  let total = 0;
  const links = h.links.map((l) => {
    const km = l.lengthKm * l.fraction;
    total += km;
    kmByMode[l.mode] = (kmByMode[l.mode] ?? 0) + km;
    kmByCountry[l.country] = (kmByCountry[l.country] ?? 0) + km;
    const key = `${l.mode} ${l.country}`;
    const e = mc.get(key) ?? { mode: l.mode, country: l.country, km: 0 };
    e.km += km;
    mc.set(key, e);
    return { id: l.id, mode: l.mode, country: l.country, lengthKm: l.lengthKm, affectedKm: round(km, 3) };
  });
  const r3 = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, round(v, 3)]));
  const nodeIds = new Set(h.nodes.map((n) => n.id));
  const linkIds = new Set(h.links.map((l) => l.id));
  const crossingIds = new Set(h.crossings.map((c) => c.id));
  const portIds = new Set(h.ports.map((p) => p.id));
  return {
    links,
    nodes: [...nodeIds].sort(),
    ports: [...portIds].sort(),
    crossings: [...crossingIds].sort(),
    corridors: touchedCorridors(corridors, nodeIds, h.links),
    projects: touchedProjects(projects, linkIds, crossingIds, portIds),
    affectedKm: round(total, 3),
    kmByMode: r3(kmByMode),
    kmByCountry: r3(kmByCountry),
    kmByModeCountry: [...mc.values()].sort((a, b) => a.mode.localeCompare(b.mode) || a.country.localeCompare(b.country)).map((e) => ({ ...e, km: round(e.km, 3) })),
  };
}
