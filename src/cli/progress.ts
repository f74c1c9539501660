// A progress bar on a terminal; silence in pipes and CI.
import cliProgress from 'cli-progress';
import type { CliContext } from './kit.ts';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function progressBar(ctx: CliContext, title: string): Progress {
  if (!ctx.tty || ctx.json) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ format: `${title} [{bar}] {value}/{total} {label}`, hideCursor: true, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) { bar.start(total, 0, { label }); started = true; }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() { if (started) bar.stop(); },
  };
}
