// Threat: an error the client cannot read. Over 16 kB of request headers, Node's HTTP parser
// answers before Nest sees the request: a bare 431 with an empty body, the one answer of the API
// that is not problem+json (DESIGN.md section 4 wants every error as RFC 9457).
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, startDemo } from '../support/demo-app';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends a request with `headerBytes` of one header, straight over a socket: supertest would refuse to. */
function sendWithHugeHeader(url: string, headerBytes: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${url}/auth/me`, { headers: { 'x-padding': 'a'.repeat(headerBytes) } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    call.on('error', reject);
    call.end();
  });
}

describe.each(['express', 'fastify'] as const)('request headers over 16 kB (%s)', (platform) => {
  let demo: DemoUnderTest;
  let url: string;
  beforeAll(async () => {
    demo = await startDemo({ platform });
    url = (await demo.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => demo?.close());

  it('answer 431 as problem+json, and the server keeps serving', async () => {
    const answer = await sendWithHugeHeader(url, 20_000);
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toEqual({
      type: 'urn:stepgate:problem:request-header-fields-too-large',
      title: 'Request Header Fields Too Large',
      status: 431,
      detail: 'The request headers are too large.',
      code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
    });
    expect((await demo.http.get('/auth/options')).status).toBe(200);
  });
});
