// Plain connectivity over Link records (build-time checks and tests; routing has its own graph).
import type { Link } from './model.ts';

export type LinkFilter = (l: Link) => boolean;

/** Adjacency lists (both directions) of the links that pass `keep`. */
export function adjacency(links: readonly Link[], keep: LinkFilter = () => true): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const l = adj.get(a);
    if (l) l.push(b);
    else adj.set(a, [b]);
  };
  for (const l of links) {
    if (!keep(l)) continue;
    add(l.from, l.to);
    add(l.to, l.from);
  }
  return adj;
}

/** Breadth-first walk: the path of node ids from → to, or null when there is none. */
export function findPath(adj: ReadonlyMap<string, readonly string[]>, from: string, to: string): string[] | null {
  if (from === to) return [from];
  const prev = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head];
    for (const v of adj.get(u) ?? []) {
      if (prev.has(v)) continue;
      prev.set(v, u);
      if (v === to) {
        const path = [to];
        for (let x = to; x !== from;) { x = prev.get(x)!; path.push(x); }
        return path.reverse();
      }
      queue.push(v);
    }
  }
  return null;
}

/** Component label of every node touched by a kept link (labels are the smallest node id in the component). */
export function components(links: readonly Link[], keep: LinkFilter = () => true): Map<string, string> {
  const adj = adjacency(links, keep);
  const label = new Map<string, string>();
  for (const start of [...adj.keys()].sort()) {
    if (label.has(start)) continue;
    label.set(start, start);
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      for (const v of adj.get(queue[head]) ?? []) {
        if (!label.has(v)) { label.set(v, start); queue.push(v); }
      }
    }
  }
  return label;
}

export interface ComponentShare {
  country: string;
  totalKm: number;
  inLargestKm: number;
  share: number;
}

/**
 * The component with the most kilometres of kept links (all countries together, so a country
 * may reach it through a neighbour), and each country's share of its own km inside it.
 */
export function largestComponentShares(links: readonly Link[], keep: LinkFilter): { largest: string | null; shares: Map<string, ComponentShare>; components: number; largestKm: number; totalKm: number } {
  const label = components(links, keep);
  const kmByComp = new Map<string, number>();
  for (const l of links) if (keep(l)) kmByComp.set(label.get(l.from)!, (kmByComp.get(label.get(l.from)!) ?? 0) + l.lengthKm);
  let largest: string | null = null;
  for (const [c, km] of [...kmByComp].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (largest === null || km > kmByComp.get(largest)!) largest = c;
  const shares = new Map<string, ComponentShare>();
  for (const l of links) {
    if (!keep(l)) continue;
    const s = shares.get(l.country) ?? { country: l.country, totalKm: 0, inLargestKm: 0, share: 0 };
    s.totalKm += l.lengthKm;
    if (label.get(l.from) === largest) s.inLargestKm += l.lengthKm;
    shares.set(l.country, s);
  }
  for (const s of shares.values()) s.share = s.totalKm > 0 ? s.inLargestKm / s.totalKm : 0;
  const totalKm = [...kmByComp.values()].reduce((a, b) => a + b, 0);
  return { largest, shares, components: kmByComp.size, largestKm: largest === null ? 0 : kmByComp.get(largest)!, totalKm };
}

/** Links that carry traffic now or will (everything but disused). */
export const notDisused: LinkFilter = (l) => l.status !== 'disused';
export const operatingRail: LinkFilter = (l) => l.mode === 'rail' && l.status === 'operating';
