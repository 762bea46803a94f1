// Threat: guessable one-time codes. Sent codes and recovery codes must come from the CSPRNG with
// every value equally likely (a modulo bias or a dropped leading zero shrinks the space a guesser
// searches), and typed recovery codes must be read forgivingly but never as a different code.
import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { newNumericCode, newRecoveryCode, normaliseRecoveryCode } from './one-time-codes';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, randomInt: vi.fn(real.randomInt) };
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('newNumericCode', () => {
  it.each([4, 6, 8, 12])('always gives exactly %i ASCII digits', (digits) => {
    for (let i = 0; i < 2_000; i++) expect(newNumericCode(digits)).toMatch(new RegExp(`^[0-9]{${digits}}$`));
  });

  it('gives 6 digits by default', () => {
    expect(newNumericCode()).toMatch(/^[0-9]{6}$/);
  });

  it('draws from node:crypto randomInt over all 10^n values and zero-pads the small ones', () => {
    const draw = vi.mocked(crypto.randomInt);
    draw.mockClear();
    newNumericCode(6);
    expect(draw).toHaveBeenCalledWith(0, 1_000_000);
    draw.mockReturnValueOnce(7 as never);
    expect(newNumericCode(6)).toBe('000007');
    draw.mockReturnValueOnce(999_999 as never);
    expect(newNumericCode(6)).toBe('999999');
  });

  it('spreads each digit evenly over 0-9 (no modulo bias, leading zeros kept)', () => {
    const counts = Array.from({ length: 6 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < 20_000; i++) [...newNumericCode(6)].forEach((digit, position) => counts[position]![Number(digit)]!++);
    // 2,000 expected per cell, standard deviation about 42: a 300 margin fails only on a real bias.
    for (const position of counts) for (const count of position) expect(Math.abs(count - 2_000)).toBeLessThan(300);
  });

  it.each([0, 13, 2.5, Number.NaN])('refuses %s digits', (digits) => {
    expect(() => newNumericCode(digits)).toThrow(RangeError);
  });
});

describe('newRecoveryCode', () => {
  const codes = Array.from({ length: 10_000 }, () => newRecoveryCode());

  it('is always two groups of five Crockford base32 symbols: 10 × log2(32) = 50 bits', () => {
    const shape = new RegExp(`^[${CROCKFORD}]{5}-[${CROCKFORD}]{5}$`);
    for (const code of codes) expect(code).toMatch(shape);
    expect(10 * Math.log2(new Set(codes.join('').replaceAll('-', '')).size)).toBeGreaterThanOrEqual(50);
  });

  it('uses every symbol about equally often', () => {
    const counts = new Map<string, number>();
    for (const symbol of codes.join('').replaceAll('-', '')) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe(CROCKFORD);
    // 100,000 symbols: 3,125 expected each, standard deviation about 55.
    for (const count of counts.values()) expect(Math.abs(count - 3_125)).toBeLessThan(400);
  });

  it('does not repeat across 10,000 codes', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('normalises to its own symbols without the dash, so an issued code is always accepted', () => {
    for (const code of codes.slice(0, 500)) expect(normaliseRecoveryCode(code)).toBe(code.replace('-', ''));
  });
});

describe('normaliseRecoveryCode', () => {
  it.each([
    ['as issued', '7K3QM-X0D9B'],
    ['lowercase', '7k3qm-x0d9b'],
    ['without the dash', '7K3QMX0D9B'],
    ['with spaces', ' 7K3QM X0D9B '],
    ['grouped differently', '7K3-QMX-0D9B'],
    ['with O for zero', '7K3QM-XOD9B'],
    ['with lowercase o for zero', '7k3qm-xod9b'],
  ])('reads a code typed %s as the issued code', (_, typed) => {
    expect(normaliseRecoveryCode(typed)).toBe('7K3QMX0D9B');
  });

  it('reads I and L, in either case, as 1', () => {
    for (const typed of ['1111100000', 'IIIII-00000', 'lllll-ooooo', 'iLiL1-0oO00']) expect(normaliseRecoveryCode(typed)).toBe('1111100000');
  });

  it.each([
    ['empty', ''],
    ['only a dash', '-'],
    ['one symbol short', '7K3QM-X0D9'],
    ['one symbol long', '7K3QM-X0D9BB'],
    ['U, which Crockford base32 leaves out', '7K3QM-X0D9U'],
    ['other punctuation', '7K3QM_X0D9B'],
    ['a tab', '7K3QM\tX0D9B'],
    ['fullwidth letters', '７Ｋ３ＱＭ-Ｘ０Ｄ９Ｂ'],
    ['a Cyrillic О for zero', '7K3QM-XОD9B'],
    ['a dotless ı, which uppercases to I', '7K3QM-XıD9B'],
    ['a long s, which uppercases to S', '7K3QM-XſD9B'],
    ['a megabyte of valid symbols', 'A'.repeat(1_000_000)],
    ['a number instead of a string', 7 as unknown as string],
  ])('refuses %s', (_, typed) => {
    expect(normaliseRecoveryCode(typed)).toBeUndefined();
  });
});
