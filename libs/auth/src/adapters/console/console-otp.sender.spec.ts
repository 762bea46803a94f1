// The console sender writes codes where anyone who reads the logs can use them: fine on a
// developer's machine, an account takeover in production. It must refuse to start there.
import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OtpMessage } from '../../ports/otp-sender';
import { OtpSenderConfigError } from '../otp-sender-config.error';
import { ConsoleOtpSender } from './console-otp.sender';

const message: OtpMessage = { channel: 'email', to: 'alice@example.com', code: '482913', purpose: 'sign-in', username: 'alice', expiresInSeconds: 300 };

describe('ConsoleOtpSender', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the code, its destination and lifetime, so a developer can sign in without a mail server', async () => {
    const log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await new ConsoleOtpSender({ env: { NODE_ENV: 'development' } }).send(message);

    expect(log).toHaveBeenCalledTimes(1);
    const [line] = log.mock.calls[0] as [string];
    expect(line).toContain('482913');
    expect(line).toContain('alice@example.com');
    expect(line).toContain('5 minutes');
  });

  it('writes through the logger it is given', async () => {
    const logger = { log: vi.fn() };
    await new ConsoleOtpSender({ env: {}, logger }).send({ ...message, channel: 'sms', to: '+15550100002' });
    expect(logger.log).toHaveBeenCalledWith(expect.stringMatching(/^sms code for alice to \+15550100002 \(sign-in\): 482913/));
  });

  it.each(['production', 'Production', ' production '])('refuses to be constructed when NODE_ENV is %j, so codes never reach production logs', (NODE_ENV) => {
    const construct = () => new ConsoleOtpSender({ env: { NODE_ENV } });
    expect(construct).toThrow(OtpSenderConfigError);
    expect(construct).toThrow(/NODE_ENV is production/);
  });

  it('reads process.env when no environment is given', () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      expect(() => new ConsoleOtpSender()).toThrow(OtpSenderConfigError);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(() => new ConsoleOtpSender()).not.toThrow();
  });
});
