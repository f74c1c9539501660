// The web app's files: the esbuild output (.karavan/web) under /app/, MapLibre's worker and CSS
// under /vendor/ (MapLibre 6 starts its worker from a separate module file), and the landing page
// `/`, which is the app for a browser and the OGC landing document for everyone else.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROJECT_ROOT } from '../app/open.ts';
import { KaravanError } from '../core/issues.ts';
import { wantsHtml } from './http.ts';
import { WEB_OUT } from './web-build.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
};

const VENDOR: Record<string, string> = {
  'maplibre-gl-worker.mjs': 'node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs',
  'maplibre-gl.css': 'node_modules/maplibre-gl/dist/maplibre-gl.css',
};

function notFound(path: string): KaravanError {
  return new KaravanError('NOT_FOUND', { what: 'file', what_ru: 'файл', field: 'path', value: path }, 404);
}

function sendFile(req: FastifyRequest, reply: FastifyReply, file: string, shown: string) {
  if (!existsSync(file) || !statSync(file).isFile()) throw notFound(shown);
  const st = statSync(file);
  const etag = `"${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`;
  reply.header('etag', etag);
  reply.header('cache-control', 'no-cache');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  reply.type(TYPES[extname(file)] ?? 'application/octet-stream');
  return reply.send(readFileSync(file));
}

export function webAppMissingPage(): string {
  return '<!doctype html><meta charset="utf-8"><title>Karavan</title><p>The web app is not built yet: run <code>npm start</code> (it builds it) or <code>npm run web:build</code>. The API is available: <a href="/api">/api</a>.</p>';
}

export function registerStaticRoutes(app: FastifyInstance, landingJson: (req: FastifyRequest) => unknown): void {
  app.get('/', { config: { compress: true } }, async (req, reply) => {
    reply.header('vary', 'accept');
    if (!wantsHtml(req)) return landingJson(req);
    const index = join(WEB_OUT, 'index.html');
    reply.type('text/html; charset=utf-8');
    return existsSync(index) ? readFileSync(index, 'utf8') : webAppMissingPage();
  });

  app.get<{ Params: { '*': string } }>('/app/*', { config: { compress: true } }, async (req, reply) => {
    const rel = normalize(req.params['*']).replace(/^(\.\.[/\\])+/, '');
    if (rel.includes('..')) throw notFound(req.params['*']);
    return sendFile(req, reply, join(WEB_OUT, rel), `/app/${rel}`);
  });

  app.get<{ Params: { file: string } }>('/vendor/:file', { config: { compress: true } }, async (req, reply) => {
    const rel = VENDOR[req.params.file];
    if (!rel) throw notFound(`/vendor/${req.params.file}`);
    return sendFile(req, reply, join(PROJECT_ROOT, rel), `/vendor/${req.params.file}`);
  });
}
