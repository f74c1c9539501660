import { KaravanError } from '../../core/issues.ts';
import type { Command } from 'commander';
import { openKaravan } from '../../app/open.ts';
import { buildServer } from '../../serve/app.ts';
import { ensureWebBuilt } from '../../serve/web-build.ts';
import { action, intOption } from '../kit.ts';

export const DEFAULT_PORT = 8080;

export function register(program: Command): void {
  program
    .command('serve')
    .description(`serve the map and the API (PORT, default ${DEFAULT_PORT}; HOST, default 127.0.0.1)`)
    .option('--port <port>', 'port (default: PORT or 8080)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .action(action(async (ctx, opts: { port?: string; host?: string }) => {
      const port = intOption('--port', opts.port ?? process.env.PORT ?? DEFAULT_PORT, 0, 65535);
      const host = opts.host ?? process.env.HOST ?? '127.0.0.1';
      const t0 = Date.now();
      // the browser app is bundled on first start and whenever src/web changed since the last build
      await ensureWebBuilt(ctx.err);
      ctx.err(ctx.lang === 'ru' ? 'Karavan: открываю базу данных…' : 'Karavan: opening the database…');
      const db = await openKaravan({ log: ctx.err });
      const app = await buildServer({ db });
      try {
        await app.listen({ port, host });
      } catch (e) {
        await app.close().catch(() => undefined);
        await db.close();
        if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new KaravanError('PORT_IN_USE', { host, port });
        throw e;
      }
      const addr = app.server.address();
      const realPort = typeof addr === 'object' && addr ? addr.port : port;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      ctx.out(`Karavan is serving at http://${shown}:${realPort}/  (${db.backend}: ${db.location}; ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      const stop = async () => { await app.close(); await db.close(); process.exit(0); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await new Promise(() => undefined); // serve until stopped
    }));
}
