import { expect } from 'vitest';
import type { Response } from 'supertest';

export const PROBLEM_JSON = /^application\/problem\+json/;

// What a stack trace or an internal path looks like when it leaks into a response.
const LEAK_PATTERNS = [/\n\s*at /, /\bat [\w.<>$]+ \(/, /\.(ts|js|mjs|cjs):\d+/, /node_modules/, /\/work\//, /[A-Za-z]+Error: /];

/** Asserts the RFC 9457 document a client gets for an error: status, media type, the five fields, no internals. */
export function expectProblem(response: Response, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  expectProblemShape(response);
}

/** The five fields of every problem document, typed, and nothing that looks like a stack trace. */
export function expectProblemShape(response: Response): void {
  const body = response.body as Record<string, unknown>;
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^urn:stepgate:problem:[a-z-]+$/),
      title: expect.any(String),
      status: response.status,
      detail: expect.any(String),
      code: expect.stringMatching(/^[A-Z_]+$/),
    }),
  );
  expectNoLeak(response.text);
}

export function expectNoLeak(text: string, secrets: readonly string[] = []): void {
  for (const pattern of LEAK_PATTERNS) expect(text).not.toMatch(pattern);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** A validation failure naming `field` in `errors`. */
export function expectFieldError(response: Response, field: string): void {
  expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(response.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
