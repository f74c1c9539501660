import type { Command } from 'commander';
import { validateFiles } from '../../app/import-dataset.ts';
import { hasErrors } from '../../core/issues.ts';
import { openKaravan } from '../../app/open.ts';
import { LAYERS } from '../../core/model.ts';
import { action, EXIT } from '../kit.ts';
import { countsLine, issueJson, printIssues } from '../render.ts';
import { countryOption, layerOption } from './import.ts';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check files as import would, without writing anything')
    .argument('<files...>', 'files or folders')
    .option('--layer <layer>', `force the layer of CSV/GeoJSON inputs (${LAYERS.join(', ')})`)
    .option('--country <cc>', 'ISO country code for the features of an OSM extract')
    .option('--no-store', 'check the files alone: references must resolve within them')
    .action(action(async (ctx, files: string[], opts: { layer?: string; country?: string; store: boolean }) => {
      const layer = layerOption(opts.layer);
      const osmCountry = countryOption(opts.country);
      // references may point at what the store holds, but validating must not write (no seeding)
      const db = opts.store ? await openKaravan({ seed: false }) : null;
      try {
        const r = await validateFiles(db, files, { layer, osmCountry });
        const ok = !hasErrors(r.issues);
        if (ctx.json) ctx.out(JSON.stringify({ ok, read: r.read, accepted: r.accepted, rejected: r.rejected, issues: r.issues.map((i) => issueJson(i, ctx.lang)) }));
        else {
          printIssues(r.issues, ctx.lang, ctx.out);
          ctx.out(countsLine(ctx.lang, r));
        }
        return ok ? EXIT.OK : EXIT.DATA;
      } finally {
        await db?.close();
      }
    }));
}
