import type { Command } from 'commander';
import { planRoute, openNetwork, routesGeoJson, type PlanRouteResult, type RouteOptions } from '../../app/plan-route.ts';
import { rerouteAroundAlerts } from '../../app/alerts-reroute.ts';
import { rerouteText } from './alerts.ts';
import type { Lang } from '../../core/issues.ts';
import { EXIT, action } from '../kit.ts';
import { withKaravan } from '../store.ts';

const T = {
  en: { route: 'Route', legs: ['#', 'mode', 'from', 'to', 'country', 'km', 'hours', 'USD', 'CO2 kg'], border: 'Border crossings', gauge: 'Gauge changes', trans: 'Transshipments', days: 'd', risk: 'risk', per: 'per', none: 'none', dwell: 'wait', unreachable: 'No route' },
  ru: { route: 'Маршрут', legs: ['№', 'вид', 'откуда', 'куда', 'страна', 'км', 'часы', 'USD', 'CO2 кг'], border: 'Погранпереходы', gauge: 'Смены колеи', trans: 'Перегрузки', days: 'сут', risk: 'риск', per: 'за', none: 'нет', dwell: 'простой', unreachable: 'Маршрута нет' },
};

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const n1 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i >= 5 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd()).join('\n');
}

export function renderRoutes(r: PlanRouteResult, lang: Lang): string {
  const t = T[lang];
  const out: string[] = [];
  if (r.unreachable) out.push(`${t.unreachable}: ${r.unreachable.message} [${r.unreachable.reason}]`);
  r.routes.forEach((route, i) => {
    const s = route.totals;
    out.push(`${t.route} ${i + 1}: ${n0(s.km)} km · ${n1(s.hours)} h (${n1(s.hours / 24)} ${t.days}) · USD ${n0(s.usd)} ${t.per} ${r.profile.unit} · CO2 ${n0(s.co2Kg)} kg · ${t.risk} ${n1(s.risk)}`);
    const rows = [t.legs, ...route.legs.map((l, j) => [
      String(j + 1), l.mode === 'rail' && l.gaugeMm ? `rail ${l.gaugeMm}` : l.mode, l.fromName, l.toName, l.country, n0(l.km), n1(l.hours), n0(l.usd), n0(l.co2Kg),
    ])];
    out.push(table(rows));
    const bc = route.borderCrossings.map((b) => `${b.name ?? `${b.fromNode} → ${b.toNode}`} (${b.fromCountry}→${b.toCountry}, ${t.dwell} ${n1(b.dwellHours)} h)`);
    out.push(`${t.border}: ${bc.length ? bc.join('; ') : t.none}`);
    const gc = route.gaugeChanges.map((g) => `${g.name} ${g.fromGaugeMm}→${g.toGaugeMm} (${n1(g.hours)} h, USD ${n0(g.usd)})`);
    out.push(`${t.gauge}: ${gc.length ? gc.join('; ') : t.none}`);
    const ts = route.transshipments.map((x) => `${x.name} ${x.from}→${x.to} (${n1(x.hours)} h, USD ${n0(x.usd)})`);
    out.push(`${t.trans}: ${ts.length ? ts.join('; ') : t.none}`);
    out.push('');
  });
  return out.join('\n').trimEnd();
}

export function register(program: Command): void {
  program
    .command('route')
    .description('freight routes between two places: legs, borders, gauge changes, USD, hours, CO2, risk')
    .argument('<from>', 'place name (en/ru), UN/LOCODE, node id, or lon,lat')
    .argument('<to>', 'place name (en/ru), UN/LOCODE, node id, or lon,lat')
    .option('--via <place>', 'pass through this place (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--modes <list>', 'allowed modes: rail,road,ferry (default all)')
    .option('--profile <id>', 'costing profile in data/profiles: container (per TEU) or bulk (per tonne)', 'container')
    .option('--weights <list>', 'weighted objective, e.g. usd=1,hours=0.2,co2Kg=0,risk=0 (default: the profile\'s)')
    .option('--avoid-countries <list>', 'ISO codes of countries not to enter, e.g. RU,IR')
    .option('--max-transshipments <n>', 'at most N transshipments (mode or gauge changes)')
    .option('--year <yyyy>', 'the network as of this year: projects opened by then are used, lines closed by then are not')
    .option('--closed <links>', 'link ids to treat as closed (comma-separated)')
    .option('--alternatives <k>', 'up to K meaningfully different routes', '3')
    .option('--pareto', 'the Pareto set over usd, hours, co2Kg and risk instead of one objective')
    .option('--geojson', 'print the routes as GeoJSON (one feature per leg)')
    .option('--with-alerts', 'route around the hazard alerts active now (closures, delays at borders and along links, risk) and say which alert changed the route and by how much')
    .action(action(async (ctx, from: string, to: string, o: Record<string, unknown>) => {
      return withKaravan(ctx, async (db) => {
        const ro: RouteOptions = {
          from, to, via: o.via as string[], modes: o.modes as string | undefined, profile: o.profile as string, weights: o.weights as string | undefined,
          avoidCountries: o.avoidCountries as string | undefined, maxTransshipments: o.maxTransshipments as string | undefined, year: o.year as string | undefined,
          alternatives: o.alternatives as string, pareto: Boolean(o.pareto), closed: o.closed as string | undefined,
        };
        if (o.withAlerts) {
          const rr = await rerouteAroundAlerts(db, ro, 'cli', ctx.lang);
          if (o.geojson) ctx.out(JSON.stringify(routesGeoJson(await openNetwork(db), rr.withAlerts)));
          else if (ctx.json) ctx.out(JSON.stringify({ ...rr.withAlerts, alerts: { changedBy: rr.changedBy, delta: rr.delta, withoutAlerts: rr.baseline.routes[0]?.totals ?? null } }));
          else ctx.out(`${renderRoutes(rr.withAlerts, ctx.lang)}\n\n${rerouteText(rr, ctx.lang)}`);
          return rr.withAlerts.unreachable ? EXIT.DATA : EXIT.OK;
        }
        const r = await planRoute(db, ro, 'cli', ctx.lang);
        if (o.geojson) ctx.out(JSON.stringify(routesGeoJson(await openNetwork(db), r)));
        else if (ctx.json) ctx.out(JSON.stringify(r));
        else {
          for (const w of r.warnings) ctx.err(`karavan: ${ctx.lang === 'ru' ? 'предупреждение' : 'warning'}: ${w.message} [${w.code}]`);
          ctx.out(renderRoutes(r, ctx.lang));
        }
        return r.unreachable ? EXIT.DATA : EXIT.OK;
      });
    }));
}
