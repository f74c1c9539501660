import type { Command } from 'commander';
import { importDataset } from '../../app/import-dataset.ts';
import { KaravanError } from '../../core/issues.ts';
import { LAYERS, type Layer } from '../../core/model.ts';
import { isCountryCode } from '../../core/countries.ts';
import { action, EXIT } from '../kit.ts';
import { progressBar } from '../progress.ts';
import { countsLine, issueJson, printIssues } from '../render.ts';
import { withKaravan } from '../store.ts';

export function layerOption(v: unknown): Layer | undefined {
  if (v === undefined) return undefined;
  if (!LAYERS.includes(v as Layer)) throw new KaravanError('OPTION_INVALID', { option: '--layer', value: v, allowed: LAYERS.join(', ') });
  return v as Layer;
}

export function countryOption(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (!isCountryCode(v)) throw new KaravanError('OPTION_INVALID', { option: '--country', value: v, allowed: 'an ISO 3166-1 alpha-2 code' });
  return v;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('check files (GeoJSON, CSV, OSM .pbf) and write them to the store in one transaction; nothing is written if anything is wrong')
    .argument('<files...>', 'files or folders')
    .option('--layer <layer>', `force the layer of CSV/GeoJSON inputs (${LAYERS.join(', ')})`)
    .option('--country <cc>', 'ISO country code for the features of an OSM extract')
    .option('--verbose', 'print each phase as a line on stderr (for logs, where no progress bar is drawn)')
    .action(action(async (ctx, files: string[], opts: { layer?: string; country?: string; verbose?: boolean }) => {
      const layer = layerOption(opts.layer);
      const osmCountry = countryOption(opts.country);
      const bar = progressBar(ctx, 'import');
      const say = opts.verbose ? ctx.err : () => undefined;
      const r = await withKaravan(ctx, (db) =>
        importDataset(db, files, {
          layer,
          osmCountry,
          onFile: (f, i, n) => { bar.update(i, n, f); say(`reading ${i + 1}/${n} ${f}`); },
          onWrite: (d, t) => { bar.update(d, t, 'writing'); say(`writing ${d}/${t}`); },
        }),
      ).finally(() => bar.stop());
      if (ctx.json) ctx.out(JSON.stringify({ ok: r.ok, read: r.read, accepted: r.accepted, rejected: r.rejected, written: r.written, byLayer: r.byLayer, issues: r.issues.map((i) => issueJson(i, ctx.lang)) }));
      else {
        printIssues(r.issues, ctx.lang, ctx.err);
        if (!r.ok) ctx.err(ctx.lang === 'ru' ? 'импорт отменён: ничего не записано' : 'import refused: nothing was written');
        ctx.out(countsLine(ctx.lang, r));
      }
      return r.ok ? EXIT.OK : EXIT.DATA;
    }));
}
