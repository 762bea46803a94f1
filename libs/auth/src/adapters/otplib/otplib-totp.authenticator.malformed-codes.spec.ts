// Threat: input that is not a plain code (padding, Unicode digits, a megabyte of digits, letters)
// reaching the OTP library, where it could throw into a 500, cost time proportional to its size, or
// be read as a different number. Anything but exactly `digits` ASCII digits is a wrong code,
// refused before otplib is called.
import { describe, expect, it, vi } from 'vitest';
import * as otplib from 'otplib';
import { OtplibTotpAuthenticator } from './otplib-totp.authenticator';

vi.mock('otplib', async (importOriginal) => {
  const real = await importOriginal<typeof import('otplib')>();
  return { ...real, verify: vi.fn(real.verify) };
});

const totp = new OtplibTotpAuthenticator();
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const now = new Date(1_700_000_010_000);
const check = { now, window: 1 };
const toFullwidth = (digits: string) => [...digits].map((digit) => String.fromCodePoint(0xff10 + Number(digit))).join('');
const toArabicIndic = (digits: string) => [...digits].map((digit) => String.fromCodePoint(0x0660 + Number(digit))).join('');

describe('malformed codes', () => {
  it('accepts the current code as typed, through otplib, so the refusals below are about form, not value', async () => {
    vi.mocked(otplib.verify).mockClear();
    await expect(totp.verify(secret, await totp.generate(secret, now), check)).resolves.toBeTypeOf('number');
    expect(otplib.verify).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a leading space', (code: string) => ` ${code}`],
    ['a trailing space', (code: string) => `${code} `],
    ['a trailing newline', (code: string) => `${code}\n`],
    ['a space in the middle', (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`],
    ['fullwidth digits', toFullwidth],
    ['Arabic-Indic digits', toArabicIndic],
    ['a plus sign', (code: string) => `+${code.slice(1)}`],
    ['a minus sign', (code: string) => `-${code.slice(1)}`],
    ['a NUL byte appended', (code: string) => `${code}\u0000`],
    ['one digit missing', (code: string) => code.slice(1)],
    ['one digit extra', (code: string) => `${code}0`],
    ['the code repeated to 10,000 digits', (code: string) => code.repeat(10_000 / code.length + 1).slice(0, 10_000)],
  ])('refuses the current code with %s and never hands it to otplib', async (_, alter) => {
    const code = alter(await totp.generate(secret, now));
    vi.mocked(otplib.verify).mockClear();
    await expect(totp.verify(secret, code, check)).resolves.toBeUndefined();
    expect(otplib.verify).not.toHaveBeenCalled();
  });

  it.each([
    ['empty', ''],
    ['letters', '12345a'],
    ['hex', '0x1234'],
    ['exponent', '1e5000'],
    ['10,000 digits', '1'.repeat(10_000)],
    ['a number instead of a string', 123456 as unknown as string],
    ['null', null as unknown as string],
  ])('resolves %s to undefined without throwing or calling otplib', async (_, code) => {
    vi.mocked(otplib.verify).mockClear();
    await expect(totp.verify(secret, code, check)).resolves.toBeUndefined();
    expect(otplib.verify).not.toHaveBeenCalled();
  });

  it('screens by the configured length: an 8-digit authenticator refuses 6 digits, a 6-digit one refuses 8', async () => {
    const eight = new OtplibTotpAuthenticator({ digits: 8 });
    vi.mocked(otplib.verify).mockClear();
    await expect(eight.verify(secret, (await eight.generate(secret, now)).slice(2), check)).resolves.toBeUndefined();
    await expect(totp.verify(secret, await eight.generate(secret, now), check)).resolves.toBeUndefined();
    expect(otplib.verify).not.toHaveBeenCalled();
    await expect(eight.verify(secret, await eight.generate(secret, now), check)).resolves.toBeTypeOf('number');
  });
});
