import type { Command } from 'commander';
import { writeFileSync, renameSync } from 'node:fs';
import { exportLayer } from '../../app/export-dataset.ts';
import { KaravanError } from '../../core/issues.ts';
import { LAYERS, MODES, type Layer } from '../../core/model.ts';
import { action } from '../kit.ts';
import { withKaravan } from '../store.ts';
import { layerOption, countryOption } from './import.ts';

export function register(program: Command): void {
  program
    .command('export')
    .description('write a layer of the network as GeoJSON or CSV')
    .option('--mode <mode>', `links of one mode (${MODES.join(', ')})`)
    .option('--layer <layer>', `a layer (${LAYERS.join(', ')}); default links`)
    .option('--format <format>', 'geojson or csv', 'geojson')
    .option('--country <cc>', 'only this country')
    .option('--output <file>', 'write here instead of stdout')
    .action(action(async (ctx, opts: { mode?: string; layer?: string; format: string; country?: string; output?: string }) => {
      if (opts.mode !== undefined && !MODES.includes(opts.mode as never)) throw new KaravanError('OPTION_INVALID', { option: '--mode', value: opts.mode, allowed: MODES.join(', ') });
      if (opts.format !== 'geojson' && opts.format !== 'csv') throw new KaravanError('OPTION_INVALID', { option: '--format', value: opts.format, allowed: 'geojson, csv' });
      const layer: Layer = layerOption(opts.layer) ?? 'links';
      if (opts.mode && layer !== 'links') throw new KaravanError('OPTION_INVALID', { option: '--mode', value: opts.mode, allowed: 'only with --layer links' });
      const { text, count } = await withKaravan(ctx, (db) => exportLayer(db, layer, opts.format as 'geojson' | 'csv', { mode: opts.mode, country: countryOption(opts.country) }));
      if (opts.output) {
        // write beside and rename, so a reader never sees half a file
        writeFileSync(`${opts.output}.part`, text);
        renameSync(`${opts.output}.part`, opts.output);
        ctx.err(ctx.lang === 'ru' ? `записано объектов: ${count} → ${opts.output}` : `wrote ${count} features to ${opts.output}`);
      } else process.stdout.write(text);
    }));
}
