// Drawn networks for routing tests (ARCHITECTURE.md §5): a tiny ASCII map becomes Records.
//
//   A=====B#####C      nodes: single capital letters, at their column and row
//         |            horizontal:  = rail 1520   # rail 1435   - road   ~ ferry
//         D~~~~E       vertical:    ! rail 1520   : rail 1435   | road   $ ferry
//
// A link's length is its drawn length (characters or rows between the two letters) × cellKm; nodes
// sit on a plain lon/lat grid near the equator at the same scale, so great-circle distances match.
import type { Crossing, Link, LonLat, Mode, NetNode, Project, Records, Status } from '../../src/core/model.ts';
import { emptyRecords } from '../../src/core/model.ts';
import type { Profile } from '../../src/route/profile.ts';

const H: Record<string, { mode: Mode; gaugeMm: 1520 | 1435 | null }> = {
  '=': { mode: 'rail', gaugeMm: 1520 }, '#': { mode: 'rail', gaugeMm: 1435 }, '-': { mode: 'road', gaugeMm: null }, '~': { mode: 'ferry', gaugeMm: null },
};
const VERT: Record<string, { mode: Mode; gaugeMm: 1520 | 1435 | null }> = {
  '!': { mode: 'rail', gaugeMm: 1520 }, ':': { mode: 'rail', gaugeMm: 1435 }, '|': { mode: 'road', gaugeMm: null }, '$': { mode: 'ferry', gaugeMm: null },
};

export interface DrawOptions {
  cellKm?: number;
  /** Per node letter: country (default KZ), names, UN/LOCODE, kind. */
  nodes?: Record<string, Partial<Pick<NetNode, 'country' | 'name_en' | 'name_ru' | 'unlocode' | 'kind'>>>;
  /** Per link "A-B" (as drawn, left→right or top→bottom): attributes to override. */
  links?: Record<string, Partial<Pick<Link, 'status' | 'openingYear' | 'closingYear' | 'speedKmh' | 'frequencyPerWeek' | 'lengthKm' | 'country'>>>;
  /** Border crossings on the link "A-B": dwell hours in the direction A→B and back. */
  crossings?: Record<string, { dwellHoursAB: number | null; dwellHoursBA: number | null; gaugeChange?: boolean; gauges?: [1520 | 1435, 1520 | 1435] }>;
  projects?: Project[];
}

const KM_PER_DEG = 111.32;

export function drawNetwork(picture: string, opts: DrawOptions = {}): Records {
  const cellKm = opts.cellKm ?? 10;
  const rows = picture.split('\n');
  const r: Records = emptyRecords();
  const pos = new Map<string, [number, number]>();
  rows.forEach((line, y) => {
    for (let x = 0; x < line.length; x++) {
      const ch = line[x];
      if (ch >= 'A' && ch <= 'Z') {
        if (pos.has(ch)) throw new Error(`drawNetwork: node ${ch} drawn twice`);
        pos.set(ch, [x, y]);
      }
    }
  });
  const at = (x: number, y: number) => rows[y]?.[x] ?? ' ';
  const lonLat = (x: number, y: number): LonLat => [(x * cellKm) / KM_PER_DEG, (-y * cellKm) / KM_PER_DEG];
  for (const [id, [x, y]] of [...pos].sort()) {
    const o = opts.nodes?.[id] ?? {};
    const [lon, lat] = lonLat(x, y);
    r.nodes.push({
      id, kind: o.kind ?? 'station', country: o.country ?? 'KZ', lon, lat, unlocode: o.unlocode ?? null,
      name_en: o.name_en ?? `Station ${id}`, name_ru: o.name_ru ?? null, name_local: null, sourceId: `drawn#${id}`, confidence: 'surveyed',
    });
  }
  const country = (id: string) => opts.nodes?.[id]?.country ?? 'KZ';
  const addLink = (a: string, b: string, cells: number, kind: { mode: Mode; gaugeMm: 1520 | 1435 | null }) => {
    const key = `${a}-${b}`;
    const o = opts.links?.[key] ?? {};
    const [ax, ay] = pos.get(a)!, [bx, by] = pos.get(b)!;
    r.links.push({
      id: key, mode: kind.mode, from: a, to: b, geometry: [lonLat(ax, ay), lonLat(bx, by)], geometryQuality: 'schematic',
      lengthKm: o.lengthKm ?? cells * cellKm, country: o.country ?? country(a), name_en: null, name_ru: null, gaugeMm: kind.gaugeMm,
      tracks: null, electrified: null, status: (o.status ?? 'operating') as Status, openingYear: o.openingYear ?? null, closingYear: o.closingYear ?? null,
      speedKmh: o.speedKmh ?? null, capacityPerDay: null, capacityTonnesPerYear: null, operator: null,
      frequencyPerWeek: o.frequencyPerWeek ?? null, sourceId: `drawn#${key}`, confidence: 'surveyed',
    });
  };
  for (const [id, [x, y]] of pos) {
    const hk = H[at(x + 1, y)];
    if (hk) {
      let e = x + 1;
      while (at(e, y) === at(x + 1, y)) e++;
      const end = at(e, y);
      if (!(end >= 'A' && end <= 'Z')) throw new Error(`drawNetwork: line from ${id} ends at "${end}" (column ${e}, row ${y})`);
      addLink(id, end, e - x, hk);
    }
    const vk = VERT[at(x, y + 1)];
    if (vk) {
      let e = y + 1;
      while (at(x, e) === at(x, y + 1)) e++;
      const end = at(x, e);
      if (!(end >= 'A' && end <= 'Z')) throw new Error(`drawNetwork: line down from ${id} ends at "${end}" (column ${x}, row ${e})`);
      addLink(id, end, e - y, vk);
    }
  }
  for (const [key, c] of Object.entries(opts.crossings ?? {})) {
    const [a, b] = key.split('-');
    const link = r.links.find((l) => l.id === key);
    if (!link) throw new Error(`drawNetwork: crossing on ${key}, which is not drawn`);
    const [ax, ay] = pos.get(a)!;
    const cr: Crossing = {
      id: `X-${key}`, name_en: `Crossing ${key}`, name_ru: null, name_local: null, countryA: country(a), countryB: country(b), nodeA: a, nodeB: b,
      lon: lonLat(ax, ay)[0], lat: lonLat(ax, ay)[1], modes: [link.mode], gaugeChange: c.gaugeChange ?? false, gaugeA: c.gauges?.[0] ?? null, gaugeB: c.gauges?.[1] ?? null,
      dwellHoursAB: c.dwellHoursAB, dwellHoursBA: c.dwellHoursBA, dwellSource: `drawn dwell ${key}`, openingHours: null, capacityPerDay: null,
      sourceId: `drawn#X-${key}`, confidence: 'surveyed',
    };
    r.crossings.push(cr);
  }
  r.links.sort((p, q) => (p.id < q.id ? -1 : 1));
  r.projects = opts.projects ?? [];
  return r;
}

/** A profile with round figures, so drawn-network tests can assert exact costs by hand. */
export function flatProfile(over: Partial<Profile> = {}): Profile {
  const mode = (tariffUsdPerKm: number, speedKmh: number, co2KgPerTonneKm: number, riskPer1000Km: number) => ({ tariffUsdPerKm, speedKmh, co2KgPerTonneKm, riskPer1000Km, fixedUsdPerLeg: 0 });
  return {
    id: 'flat', name_en: 'flat test profile', name_ru: 'тестовый профиль', unit: 'TEU', tonnesPerUnit: 10,
    modes: { rail: mode(1, 50, 0.02, 1), road: mode(2, 100, 0.08, 2), ferry: mode(1, 25, 0.05, 3) },
    transshipment: { usd: 100, hours: 10, risk: 0.5 },
    gaugeChange: { usd: 50, hours: 5, risk: 0.5 },
    border: { usd: 10, defaultDwellHours: 6, risk: 1 },
    ferryDefaultWaitHours: 20,
    weights: { usd: 1, hours: 0, co2Kg: 0, risk: 0 },
    sources: { gaugeChange: 'test', transshipment: 'test' },
    ...over,
  };
}

/**
 * The drawn network the route HTTP and snapshot tests share:
 *   A=====B#####C      A Almaty-1 (KZ), B Dostyk (KZ, border), C Alashankou (CN, 1435 mm; the
 *         |            crossing B–C has a gauge change and 30 h / 20 h dwell by direction)
 *         D~~~~~E      D Dostyk road terminal, D–E a ferry to a port
 */
export function dostykNetwork(): ReturnType<typeof drawNetwork> {
  return drawNetwork(`
A=====B#####C
      |
      D~~~~~E`, {
    cellKm: 20,
    nodes: {
      A: { name_en: 'Almaty-1', name_ru: 'Алматы-1', unlocode: 'KZALA' },
      B: { name_en: 'Dostyk', name_ru: 'Достык', kind: 'border' },
      C: { name_en: 'Alashankou', name_ru: 'Алашанькоу', country: 'CN' },
      D: { name_en: 'Dostyk Road Terminal' },
      E: { name_en: 'Far Port', kind: 'port' },
    },
    crossings: { 'B-C': { dwellHoursAB: 30, dwellHoursBA: 20, gaugeChange: true } },
  });
}
