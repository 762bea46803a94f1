import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

// Node's own statuses for what its parser refuses (lib/_http_server.js); anything else is a 400.
const STATUS_OF_PARSER_ERROR: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, HPE_CHUNK_EXTENSIONS_OVERFLOW: 413, ERR_HTTP_REQUEST_TIMEOUT: 408 };

const PROBLEM_OF_STATUS: Record<number, { code: string; title: string; detail: string }> = {
  400: { code: 'VALIDATION_FAILED', title: 'Validation failed', detail: 'The request is malformed.' },
  408: { code: 'REQUEST_TIMEOUT', title: STATUS_CODES[408]!, detail: 'The request took too long to arrive.' },
  413: { code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large', detail: 'The request body is too large.' },
  431: { code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', title: STATUS_CODES[431]!, detail: 'The request headers are too large.' },
};

/**
 * Answers what Node's HTTP parser refuses before any framework sees the request (headers over
 * `maxHeaderSize`, 16 KiB by default; a malformed request line) as problem+json, where Node would
 * send a bare status with an empty body and Fastify its own JSON. Registered as the server's
 * `clientError` listener on Express, and as Fastify's `clientErrorHandler`.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // As Node's default: an answer goes out only when none has started on this connection.
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const status = STATUS_OF_PARSER_ERROR[error.code ?? ''] ?? 400;
  const { code, title, detail } = PROBLEM_OF_STATUS[status];
  const body = JSON.stringify({ type: `urn:stepgate:problem:${code.toLowerCase().replaceAll('_', '-')}`, title, status, detail, code });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/problem+json\r\nCache-Control: no-store\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
