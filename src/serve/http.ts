// Small HTTP habits shared by the resources: the public base URL, content negotiation between the
// web app and JSON, and for the routes that opt in with `config: { compress: true }` (tiles,
// feature pages, documents) an ETag from the body when the route set none, and gzip, so short API
// answers such as a route are never slowed by either.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export function baseUrl(req: FastifyRequest): string {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost';
  const proto = req.headers['x-forwarded-proto'] ?? 'http';
  return `${proto}://${host}`;
}

/**
 * HTML for a browser, JSON for a client: `?f=json|html` decides first, then the Accept header
 * (a browser sends text/html first; QGIS, GDAL and curl send application/json or * / *).
 */
export function wantsHtml(req: FastifyRequest): boolean {
  const f = (req.query as Record<string, unknown> | undefined)?.f;
  if (f === 'json') return false;
  if (f === 'html') return true;
  const accept = String(req.headers.accept ?? '');
  const html = accept.indexOf('text/html');
  if (html < 0) return false;
  const json = accept.search(/application\/(geo\+)?json/);
  return json < 0 || html < json;
}

export const MIN_GZIP_BYTES = 1024;
export const acceptsGzip = (req: FastifyRequest): boolean => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

export function installCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const cfg = req.routeOptions.config as { compress?: boolean } | undefined;
    if (!cfg?.compress || reply.statusCode !== 200 || reply.getHeader('content-encoding')) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : null;
    if (!body) return payload;
    if (!reply.getHeader('etag')) {
      const etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
      reply.header('etag', etag);
      if (req.headers['if-none-match'] === etag) {
        reply.code(304);
        reply.removeHeader('content-type');
        return '';
      }
    }
    // Add to Vary, never replace it: negotiated routes (HTML or JSON by Accept) already set it.
    // Said on every compressible answer, gzipped or not, so a cache never serves gzip to a client that did not ask.
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(vary)) reply.header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
    if (body.length < MIN_GZIP_BYTES || !acceptsGzip(req)) return payload;
    reply.header('content-encoding', 'gzip');
    reply.removeHeader('content-length');
    return gzipSync(body, { level: 6 });
  });
}
