import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '../openapi/swagger';
import { ProblemDto } from '../dto/responses.dto';

/** What, besides its own errors, a route can answer; each adds the statuses that come with it. */
export interface ApiProblemsOptions {
  /** Behind the global guard (not `@Public()`): 401 for a missing, invalid, expired or revoked token. */
  bearer?: boolean;
  /** Reads a JSON body: 413 past the body limit, 400 for a body that is not JSON or fails its DTO. */
  body?: boolean;
}

// The body parser runs before routing reaches a guard or a pipe, on every route: a malformed JSON
// body is a 400 even where no body is expected, as is a parameter that fails its pipe.
const ALWAYS = { 400: 'VALIDATION_FAILED (malformed JSON body or bad parameter)' };
const BEARER = { 401: 'UNAUTHENTICATED (no bearer token), TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED' };
const BODY = { 400: 'VALIDATION_FAILED (malformed JSON, or `errors` lists the fields that fail)', 413: 'PAYLOAD_TOO_LARGE' };

/**
 * Documents the problem+json answers (RFC 9457) a route can give, as `status: 'CODE, CODE'`; a
 * status given in `problems` replaces the description `options` would add for it.
 * There is deliberately no `default` response: it would make every status "documented", and the
 * document would stop telling clients (and the fuzzing run) which statuses a route really gives.
 *
 * @example
 * ApiProblems({ 404: 'NOT_FOUND' }, { bearer: true, body: true })
 */
export function ApiProblems(problems: Record<number, string>, options: ApiProblemsOptions = {}) {
  const merged = new Map<number, string>();
  const add = (entries: Record<number, string>) => {
    for (const [status, codes] of Object.entries(entries)) merged.set(Number(status), codes);
  };
  add(ALWAYS);
  if (options.bearer) add(BEARER);
  if (options.body) add(BODY);
  add(problems);
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...[...merged].map(([status, codes]) =>
      ApiResponse({ status, description: codes, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } } }),
    ),
  );
}
