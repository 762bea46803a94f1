import { describe, expect, it } from 'vitest';
import { BadRequestException, ConflictException, HttpException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InvalidCredentialsError, ServiceUnavailableError, TokenExpiredError, TooManyAttemptsError, ValidationFailedError } from '../../domain/auth-error';
import { problemOf } from './problem-details';

describe('problemOf', () => {
  it('maps a domain error to its status, stable code and RFC 9457 fields', () => {
    expect(problemOf(new InvalidCredentialsError()).body).toEqual({
      type: 'urn:stepgate:problem:invalid-credentials',
      title: 'Invalid credentials',
      status: 401,
      detail: 'The username or password is incorrect.',
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('lists field errors of a validation failure', () => {
    const problem = problemOf(new ValidationFailedError([{ field: 'username', message: 'username must be a string' }]));
    expect(problem.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'username', message: 'username must be a string' }] });
  });

  it('tells a throttled client, and one whose request needs an unreachable service, when to come back', () => {
    expect(problemOf(new TooManyAttemptsError(42))).toMatchObject({ body: { status: 429 }, headers: { 'Retry-After': '42' } });
    expect(problemOf(new ServiceUnavailableError('SMS gateway down', { retryAfterSeconds: 12 }))).toMatchObject({ body: { status: 503, code: 'SERVICE_UNAVAILABLE' }, headers: { 'Retry-After': '12' } });
    expect(problemOf(new ServiceUnavailableError()).headers['Retry-After']).toBe('30');
  });

  it('names the bearer error for a refused token (RFC 6750)', () => {
    expect(problemOf(new TokenExpiredError()).headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it("replaces Nest's and the body parser's messages with fixed sentences", () => {
    // As Nest's adapters hand them over (mapException): the parser's or router's error as the cause.
    const parseError = Object.assign(new SyntaxError('Unexpected token } in JSON at position 7'), { status: 400 });
    expect(problemOf(new BadRequestException(parseError.message, { cause: parseError })).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: 'The request is malformed.' });
    expect(problemOf(new NotFoundException('Cannot GET /secret/path')).body).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'No such resource.' });
    const tooLarge = Object.assign(new Error('request entity too large'), { statusCode: 413, expose: true });
    expect(problemOf(new HttpException(tooLarge.message, 413, { cause: tooLarge })).body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large.' });
    expect(problemOf(Object.assign(new Error('request entity too large'), { status: 413 })).body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it("keeps a host exception's status and message, with a code named for the status", () => {
    expect(problemOf(new ConflictException('That e-mail is taken')).body).toEqual({ type: 'urn:stepgate:problem:conflict', title: 'Conflict', status: 409, detail: 'That e-mail is taken', code: 'CONFLICT' });
    expect(problemOf(new NotFoundException('Order 42 does not exist')).body).toMatchObject({ code: 'NOT_FOUND', detail: 'Order 42 does not exist' });
    expect(problemOf(new HttpException('Brewing only tea', 418)).body).toMatchObject({ status: 418, code: 'I_AM_A_TEAPOT', title: "I'm a Teapot", detail: 'Brewing only tea' });
  });

  it("takes a host's own code, Nest's errorCode, a list of messages and extension members", () => {
    expect(problemOf(new ConflictException('That e-mail is taken', { errorCode: 'EMAIL_TAKEN' })).body).toMatchObject({ code: 'EMAIL_TAKEN', type: 'urn:stepgate:problem:email-taken' });
    const listed = problemOf(new BadRequestException({ message: ['email must be an email', 'age must be positive'], error: 'Bad Request', statusCode: 400 })).body;
    expect(listed).toEqual({ type: 'urn:stepgate:problem:validation-failed', title: 'Bad Request', status: 400, detail: 'email must be an email; age must be positive', code: 'VALIDATION_FAILED' });
    const own = problemOf(new UnprocessableEntityException({ code: 'LIMIT', message: 'Over the limit', status: 200, limit: 5 })).body;
    expect(own).toEqual({ type: 'urn:stepgate:problem:limit', title: 'Unprocessable Entity', status: 422, detail: 'Over the limit', code: 'LIMIT', limit: 5 });
  });

  it('hides an unexpected error behind a fixed 500', () => {
    const body = problemOf(new Error('connection string postgres://user:secret@db')).body;
    expect(body).toEqual({ type: 'urn:stepgate:problem:internal-error', title: 'Internal server error', status: 500, detail: 'An unexpected error occurred.', code: 'INTERNAL_ERROR' });
  });
});
