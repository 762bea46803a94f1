// Threat: look-alike usernames that are separate accounts or separate throttle counters.
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from './auth-error';
import { acceptNewUsername, normalizeUsername } from './username';

describe('normalizeUsername', () => {
  it.each(['alice', 'ALICE', 'ＡＬＩＣＥ', 'ａlice', 'alice\u200B', ' alice ', '\u00ADal\u200Dice', 'alice\uFE0F'])('%j is alice', (typed) => {
    expect(normalizeUsername(typed)).toBe('alice');
  });

  it('folds case beyond lower-casing', () => {
    expect(normalizeUsername('STRASSE')).toBe(normalizeUsername('straße'));
    expect(normalizeUsername('ΟΔΟΣ')).toBe(normalizeUsername('οδος'));
  });

  it('keeps names that differ in letters apart', () => {
    expect(normalizeUsername('alice')).not.toBe(normalizeUsername('alicf'));
  });
});

describe('acceptNewUsername', () => {
  it('stores the folded form', () => {
    expect(acceptNewUsername('ＤＯＲＡ')).toBe('dora');
  });

  it.each(['', ' ', ' alice', 'alice ', 'al ice', 'alice\u200B', '\u200B', 'ali\u0000ce', 'ali\u3000ce', 'x'.repeat(129)])('refuses %j', (name) => {
    expect(() => acceptNewUsername(name)).toThrow(ValidationFailedError);
  });
});
