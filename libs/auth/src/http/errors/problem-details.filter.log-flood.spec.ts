import { Logger } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServiceUnavailableError } from '../../domain/auth-error';
import { ProblemDetailsFilter } from './problem-details.filter';

// A spray that fills the hashing queue answers hundreds of 503s a second; each must not write a
// stack trace to the log (disk, CPU), while a real bug's 500 still must.
describe('ProblemDetailsFilter logging under a flood of designed 503s', () => {
  afterEach(() => vi.restoreAllMocks());

  const adapter = { setHeader: vi.fn(), reply: vi.fn() };
  const filter = new ProblemDetailsFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost);
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => ({}) }) } as unknown as ArgumentsHost;

  it('logs the module’s own 503 as one warning line without a stack', () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    filter.catch(new ServiceUnavailableError('Too many sign-ins are being checked.', { retryAfterSeconds: 1 }), host);

    expect(error).not.toHaveBeenCalled();
    expect(warn.mock.calls).toEqual([['SERVICE_UNAVAILABLE: Too many sign-ins are being checked.']]);
    expect(adapter.reply).toHaveBeenLastCalledWith(expect.anything(), expect.stringContaining('"status":503'), 503);
  });

  it('still logs an unexpected error with its stack', () => {
    const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    filter.catch(new TypeError('boom'), host);

    expect(error).toHaveBeenCalledWith('INTERNAL_ERROR: boom', expect.stringContaining('TypeError: boom'));
  });
});
