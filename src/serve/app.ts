// The HTTP server: one Fastify app over one open store. Resources are registered from their own
// files; errors are mapped in errors.ts.
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
import { COLLECTIONS, registerFeatureRoutes } from './features.ts';

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
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: LIMITS.maxBodyBytes, disableRequestLogging: true });
  installErrorHandling(app);
  const cors = opts.corsOrigin ?? process.env.KARAVAN_CORS_ORIGIN ?? '*';
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('access-control-allow-origin', cors);
    return payload;
  });

  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/status', async () => {
    const counts: Record<string, number> = {};
    for (const l of LAYERS) counts[l] = await countLayer(db, l);
    return {
      version: pkg.version,
      dataVersion: await dataVersion(db),
      store: { backend: db.backend },
      counts,
      limits: { ...LIMITS, importBytes: maxImportBytes() },
    };
  });

  // The whole network of one layer as GeoJSON (links filtered by ?mode=).
  app.get<{ Querystring: { layer?: string; mode?: string } }>('/network.geojson', async (req, reply) => {
    const layer = (req.query.layer ?? 'links') as Layer;
    if (!LAYERS.includes(layer)) throw new KaravanError('OPTION_INVALID', { option: 'layer', field: 'layer', value: req.query.layer, allowed: LAYERS.join(', ') });
    const mode = req.query.mode;
    if (mode !== undefined && !MODES.includes(mode as never)) throw new KaravanError('OPTION_INVALID', { option: 'mode', field: 'mode', value: mode, allowed: MODES.join(', ') });
    const recs = await readLayer(db, layer, { mode });
    reply.type('application/geo+json');
    return featureCollectionText(layer, recs);
  });

  app.get('/', async (req) => {
    const host = req.headers.host ?? 'localhost';
    const base = `http://${host}`;
    const lang = langOf(req);
    return {
      title: 'Karavan',
      description: lang === 'ru' ? 'Транспортно-логистическая карта СНГ и евразийских коридоров' : 'The transport and logistics map of the CIS and its Eurasian corridors',
      links: [
        { href: `${base}/`, rel: 'self', type: 'application/json', title: 'This document' },
        { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance' },
        { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
      ],
      collections: COLLECTIONS.map((c) => c.id),
    };
  });

  registerFeatureRoutes(app, db, langOf);
  return app;
}
