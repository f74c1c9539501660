// What every CLI verb shares: global options, output, and the mapping of outcomes to exit codes
// (0 ok, 1 data problems, 2 bad usage, 70 a bug). Verbs live in ./commands/, one file each,
// exporting `register(program)`; main.ts loads them all.
import type { Command } from 'commander';
import { KaravanError, parseLang, type Lang } from '../core/issues.ts';

export const EXIT = { OK: 0, DATA: 1, USAGE: 2, BUG: 70 } as const;

export interface CliContext {
  lang: Lang;
  json: boolean;
  /** True when stdout is a terminal (progress bars, colours); false in pipes and CI. */
  tty: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function contextOf(cmd: Command): CliContext {
  const opts = cmd.optsWithGlobals() as { lang?: string; json?: boolean };
  const lang = opts.lang === undefined ? parseLang(process.env.KARAVAN_LANG) : opts.lang === 'ru' || opts.lang === 'en' ? opts.lang : null;
  if (lang === null) throw new KaravanError('OPTION_INVALID', { option: '--lang', value: opts.lang, allowed: 'en, ru' });
  return {
    lang,
    json: Boolean(opts.json),
    tty: Boolean(process.stdout.isTTY) && process.env.CI !== 'true',
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  };
}

/**
 * Wraps a verb's action: it returns an exit code (or nothing for 0); a KaravanError becomes a
 * one-line message and exit 2; anything else is a bug, reported without a stack trace unless
 * KARAVAN_DEBUG=1.
 */
export function action<A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<number | void> | number | void) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    let ctx: CliContext | undefined;
    try {
      ctx = contextOf(cmd);
      const code = await fn(ctx, ...(args.slice(0, -1) as A));
      process.exitCode = code ?? EXIT.OK;
    } catch (e) {
      const lang = ctx?.lang ?? 'en';
      if (e instanceof KaravanError) {
        if (ctx?.json) process.stdout.write(JSON.stringify({ error: { code: e.code, message: e.render(lang), ...e.params } }) + '\n');
        else process.stderr.write(`karavan: ${e.render(lang)} [${e.code}]\n`);
        process.exitCode = EXIT.USAGE;
      } else {
        const msg = e instanceof Error ? e.message : String(e);
        process.stderr.write(`karavan: internal error: ${msg}\n`);
        if (process.env.KARAVAN_DEBUG === '1' && e instanceof Error) process.stderr.write(`${e.stack}\n`);
        process.exitCode = EXIT.BUG;
      }
    }
  };
}

/** Parses an integer option, or refuses it naming the option and the allowed range. */
export function intOption(option: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new KaravanError('OPTION_INVALID', { option, value, allowed: `an integer ${min}..${max}` });
  return n;
}

export function numberOption(option: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new KaravanError('OPTION_INVALID', { option, value, allowed: `a number ${min}..${max}` });
  return n;
}
