// The karavan CLI: global options here, one file per verb in ./commands/.
import { Command } from 'commander';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string };

const program = new Command('karavan')
  .description('Karavan: the transport and logistics map of the CIS and its Eurasian corridors')
  .version(pkg.version)
  .option('--lang <lang>', 'language of messages: en or ru (default: KARAVAN_LANG or en)')
  .option('--json', 'machine-readable output')
  .showHelpAfterError()
  .configureOutput({ outputError: (s, write) => write(s) })
  .exitOverride((err) => {
    // commander's own usage errors (unknown option, missing argument) are bad usage: exit 2
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

const verbs = readdirSync(join(here, 'commands')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
for (const file of verbs) {
  const mod = (await import(join(here, 'commands', file))) as { register?: (p: Command) => void };
  mod.register?.(program);
}

await program.parseAsync(process.argv);
