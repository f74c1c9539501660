// Use case: an origin–destination matrix over the open store, every criterion per cell.
// Stages: check options → graph (cached per data version) → resolve places → one search per origin.
import { KaravanError, type Lang } from '../core/issues.ts';
import type { Db } from '../store/index.ts';
import { checkOptions, openNetwork, optionName, resolveOnNetwork, warningJson, type OptionStyle, type RouteOptions, type WarningJson } from './plan-route.ts';
import { type Network } from './network.ts';

export const MATRIX_LIMITS = { maxPlaces: 200 };

export interface MatrixOptions extends Omit<RouteOptions, 'from' | 'to' | 'via' | 'pareto' | 'alternatives'> {
  from: string[];
  to: string[];
}

export interface MatrixCell { km: number; hours: number; usd: number; co2Kg: number; risk: number; objective: number }

export interface MatrixResult {
  origins: { input: string; node: string; name: string }[];
  destinations: { input: string; node: string; name: string }[];
  /** cells[i][j]: origin i → destination j, or null when unreachable under the options. */
  cells: (MatrixCell | null)[][];
  warnings: WarningJson[];
  profile: { id: string; unit: string };
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function routeMatrix(db: Db, o: MatrixOptions, style: OptionStyle, lang: Lang = 'en'): Promise<MatrixResult> {
  const opts = checkOptions(o, style);
  const net = await openNetwork(db);
  return matrixOnNetwork(net, o, opts, style, lang);
}

export function matrixOnNetwork(net: Network, o: MatrixOptions, opts: ReturnType<typeof checkOptions>, style: OptionStyle, lang: Lang): MatrixResult {
  for (const [name, list] of [['from', o.from], ['to', o.to]] as const) {
    if (list.length === 0) throw new KaravanError('OPTION_REQUIRED', { option: optionName(name, style), field: name });
    if (list.length > MATRIX_LIMITS.maxPlaces) throw new KaravanError('LIMIT_EXCEEDED', { field: optionName(name, style), value: list.length, limit: MATRIX_LIMITS.maxPlaces });
  }
  const g = net.graph;
  const resolve = (list: string[], name: string) => list.map((p) => ({ input: p, ...resolveOnNetwork(net, p, optionName(name, style)) }));
  const from = resolve(o.from, 'from'), to = resolve(o.to, 'to');
  const cells = net.router.matrix(from.map((x) => x.node), to.map((x) => x.node), opts.profile, opts.weights, opts.overlay, o.signal, opts.maxTransfers)
    .map((row) => row.map((c) => c && { km: r2(c.km), hours: r2(c.hours), usd: r2(c.usd), co2Kg: r2(c.co2Kg), risk: Math.round(c.risk * 1e4) / 1e4, objective: r2(c.objective) }));
  const place = (x: { input: string; node: number }) => ({ input: x.input, node: g.nodeIds[x.node], name: g.nodeNameEn[x.node] });
  return {
    origins: from.map(place), destinations: to.map(place), cells,
    warnings: [...from, ...to].flatMap((x) => x.warnings).map((w) => warningJson(w, lang)),
    profile: { id: opts.profile.id, unit: opts.profile.unit },
  };
}
