// Errors → HTTP: a KaravanError is the client's problem (4xx, JSON, in the client's language);
// anything else is ours (500 with a request id), and the server keeps serving.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KaravanError, renderMessage, type Lang } from '../core/issues.ts';

export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'ru' || q === 'en') return q;
  const h = String(req.headers['accept-language'] ?? '').toLowerCase();
  const ru = h.indexOf('ru'), en = h.indexOf('en');
  return ru >= 0 && (en < 0 || ru < en) ? 'ru' : 'en';
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const lang = langOf(req);
    if (err instanceof KaravanError) {
      const { field, value, limit, option, ...params } = err.params as Record<string, unknown>;
      // the other parameters travel too (allowed, what …), except the Russian template helpers
      const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !k.endsWith('_ru')));
      return reply.status(err.httpStatus).send({ code: err.code, message: err.render(lang), field: field ?? option ?? null, value: value ?? null, limit: limit ?? null, ...rest });
    }
    const e = err as { statusCode?: number; code?: string; message: string; validation?: unknown };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // fastify's own: unparseable JSON, body too large, schema validation
      const reason = e.message;
      return reply.status(e.statusCode).send({ code: 'BODY_INVALID', message: renderMessage('BODY_INVALID', { reason }, lang), field: null, value: null, limit: null });
    }
    req.log.error({ err }, 'internal error');
    return reply.status(500).send({ code: 'INTERNAL', message: renderMessage('INTERNAL', { requestId: req.id }, lang), requestId: req.id });
  });
  app.setNotFoundHandler((req, reply) => {
    const lang = langOf(req);
    reply.status(404).send({ code: 'NOT_FOUND', message: renderMessage('NOT_FOUND', { what: 'path', what_ru: 'путь', value: req.url }, lang), field: null, value: req.url, limit: null });
  });
}
