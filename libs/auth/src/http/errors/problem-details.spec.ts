import { describe, expect, it } from 'vitest';
import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { InvalidCredentialsError, TokenExpiredError, TooManyAttemptsError, ValidationFailedError } from '../../domain/auth-error';
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

  it('tells a throttled client when to come back', () => {
    expect(problemOf(new TooManyAttemptsError(42))).toMatchObject({ body: { status: 429 }, headers: { 'Retry-After': '42' } });
  });

  it('names the bearer error for a refused token (RFC 6750)', () => {
    expect(problemOf(new TokenExpiredError()).headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it("replaces Nest's and the body parser's messages with fixed sentences", () => {
    expect(problemOf(new BadRequestException('Unexpected token } in JSON at position 7')).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: 'The request is malformed.' });
    expect(problemOf(new NotFoundException('Cannot GET /secret/path')).body).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'No such resource.' });
    expect(problemOf(new PayloadTooLargeException()).body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(problemOf(Object.assign(new Error('request entity too large'), { status: 413 })).body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('hides an unexpected error behind a fixed 500', () => {
    const body = problemOf(new Error('connection string postgres://user:secret@db')).body;
    expect(body).toEqual({ type: 'urn:stepgate:problem:internal-error', title: 'Internal server error', status: 500, detail: 'An unexpected error occurred.', code: 'INTERNAL_ERROR' });
  });
});
