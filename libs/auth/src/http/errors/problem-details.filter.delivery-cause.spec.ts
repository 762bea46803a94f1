import { Logger } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OtpDeliveryFailedError, ServiceUnavailableError } from '../../domain/auth-error';
import { ProblemDetailsFilter } from './problem-details.filter';

// Threat: a delivery channel that fails unseen. The client gets a fixed 503 that names nothing
// (hosts, the recipient), so the operator's log line is the only place the reason can appear: a
// rejected sender, a gateway's 401, a refused connection. It must get there on one line, bounded,
// so a cause cannot forge log lines or flood them.
describe('ProblemDetailsFilter logging the cause of a designed 5xx', () => {
  afterEach(() => vi.restoreAllMocks());

  const adapter = { setHeader: vi.fn(), reply: vi.fn() };
  const filter = new ProblemDetailsFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost);
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => ({}) }) } as unknown as ArgumentsHost;
  const warnings = () => vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

  it('writes the cause chain of a failed delivery to the warning, not to the answer', () => {
    const warn = warnings();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ECONNREFUSED' });
    const cause = new Error('The SMS gateway did not answer: fetch failed', { cause: refused });

    filter.catch(new OtpDeliveryFailedError({ cause }), host);

    expect(warn.mock.calls).toEqual([
      ['SERVICE_UNAVAILABLE: The code could not be sent. Try again later. Cause: The SMS gateway did not answer: fetch failed ← connect ECONNREFUSED 127.0.0.1:2525'],
    ]);
    expect(adapter.reply).toHaveBeenLastCalledWith(expect.anything(), expect.not.stringContaining('ECONNREFUSED'), 503);
  });

  it('keeps a cause that carries line breaks on one line, and bounds its length', () => {
    const warn = warnings();
    const forged = new Error(`550 rejected\n[Nest] 1 - LOG [Stepgate] admin signed in\r${'x'.repeat(5000)}`);

    filter.catch(new OtpDeliveryFailedError({ cause: forged }), host);

    const [[line]] = warn.mock.calls as [[string]];
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toContain('550 rejected [Nest] 1 - LOG');
    expect(line.length).toBeLessThan(700);
  });

  it('logs a cause that is not an Error by its text, and a 503 without a cause as before', () => {
    const warn = warnings();
    filter.catch(new ServiceUnavailableError('Redis is unreachable.', { cause: 'ETIMEDOUT' }), host);
    filter.catch(new ServiceUnavailableError('Too many sign-ins are being checked.'), host);
    expect(warn.mock.calls).toEqual([['SERVICE_UNAVAILABLE: Redis is unreachable. Cause: ETIMEDOUT'], ['SERVICE_UNAVAILABLE: Too many sign-ins are being checked.']]);
  });
});
