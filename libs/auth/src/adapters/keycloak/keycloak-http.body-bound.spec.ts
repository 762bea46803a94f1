// Threat: memory exhaustion through the identity provider's answers. A server (or whatever answers
// in its place) that streams an endless chunked body must not make this process buffer it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeycloakHttp, KeycloakUnavailableError } from './keycloak-http';

describe('KeycloakHttp reads bounded bodies', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if (request.url === '/small') return void response.end('{"ok":true}');
      // No content-length: chunked, 64 KiB at a time, without end until the client hangs up.
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const push = () => {
        while (!response.destroyed && response.write(chunk));
      };
      response.on('drain', push);
      response.on('close', () => response.removeAllListeners('drain'));
      push();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // A time-out far beyond the test's: only the bound can end the endless body in time.
  const http = new KeycloakHttp({ timeoutMs: 120_000, retryAfterSeconds: 5 });

  it('refuses an endless chunked body as an outage (503) once it passes 1 MiB, not by reading on', async () => {
    const started = Date.now();
    await expect(http.call(`${url}/endless`)).rejects.toBeInstanceOf(KeycloakUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('still reads a small body', async () => {
    expect((await http.call(`${url}/small`)).body).toEqual({ ok: true });
  });
});
