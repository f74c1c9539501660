// The URL holds the view: MapLibre keeps `map=zoom/lat/lon` in the hash (its `hash: 'map'`
// option), and we keep the rest beside it (lang, layers, year, rail colouring, selection, route
// query), so a copied link reproduces what the sender saw.
export interface UrlState {
  lang?: string;
  layers?: string[];
  year?: number;
  color?: string;
  sel?: string;
  from?: string;
  to?: string;
  profile?: string;
  avoid?: string;
  via?: string;
  weights?: string;
  modes?: string;
  pareto?: string;
  panel?: string;
}

export function readState(): UrlState {
  const p = new URLSearchParams(location.hash.slice(1));
  const num = (k: string) => (p.has(k) && Number.isFinite(Number(p.get(k))) ? Number(p.get(k)) : undefined);
  const str = (k: string) => p.get(k) ?? undefined;
  return {
    lang: str('lang'), layers: p.has('layers') ? (p.get('layers') ?? '').split(',').filter(Boolean) : undefined, year: num('year'),
    color: str('color'), sel: str('sel'), from: str('from'), to: str('to'), profile: str('profile'), avoid: str('avoid'), panel: str('panel'),
    via: str('via'), weights: str('weights'), modes: str('modes'), pareto: str('pareto'),
  };
}

/** Merges into the hash without touching MapLibre's `map` entry or adding history entries. */
export function writeState(patch: UrlState): void {
  const p = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '' || v === null) p.delete(k);
    else p.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const hash = p.toString().replace(/%2F/g, '/').replace(/%2C/g, ',');
  history.replaceState(history.state, '', `${location.pathname}${location.search}#${hash}`);
}
