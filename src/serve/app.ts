// The HTTP server: one Fastify app over one open store. Resources are registered from their own
// files; errors are mapped in errors.ts. The API document is registered first, so that it sees
// every route registered after it.
import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureCollectionText } from '../core/features.ts';
import { KaravanError } from '../core/issues.ts';
import { MODES, LAYERS, type Layer } from '../core/model.ts';
import { dataVersion, PROJECT_ROOT } from '../app/open.ts';
import { maxImportBytes } from '../ingest/read-files.ts';
import { countLayer, readLayer, type Db } from '../store/index.ts';
import { installErrorHandling, langOf } from './errors.ts';
import { landingPage, registerFeatureRoutes } from './features.ts';
import { installCompression } from './http.ts';
import type { RoutingStatus } from './route.ts';
import { registerOpenApi } from './openapi.ts';
import { registerSourceRoutes } from './sources.ts';
import { registerStaticRoutes } from './static.ts';
import { registerTileRoutes, snapshotLoader } from './tiles.ts';

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

export interface ServerOptions {
  db: Db;
  logger?: boolean;
  /** Allowed CORS origin ('*' by default; KARAVAN_CORS_ORIGIN). */
  corsOrigin?: string;
}

export const LIMITS = { featuresPerPage: 10000, maxBodyBytes: 1024 * 1024 };

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { db } = opts;
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: LIMITS.maxBodyBytes });
  installErrorHandling(app);
  registerOpenApi(app, pkg.version);
  installCompression(app);
  const cors = opts.corsOrigin ?? process.env.KARAVAN_CORS_ORIGIN ?? '*';
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('access-control-allow-origin', cors);
    return payload;
  });

  app.get('/health', async () => ({ status: 'ok' }));

  let routing: (() => Promise<RoutingStatus>) | undefined;
  app.get('/status', async () => {
    const counts: Record<string, number> = {};
    for (const l of LAYERS) counts[l] = await countLayer(db, l);
    return {
      version: pkg.version,
      dataVersion: await dataVersion(db),
      store: { backend: db.backend },
      counts,
      limits: { ...LIMITS, importBytes: maxImportBytes() },
      ...(routing ? { routing: await routing() } : {}),
    };
  });

  // The whole network of one layer as GeoJSON (links filtered by ?mode=).
  app.get<{ Querystring: { layer?: string; mode?: string } }>('/network.geojson', { config: { compress: true } }, async (req, reply) => {
    const layer = (req.query.layer ?? 'links') as Layer;
    if (!LAYERS.includes(layer)) throw new KaravanError('OPTION_INVALID', { option: 'layer', field: 'layer', value: req.query.layer, allowed: LAYERS.join(', ') });
    const mode = req.query.mode;
    if (mode !== undefined && !MODES.includes(mode as never)) throw new KaravanError('OPTION_INVALID', { option: 'mode', field: 'mode', value: mode, allowed: MODES.join(', ') });
    const recs = await readLayer(db, layer, { mode });
    reply.type('application/geo+json');
    return featureCollectionText(layer, recs);
  });

  registerStaticRoutes(app, (req) => landingPage(req, langOf(req)));
  registerFeatureRoutes(app, db, langOf);
  registerSourceRoutes(app);
  (await import('./alerts.ts')).registerAlertRoutes(app, db);
  routing = (await import('./route.ts')).registerRouteRoutes(app, db);
  (await import('./flows.ts')).registerFlowRoutes(app, db);
  registerTileRoutes(app, snapshotLoader(db));
  return app;
}
