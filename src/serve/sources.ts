// GET /sources/{sourceId}: the citation behind a feature's sourceId (resolved in app/sources.ts).
import type { FastifyInstance } from 'fastify';
import { CURATED_SOURCE, resolveSource } from '../app/sources.ts';
import { KaravanError } from '../core/issues.ts';

export function registerSourceRoutes(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>('/sources/:id', { config: { compress: true } }, async (req) => {
    const id = req.params.id;
    if (!id || id.length > 500) throw new KaravanError('OPTION_INVALID', { option: 'sourceId', field: 'sourceId', value: id.slice(0, 80), allowed: 'a sourceId of 1..500 characters' });
    const info = resolveSource(id);
    // an id of the curated tree that names no row is a wrong id, not an uncited feature
    if (info.source === CURATED_SOURCE && info.file === null) {
      throw new KaravanError('NOT_FOUND', { what: 'source', what_ru: 'источник', field: 'sourceId', value: id }, 404);
    }
    return info;
  });
}
