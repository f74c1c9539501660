// Small builders shared by the hand-written parts of the API document (openapi.ts and the
// openapi-*.ts modules of each resource), so that every part says a response, a parameter or an
// error answer the same way.
export type Json = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Json, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
export const geojson = (schema: Json, description = 'OK') => ({ description, content: { 'application/geo+json': { schema } } });
export const nullable = (t: string) => ({ type: [t, 'null'] });
export const arrayOf = (items: Json) => ({ type: 'array', items });
export const str = { type: 'string' };
export const num = { type: 'number' };
export const int = { type: 'integer' };
export const bool = { type: 'boolean' };
/** An object whose every named property is required. */
export const obj = (properties: Record<string, Json>, optional: string[] = []): Json =>
  ({ type: 'object', required: Object.keys(properties).filter((k) => !optional.includes(k)), properties });
/** A map from ids to values of one schema (JSON objects keyed by link, crossing or alert id). */
export const mapOf = (values: Json) => ({ type: 'object', additionalProperties: values });

export const q = (name: string, description: string, schema: Json, required = false) => ({ name, in: 'query', required, description, schema });
export const p = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

/** An error answer: `{ code, message, field, value, limit, … }` (src/serve/errors.ts). */
export const errorAnswer = (description: string) => json(ref('Error'), description);
export const errors = {
  400: errorAnswer('Bad request (code, message in the Accept-Language language, field, value, limit)'),
  404: errorAnswer('Not found'),
};
/** What Fastify refuses before a handler runs, for a JSON body (src/serve/errors.ts maps both to BODY_INVALID). */
export const bodyRefused = {
  413: errorAnswer('The body is larger than the server\'s limit (BODY_INVALID)'),
  415: errorAnswer('The body\'s content type is not JSON (BODY_INVALID)'),
};
export const unavailable = errorAnswer('No routable network in the store (ROUTE_NO_NETWORK), the search ran past its deadline (ROUTE_TIMEOUT) or its worker failed (ROUTE_WORKER_FAILED)');

export const langParam = q('lang', 'Language of messages and warnings (wins over Accept-Language)', { type: 'string', enum: ['en', 'ru'] });
