// A code travels through mail servers, notification previews and lock screens: the default wording
// must give the user the code and how long it lasts, and nothing more about the account.
import { describe, expect, it } from 'vitest';
import type { OtpMessage, OtpPurpose } from './otp-sender';
import { defaultOtpTemplates, lifetimeInMinutes } from './otp-templates';

const PURPOSES: OtpPurpose[] = ['sign-in', 'step-up', 'password-reset'];

function message(purpose: OtpPurpose, overrides: Partial<OtpMessage> = {}): OtpMessage {
  return { channel: 'email', to: 'alice@example.com', code: '482913', purpose, username: 'alice-secret-handle', expiresInSeconds: 300, ...overrides };
}

describe('defaultOtpTemplates: the code and its lifetime, nothing else', () => {
  it.each(PURPOSES)('states the code and the lifetime in minutes in the %s email and SMS', (purpose) => {
    const email = defaultOtpTemplates.email(message(purpose));
    expect(email.text).toContain('482913');
    expect(email.text).toContain('5 minutes');
    const sms = defaultOtpTemplates.sms(message(purpose, { channel: 'sms', to: '+15550100002' }));
    expect(sms).toContain('482913');
    expect(sms).toContain('5 minutes');
  });

  it.each(PURPOSES)('leaves the username and the destination out of the %s wording', (purpose) => {
    const email = defaultOtpTemplates.email(message(purpose));
    const sms = defaultOtpTemplates.sms(message(purpose, { channel: 'sms', to: '+15550100002' }));
    for (const rendered of [email.subject, email.text, email.html ?? '', sms]) {
      expect(rendered).not.toContain('alice');
      expect(rendered).not.toContain('+15550100002');
    }
  });

  it.each(PURPOSES)('keeps the code out of the %s subject, which notification previews show', (purpose) => {
    expect(defaultOtpTemplates.email(message(purpose)).subject).not.toMatch(/\d/);
  });

  it('says what the code is for, so a reset code is not mistaken for a sign-in one', () => {
    const subjects = PURPOSES.map((purpose) => defaultOtpTemplates.email(message(purpose)).subject);
    expect(new Set(subjects).size).toBe(3);
    expect(defaultOtpTemplates.sms(message('password-reset'))).toMatch(/reset your password/);
    expect(defaultOtpTemplates.sms(message('step-up'))).toMatch(/confirm/);
  });

  it('keeps an SMS within one 160-character GSM segment', () => {
    for (const purpose of PURPOSES) expect(defaultOtpTemplates.sms(message(purpose, { code: '99999999', expiresInSeconds: 3600 })).length).toBeLessThanOrEqual(160);
  });
});

describe('lifetimeInMinutes: never promises more time than the code has', () => {
  it.each([
    [300, '5 minutes'],
    [60, '1 minute'],
    [119, '1 minute'],
    [30, 'less than a minute'],
    [900, '15 minutes'],
  ])('%i seconds reads %s', (seconds, text) => {
    expect(lifetimeInMinutes(seconds)).toBe(text);
  });
});
