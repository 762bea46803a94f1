// The hint is shown to whoever started the flow, who may hold only a username: it must let the
// real user recognise the destination without handing an attacker the address or number.
import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from './destination-hint';

const revealed = (hint: string) => [...hint].filter((c) => c !== '•' && c !== '+').length;

describe('maskEmail: the mailbox name is not revealed', () => {
  it('keeps the first character and the domain, so the user recognises the address', () => {
    expect(maskEmail('alice@example.com')).toBe('a•••@example.com');
  });

  it('does not reveal the length of the mailbox name', () => {
    expect(maskEmail('al@example.com')).toBe('a•••@example.com');
    expect(maskEmail('alexandra.long-name@example.com')).toBe('a•••@example.com');
  });

  it('masks a one-character mailbox name whole, since its first character is all of it', () => {
    expect(maskEmail('a@example.com')).toBe('•••@example.com');
  });

  it('takes the last @ as the separator, so a quoted local part with an @ is masked too', () => {
    expect(maskEmail('"a@b"@example.com')).toBe('"•••@example.com');
  });

  it('reveals nothing of a value that is not an address at all', () => {
    expect(maskEmail('')).toBe('•••');
    expect(maskEmail('x')).toBe('•••');
  });
});

describe('maskPhone: never more than half of the digits, and not the length', () => {
  it('keeps the +, the first digit and the last four around a fixed mask (DESIGN.md: +1•••••••0002)', () => {
    expect(maskPhone('+15550100002')).toBe('+1•••••••0002');
  });

  it('does not reveal how long the number is', () => {
    expect(maskPhone('+491701234567890')).toBe('+4•••••••7890');
    expect(maskPhone('+4915123456789')).toBe('+4•••••••6789');
  });

  it.each(['+12345678', '+1234567', '+12345', '+1234', '+123', '+12', '+1', '12345678'])('reveals at most half of the digits of the short value %s', (phone) => {
    const hint = maskPhone(phone);
    const digits = phone.replace('+', '').length;
    expect(revealed(hint)).toBeLessThanOrEqual(Math.floor(digits / 2));
    expect(hint).toContain('•••••••');
  });

  it('prefers the last digits on a short number', () => {
    expect(maskPhone('+12345678')).toBe('+1•••••••678');
    expect(maskPhone('+1234')).toBe('+•••••••34');
    expect(maskPhone('+1')).toBe('+•••••••');
  });

  it('reveals nothing of an empty value', () => {
    expect(maskPhone('')).toBe('•••••••');
    expect(maskPhone('+')).toBe('+•••••••');
  });
});
