import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

// The one form the demo reads: Keycloak posts its back-channel logout notice as
// application/x-www-form-urlencoded. Every other route stays JSON-only, so no cross-site HTML form
// can reach them as a "simple" request.
export const BACKCHANNEL_LOGOUT_PATH = '/auth/backchannel-logout';
const FORM = 'application/x-www-form-urlencoded';
// Room for the longest token the route takes (8192 characters) even when every one of them is a
// 4-byte character, percent-encoded into 12 bytes: a body within the documented bounds is never
// refused as too large, only a longer one.
const FORM_LIMIT_BYTES = 8192 * 12 + 1024;

const fieldsOf = (body: string) => Object.fromEntries(new URLSearchParams(body));
const isForm = (contentType: string | undefined) => contentType?.split(';', 1)[0].trim().toLowerCase() === FORM;

/** Express: parses the form on the back-channel path only; a larger body answers 413. */
export function acceptBackchannelLogoutFormOnExpress(app: NestExpressApplication): void {
  app.use(BACKCHANNEL_LOGOUT_PATH, (request: IncomingMessage & { body?: unknown }, response: ServerResponse, next: (error?: unknown) => void) => {
    if (!isForm(request.headers['content-type'])) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= FORM_LIMIT_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > FORM_LIMIT_BYTES) return tooLarge(response);
      request.body = fieldsOf(Buffer.concat(chunks).toString('utf8'));
      next();
    });
    request.on('error', next);
  });
}

// Answered here: an error passed on from a plain middleware would reach Express's HTML error page.
function tooLarge(response: ServerResponse): void {
  const body = { type: 'urn:stepgate:problem:payload-too-large', title: 'Payload too large', status: 413, detail: 'The request body is too large.', code: 'PAYLOAD_TOO_LARGE' };
  response.writeHead(413, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/** Fastify: a form parser that refuses every path but the back-channel one with 415, as before it. */
export function acceptBackchannelLogoutFormOnFastify(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (request, body, done) => {
    if (request.url.split('?', 1)[0] !== BACKCHANNEL_LOGOUT_PATH) {
      return done(Object.assign(new Error(`Unsupported Media Type: ${FORM}`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
    }
    done(null, fieldsOf(String(body)));
  });
}
