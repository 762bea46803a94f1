// Threat: secrets leaking through logs — passwords, access or refresh tokens, PINs or pre_auth_tokens
// written to log lines that operators, log shippers and their vendors can read.
import type { LoggerService } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, DEMO_PASSWORDS, signIn, startDemo } from '../support/demo-app';
import { bearer } from '../support/problem';

/** Keeps every line at every level, debug and verbose included. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep = (...args: unknown[]) => this.lines.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg))).join(' '));
  log = this.keep;
  error = this.keep;
  warn = this.keep;
  debug = this.keep;
  verbose = this.keep;
  fatal = this.keep;
}

describe.each(['stateful', 'stateless'] as const)('log lines (%s)', (mode) => {
  const logger = new CapturingLogger();
  let demo: DemoUnderTest;
  const secrets: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({ mode, accessPin: '135791', logger });
  });
  afterAll(() => demo?.close());

  it('carry no password, PIN or token through sign-in, refresh, reuse, forgery and logout', async () => {
    secrets.push(DEMO_PASSWORDS.alice, '135791', 'wrong-password-x9');
    await demo.http.post('/auth/login').send({ username: 'alice', password: 'wrong-password-x9' });
    const first = await demo.http.post('/auth/login').send({ username: 'alice', password: DEMO_PASSWORDS.alice });
    const reference = mode === 'stateful' ? { session_id: first.body.session_id } : { pre_auth_token: first.body.pre_auth_token };
    secrets.push(...Object.values(reference));
    await demo.http.post('/auth/validate/access-pin').send({ options: { pin: '000000' }, ...reference });
    const done = await demo.http.post('/auth/validate/access-pin').send({ options: { pin: '135791' }, ...reference });
    expect(done.status).toBe(200);
    secrets.push(done.body.access_token, done.body.refresh_token);
    const rotated = await demo.http.post('/auth/refresh').send({ refresh_token: done.body.refresh_token });
    secrets.push(rotated.body.access_token, rotated.body.refresh_token);
    await demo.http.post('/auth/refresh').send({ refresh_token: done.body.refresh_token }); // reuse
    const [header, payload] = rotated.body.access_token.split('.');
    await demo.http.get('/auth/me').set(bearer(`${header}.${payload}.forged-signature`));
    await demo.http.get('/auth/me').set(bearer(rotated.body.access_token));
    const other = await signIn(demo, 'bob').catch(() => undefined);
    if (other) secrets.push(other.access_token, other.refresh_token);

    expect(logger.lines.length).toBeGreaterThan(0);
    for (const secret of secrets.filter(Boolean)) {
      for (const line of logger.lines) expect(line.includes(secret), `a log line contains a secret: ${line.slice(0, 120)}`).toBe(false);
    }
  });
});
