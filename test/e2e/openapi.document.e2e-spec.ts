import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from './support/demo-app';

// A client generated from /docs-json, or a fuzzer driven by it, trusts every word of it: a status
// missing there is an "impossible" answer, a problem declared as application/json is parsed by the
// wrong code path, an open request schema invites fields the server refuses. scripts/schemathesis.sh
// proves the document against the running server; this spec keeps the known gaps from reopening.

interface Schema {
  $ref?: string;
  type?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

describe('the OpenAPI document (/docs-json)', () => {
  let demo: DemoUnderTest;
  let document: Document;
  beforeAll(async () => {
    demo = await startDemo();
    const response = await demo.http.get('/docs-json');
    expect(response.status).toBe(200);
    document = response.body as Document;
  });
  afterAll(() => demo?.close());

  const operations = () => Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ label: `${method.toUpperCase()} ${path}`, operation })));
  const operation = (method: string, path: string) => document.paths[path]?.[method] as Operation;
  const resolve = (schema: Schema): Schema => (schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema);

  it('documents logout as 204 with an optional body', () => {
    const logout = operation('post', '/auth/logout');
    expect(Object.keys(logout.responses)).toContain('204');
    expect(logout.requestBody?.required ?? false).toBe(false);
  });

  it('types page and page_size of GET /auth/users as bounded integers', () => {
    const parameters = operation('get', '/auth/users').parameters ?? [];
    const schemaOf = (name: string) => parameters.find((parameter) => parameter.name === name && parameter.in === 'query')?.schema;
    expect(schemaOf('page')).toMatchObject({ type: 'integer', minimum: 1, maximum: expect.any(Number) });
    expect(schemaOf('page_size')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
  });

  it('declares every error answer as application/problem+json, and no catch-all default', () => {
    const wrong = operations().flatMap(({ label, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => status === 'default' || Number(status) >= 400)
        .filter(([, response]) => Object.keys(response.content ?? {}).join() !== 'application/problem+json')
        .map(([status]) => `${label} ${status}`),
    );
    expect(wrong).toEqual([]);
  });

  it('documents 400 on every operation, 413 on every one with a body and 401 on every guarded one', () => {
    const missing = operations().flatMap(({ label, operation }) => {
      const expected = ['400', ...(operation.requestBody ? ['413'] : []), ...(operation.security?.length ? ['401'] : [])];
      return expected.filter((status) => !(status in operation.responses)).map((status) => `${label} ${status}`);
    });
    expect(missing).toEqual([]);
  });

  it('closes every request body schema, as forbidNonWhitelisted does', () => {
    const open = operations()
      .filter(({ operation }) => operation.requestBody)
      .flatMap(({ label, operation }) => Object.values(operation.requestBody!.content).map((media) => ({ label, schema: resolve(media.schema) })))
      .filter(({ schema }) => schema.additionalProperties !== false)
      .map(({ label }) => label);
    expect(open).toEqual([]);
  });

  // The policy counts code points after NFKC, which can lengthen ("¼" is three) or shorten a raw
  // string; a raw length bound in the document would call passwords the server accepts invalid,
  // and a fuzzer or a generated client then refuses or reports them.
  it('bounds new passwords only as the raw string is checked: a password that NFKC lengthens past the minimum is accepted and within the documented bounds', async () => {
    const admin = await signIn(demo, 'admin');
    const raw = '¼½¾¼½¾';
    const created = await demo.http.post('/auth/users').set('authorization', `Bearer ${admin.access_token}`).send({ username: 'nfkc-bounds', password: raw });
    expect(created.status).toBe(201);
    const passwordFields = Object.entries(document.components.schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, property]) => property.format === 'password')
        .map(([field, property]) => ({ field: `${name}.${field}`, minLength: property.minLength ?? 0, maxLength: property.maxLength ?? Infinity })),
    );
    expect(passwordFields.length).toBeGreaterThanOrEqual(4);
    expect(passwordFields.filter(({ minLength, maxLength }) => minLength > [...raw].length || maxLength < 1024).map(({ field }) => field)).toEqual([]);
  });

  it('describes the demo routes: a response schema and their 401 and 403', () => {
    expect(operation('get', '/demo/secure-data').responses['200']?.content?.['application/json']).toBeDefined();
    expect(Object.keys(operation('delete', '/demo/admin/users/{id}').responses)).toEqual(expect.arrayContaining(['204', '400', '401', '403']));
  });

  it('is served on Fastify too, with the same operations', async () => {
    const fastify = await startDemo({ platform: 'fastify' });
    try {
      const response = await fastify.http.get('/docs-json');
      expect(response.status).toBe(200);
      expect(Object.keys((response.body as Document).paths).sort()).toEqual(Object.keys(document.paths).sort());
    } finally {
      await fastify.close();
    }
  });
});
