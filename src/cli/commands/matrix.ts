import type { Command } from 'commander';
import { routeMatrix, type MatrixResult } from '../../app/route-matrix.ts';
import { KaravanError, type Lang } from '../../core/issues.ts';
import { action } from '../kit.ts';
import { withKaravan } from '../store.ts';

const CRIT = ['usd', 'hours', 'km', 'co2Kg', 'risk'] as const;

export function renderMatrix(m: MatrixResult, criterion: (typeof CRIT)[number], lang: Lang): string {
  const head = [lang === 'ru' ? `${criterion}: откуда \\ куда` : `${criterion}: from \\ to`, ...m.destinations.map((d) => d.name)];
  const rows = [head, ...m.origins.map((o, i) => [o.name, ...m.cells[i].map((c) => (c ? Math.round(c[criterion]).toLocaleString('en-US') : '–'))])];
  const w = head.map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join('  ')).join('\n');
}

const list = (v: string) => v.split(';').map((s) => s.trim()).filter(Boolean);

export function register(program: Command): void {
  program
    .command('matrix')
    .description('origin–destination matrix: USD, hours, km, CO2 and risk of the best route per pair')
    .requiredOption('--from <places>', 'origins separated by ";" (names, UN/LOCODEs, node ids, lon,lat)')
    .requiredOption('--to <places>', 'destinations separated by ";"')
    .option('--modes <list>', 'allowed modes: rail,road,ferry')
    .option('--profile <id>', 'costing profile: container or bulk', 'container')
    .option('--weights <list>', 'weighted objective, e.g. usd=1,hours=0.2')
    .option('--avoid-countries <list>', 'ISO codes of countries not to enter')
    .option('--year <yyyy>', 'the network as of this year')
    .option('--max-transshipments <n>', 'at most N transshipments per route (mode or gauge changes)')
    .option('--show <criterion>', `criterion to print in the table: ${CRIT.join(', ')}`, 'usd')
    .action(action(async (ctx, o: Record<string, string | undefined>) => {
      const show = o.show as (typeof CRIT)[number];
      if (!CRIT.includes(show)) {
        throw new KaravanError('OPTION_INVALID', { option: '--show', value: o.show, allowed: CRIT.join(', ') });
      }
      const m = await withKaravan(ctx, (db) => routeMatrix(db, {
        from: list(o.from ?? ''), to: list(o.to ?? ''), modes: o.modes, profile: o.profile, weights: o.weights, avoidCountries: o.avoidCountries, year: o.year, maxTransshipments: o.maxTransshipments,
      }, 'cli', ctx.lang));
      if (ctx.json) ctx.out(JSON.stringify(m));
      else {
        for (const w of m.warnings) ctx.err(`karavan: warning: ${w.message} [${w.code}]`);
        ctx.out(renderMatrix(m, show, ctx.lang));
      }
    }));
}
