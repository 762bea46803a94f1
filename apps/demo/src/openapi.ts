import { applyDecorators } from '@nestjs/common';
import { ApiResponse, ApiSchema } from '@nestjs/swagger';
import type { OtpMethod } from '@stepgate/auth';

/** The module's problem+json schema: the library's own routes register it. */
const PROBLEM = { $ref: '#/components/schemas/ProblemDto' } as const;

// The library's own wording for the statuses every demo route can give (its ApiProblems is internal).
const ALWAYS = { 400: 'VALIDATION_FAILED (malformed JSON body or bad parameter)', 401: 'UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED' };
const BODY = { 400: 'VALIDATION_FAILED (malformed JSON, or `errors` lists the fields that fail)', 413: 'PAYLOAD_TOO_LARGE' };

/**
 * The module's problem+json answers of a demo route, as `status: 'CODE, CODE'`; with `body`, also
 * the 400 of a failing DTO and the 413 past the body limit. A status in `problems` replaces the
 * description that would be added for it.
 */
export function ApiDemoProblems(problems: Record<number, string>, options: { body?: boolean } = {}) {
  const all = { ...ALWAYS, ...(options.body ? BODY : {}), ...problems };
  return applyDecorators(
    ...Object.entries(all).map(([status, description]) => ApiResponse({ status: Number(status), description, content: { 'application/problem+json': { schema: PROBLEM } } })),
  );
}

const METHODS: readonly OtpMethod[] = ['totp', 'email', 'sms', 'recovery'];

/**
 * What `@VerifyElevation(operation)` adds to a route (DESIGN.md section 4, "Step-up"): the 403
 * `MFA_REQUIRED` with the members a client steps up with and RFC 9470's challenge header, and the
 * 429 once the session has started too many step-up operations.
 */
export function ApiStepUp(operation: string, options: { resumable?: boolean } = {}) {
  const resumable = options.resumable === true;
  const then = resumable
    ? 'then read the result from GET /auth/operations/{operation_id}: the module runs the request itself, once, so do not retry'
    : 'then retry the request';
  const refused = ApiResponse({
    status: 403,
    description: `MFA_REQUIRED, without a live elevation for ${operation}: validate a code at POST /auth/otp/validate with correlation_id = operation_id, ${then}`,
    headers: {
      'WWW-Authenticate': {
        description: 'RFC 9470: `Bearer error="insufficient_user_authentication", error_description="...", max_age=<seconds>`',
        schema: { type: 'string' },
      },
    },
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            PROBLEM,
            {
              type: 'object',
              required: ['operation', 'operation_id', 'methods', 'max_age', 'resumable'],
              properties: {
                code: { type: 'string', enum: ['MFA_REQUIRED'] },
                operation: { type: 'string', enum: [operation] },
                operation_id: { type: 'string', format: 'uuid', description: 'Send it as correlation_id to POST /auth/otp/challenge and /auth/otp/validate.' },
                methods: { type: 'array', items: { type: 'string', enum: [...METHODS] }, description: 'The factors the caller can step up with now (empty when they have none).' },
                max_age: { type: 'integer', minimum: 1, description: 'Seconds the elevation lasts once granted.' },
                resumable: { type: 'boolean', enum: [resumable] },
              },
            },
          ],
        },
      },
    },
  });
  const throttled = ApiResponse({
    status: 429,
    description: 'TOO_MANY_ATTEMPTS (this session started too many step-up operations within the operation TTL; Retry-After)',
    headers: { 'Retry-After': { description: 'Seconds until the session may start another one.', schema: { type: 'integer', minimum: 1 } } },
    content: { 'application/problem+json': { schema: PROBLEM } },
  });
  return applyDecorators(refused, throttled);
}

/**
 * Marks a request body DTO's schema closed (`additionalProperties: false`): AuthValidationPipe runs
 * with forbidNonWhitelisted, so an unknown field is a 400, and the document must say so. `ApiSchema`
 * copies every option into the schema; its type names only `name` and `description`, hence the cast.
 */
export function ApiClosedBody(): ClassDecorator {
  return ApiSchema({ additionalProperties: false } as Parameters<typeof ApiSchema>[0]);
}
