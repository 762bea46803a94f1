// Threat: a small, deeply nested JSON body (2.7 kB, ~1300 levels) exhausting the stack in
// class-transformer: a 500 and a stack trace in the log per request, from anyone, for almost nothing.
import type { LoggerService } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, startDemo } from '../support/demo-app';
import { expectFieldError, expectProblem } from '../support/problem';

/** Keeps error and warning lines: a refused body must not log a stack trace. */
class ErrorLines implements LoggerService {
  readonly lines: string[] = [];
  log() {}
  debug() {}
  verbose() {}
  error = (...args: unknown[]) => this.lines.push(args.map(String).join(' '));
  warn = (...args: unknown[]) => this.lines.push(args.map(String).join(' '));
  fatal = (...args: unknown[]) => this.lines.push(args.map(String).join(' '));
}

/** `{"a":{"a":...}}` with `depth` objects, as raw JSON text so the client side never recurses. */
const nested = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

describe.each(['express', 'fastify'] as const)('deeply nested JSON (%s)', (platform) => {
  const logger = new ErrorLines();
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform, logger });
  });
  afterAll(() => demo?.close());

  const post = (path: string, body: string) => demo.http.post(path).set('content-type', 'application/json').send(body);

  it.each([
    ['/auth/login', (deep: string) => `{"username":${deep},"password":"x"}`, 'username'],
    ['/auth/refresh', (deep: string) => `{"refresh_token":${deep}}`, 'refresh_token'],
    ['/auth/validate/username-password', (deep: string) => `{"options":${deep}}`, 'options'],
  ])('%s answers 400 VALIDATION_FAILED, never a 500, and logs no error', async (path, bodyWith, field) => {
    const response = await post(path, bodyWith(nested(1300)));
    expectFieldError(response, field);
    expect(response.body.errors[0].message).toMatch(/nested/);
    expect(logger.lines).toEqual([]);
  });

  it('refuses one level past the bound of 32 and lets the bound itself through to the schema', async () => {
    // The body itself is one level: options at 31 more is 32 in all.
    const atBound = await post('/auth/validate/username-password', `{"options":${nested(31, '"x"')}}`);
    expectProblem(atBound, 400, 'VALIDATION_FAILED');
    expect(atBound.body.errors).not.toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/nested/) })]));
    const past = await post('/auth/validate/username-password', `{"options":${nested(32, '"x"')}}`);
    expectFieldError(past, 'options');
    expect(past.body.errors[0].message).toMatch(/nested/);
  });

  it('refuses the deepest body the size limit lets through, with keys the JSON parsers scan for', async () => {
    const deepest = `{"options":${'{"constructor":'.repeat(6000)}1${'}'.repeat(6000)}}`;
    expectFieldError(await post('/auth/validate/username-password', deepest), 'options');
    expect(logger.lines).toEqual([]);
  });

  it('counts arrays as levels too', async () => {
    const response = await post('/auth/login', `{"username":${'['.repeat(1300)}${']'.repeat(1300)},"password":"x"}`);
    expectFieldError(response, 'username');
  });
});
