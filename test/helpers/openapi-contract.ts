// Checks HTTP answers against the server's own API document (/openapi.json): the status must be
// declared for the operation, the content type too, and a JSON body must validate against the
// schema declared for that status (JSON Schema 2020-12, via ajv; `format` is not checked, as ajv's
// formats are not a dependency).
import { Ajv2020 } from 'ajv/dist/2020.js';

export interface Op {
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: unknown }> }>;
}
export type Doc = { openapi: string; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };

export async function fetchDoc(url: string): Promise<Doc> {
  return (await (await fetch(`${url}/openapi.json`)).json()) as Doc;
}

/** A validator of data against a schema of the document (its $refs resolve into the document's components). */
export function validator(doc: Doc): (schema: unknown, data: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  return (schema, data) => {
    const text = JSON.stringify(schema).replace(/"#\/components/g, '"doc#/components');
    let v = compiled.get(text);
    if (!v) { v = ajv.compile(JSON.parse(text)); compiled.set(text, v); }
    return v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  };
}

/** A schema of the document by name, as a $ref the validator resolves. */
export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export function operation(doc: Doc, method: string, path: string): Op {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path} is not in the document`);
  return op;
}

/**
 * What is wrong with an answer by the document: an undeclared status or content type, or a JSON
 * body that does not match the schema declared for its status. Empty when it conforms.
 */
export function answerProblems(doc: Doc, validate: ReturnType<typeof validator>, method: string, path: string, a: { status: number; type: string; body: unknown }): string[] {
  const op = operation(doc, method, path);
  const declared = op.responses[String(a.status)];
  if (!declared) return [`status ${a.status} is not declared (${Object.keys(op.responses).join(', ')})`];
  if (!declared.content) return [];
  const media = Object.entries(declared.content).find(([k]) => k.split(';')[0] === a.type);
  if (!media) return [`content-type ${a.type} is not declared (${Object.keys(declared.content).join(', ')})`];
  return /json/.test(a.type) ? validate(media[1].schema, a.body) : [];
}

/** What is wrong with a request body by the operation's requestBody schema for its media type. */
export function requestProblems(doc: Doc, validate: ReturnType<typeof validator>, method: string, path: string, type: string, body: unknown): string[] {
  const content = operation(doc, method, path).requestBody?.content;
  const media = content?.[type];
  if (!media) return [`request content-type ${type} is not declared (${Object.keys(content ?? {}).join(', ')})`];
  return validate(media.schema, body);
}
