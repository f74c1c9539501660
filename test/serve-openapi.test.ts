// Contract: every GET path the OpenAPI 3.1 document lists answers, and its JSON answer validates
// against the schema the document declares for that status (JSON Schema 2020-12, via ajv).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/browser.ts';
import { fetchDoc as fetchDocAt, validator } from './helpers/openapi-contract.ts';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

const fetchDoc = () => fetchDocAt(s.url);

test('the document is OpenAPI 3.1, every $ref resolves, every schema compiles', async () => {
  const doc = await fetchDoc();
  assert.equal(doc.openapi, '3.1.0');
  const text = JSON.stringify(doc);
  for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) assert.ok(doc.components.schemas[m[1]], `dangling $ref ${m[1]}`);
  const validate = validator(doc);
  for (const name of Object.keys(doc.components.schemas)) assert.doesNotThrow(() => validate({ $ref: `#/components/schemas/${name}` }, null), name);
  const ids = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${method} ${path}: no responses`);
      for (const [status, r] of Object.entries(op.responses)) assert.ok(r.description, `${method} ${path} ${status}: no description (required by OpenAPI)`);
      for (const x of op.parameters ?? []) assert.ok((x as { schema?: unknown }).schema, `${method} ${path}: parameter ${x.name} has no schema`);
      if (op.operationId) {
        assert.ok(!ids.has(op.operationId), `operationId ${op.operationId} twice`);
        ids.add(op.operationId);
      }
      for (const name of path.matchAll(/\{(\w+)\}/g)) assert.ok(op.parameters?.some((p) => p.in === 'path' && p.name === name[1]), `${method} ${path}: path parameter ${name[1]} undeclared`);
    }
  }
});

test('every GET endpoint answers as the document says', async () => {
  const doc = await fetchDoc();
  const validate = validator(doc);
  const firstFeature = async (c: string) => ((await (await fetch(`${s.url}/collections/${c}/items?limit=1`)).json()) as { features: { id: string }[] }).features[0]?.id;
  const collections = ((await (await fetch(`${s.url}/collections`)).json()) as { collections: { id: string }[] }).collections.map((c) => c.id);
  // a bundled feature's sourceId (its citations resolve) and a fixture one (none to resolve)
  const sourceIds = await Promise.all(['rail', 'crossings'].map(async (c) => ((await (await fetch(`${s.url}/collections/${c}/items?limit=1`)).json()) as { features: { properties: { sourceId: string } }[] }).features[0]?.properties.sourceId));
  const fills: Record<string, string[]> = { collectionId: collections, layer: ['network', 'basemap', 'rail'], z: ['2'], x: ['2'], y: ['1'], sourceId: sourceIds.filter(Boolean) };
  let checked = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    const op = ops.get;
    // only described operations; an event stream never ends (test/serve-openapi-api.test.ts reads one)
    if (!op?.operationId || Object.keys(op.responses['200']?.content ?? {}).includes('text/event-stream')) continue;
    // a path whose parameters we cannot fill here (an alert id) is checked in test/serve-openapi-api.test.ts
    if ([...path.matchAll(/\{(\w+)\}/g)].some((m) => !fills[m[1]] && m[1] !== 'featureId')) continue;
    const urls: string[] = [];
    for (const c of path.includes('{collectionId}') ? collections : path.includes('{sourceId}') ? fills.sourceId : ['']) {
      let u = path.replace('{collectionId}', c).replace('{sourceId}', encodeURIComponent(c)).replace('{layer}', 'network').replace('{z}', '2').replace('{x}', '2').replace('{y}', '1');
      if (u.includes('{featureId}')) {
        const id = await firstFeature(c);
        if (!id) continue;
        u = u.replace('{featureId}', encodeURIComponent(id));
      }
      urls.push(u);
    }
    for (const u of urls) {
      const res = await fetch(`${s.url}${u}`, { headers: { accept: 'application/json' } });
      const declared = op.responses[String(res.status)];
      assert.ok(declared, `GET ${u}: status ${res.status} is not in the document`);
      const type = (res.headers.get('content-type') ?? '').split(';')[0];
      const media = declared.content && Object.entries(declared.content).find(([k]) => k.split(';')[0] === type);
      if (declared.content) assert.ok(media, `GET ${u}: content-type ${type} not declared (${Object.keys(declared.content)})`);
      if (media && /json/.test(type)) {
        const errors = validate(media[1].schema, await res.json());
        assert.deepEqual(errors, [], `GET ${u} does not match its schema`);
      }
      checked++;
    }
  }
  assert.ok(checked >= 20, `only ${checked} responses checked`);
});

test('error answers match the Error schema', async () => {
  const doc = await fetchDoc();
  const validate = validator(doc);
  for (const u of ['/collections/nope', '/collections/rail/items?bbox=1', '/collections/rail/items/nope', '/tiles/nope.json', `/sources/${encodeURIComponent('karavan-curated@0.1.0#KZ/nope.csv:nope')}`]) {
    const res = await fetch(`${s.url}${u}`);
    assert.ok(res.status === 400 || res.status === 404, u);
    assert.deepEqual(validate({ $ref: '#/components/schemas/Error' }, await res.json()), [], u);
  }
});
