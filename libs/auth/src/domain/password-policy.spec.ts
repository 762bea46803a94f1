// Threat: guessable passwords. Online guessing starts with the commonest passwords, so NIST SP
// 800-63B refuses those and short ones, and forbids composition rules that only push users to
// "Password1!". Passwords are compared in their NFKC form so one typed on another keyboard matches.
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from './auth-error';
import { normalizePassword, PasswordPolicy, WeakPasswordError } from './password-policy';

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy();

  it('accepts 8 characters and refuses 7, counting code points rather than UTF-16 units', () => {
    expect(policy.reasonToRefuse('abcdefg')).toBe('too_short');
    expect(policy.reasonToRefuse('zq7-wk4v')).toBeUndefined();
    // Four emoji are 8 UTF-16 units but only 4 characters.
    expect(policy.reasonToRefuse('🐢🐢🐢🐢')).toBe('too_short');
    expect(policy.reasonToRefuse('🐢🐢🐢🐢🐢🐢🐢🐢')).toBeUndefined();
  });

  it('counts the length after NFKC: a ligature that expands reaches the minimum', () => {
    // "ﬃ" (U+FB03) is one character that NFKC turns into "ffi".
    expect([...'ﬃxyzw1'].length).toBe(6);
    expect(policy.reasonToRefuse('ﬃxyzw')).toBe('too_short');
    expect(policy.reasonToRefuse('ﬃxyzw1')).toBeUndefined();
  });

  it('accepts 64 and 256 characters and refuses 257, so long passphrases work and hashing stays bounded', () => {
    expect(policy.reasonToRefuse('correct horse battery staple '.repeat(3).slice(0, 64))).toBeUndefined();
    expect(policy.reasonToRefuse('x7'.repeat(128))).toBeUndefined();
    expect(policy.reasonToRefuse('x7'.repeat(128) + 'q')).toBe('too_long');
  });

  it('imposes no composition rules: lower-case letters alone, spaces and any script are fine', () => {
    for (const password of ['plumtreeriverbank', 'four words with spaces', 'пароль-на-кириллице', '這是一個很長的密碼短語']) {
      expect(policy.reasonToRefuse(password)).toBeUndefined();
    }
  });

  it('refuses the bundled common passwords whatever their case, and keeps near misses', () => {
    for (const password of ['password', 'PASSWORD', 'Password', '12345678', 'iloveyou', 'QwErTyUiOp', 'baseball']) {
      expect(policy.reasonToRefuse(password)).toBe('common');
    }
    expect(policy.reasonToRefuse('password-for-stepgate')).toBeUndefined();
  });

  it('refuses a common password typed in fullwidth letters, which NFKC folds to ASCII', () => {
    expect(policy.reasonToRefuse('ｐａｓｓｗｏｒｄ')).toBe('common');
  });

  it('refuses the username as the password, in any case or width', () => {
    expect(policy.reasonToRefuse('margaret-h', 'Margaret-H')).toBe('matches_username');
    expect(policy.reasonToRefuse('ＭＡＲＧＡＲＥＴ-h', 'margaret-h')).toBe('matches_username');
    expect(policy.reasonToRefuse('margaret-h-2026', 'margaret-h')).toBeUndefined();
  });

  it('refuses a lone surrogate, which hashing would turn into U+FFFD and collide', () => {
    expect(policy.reasonToRefuse('abcdefgh\uD800')).toBe('malformed');
    expect(policy.reasonToRefuse('\uDC00abcdefgh')).toBe('malformed');
  });

  it('returns the NFKC form to hash, or throws a VALIDATION_FAILED error naming the field', () => {
    expect(policy.accept('ｐａｓｓ-ｐｈｒａｓｅ-42')).toBe('pass-phrase-42');
    const error = (() => {
      try {
        policy.accept('short', { field: 'new_password' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(WeakPasswordError);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'too_short', errors: [{ field: 'new_password', message: 'The password must have at least 8 characters.' }] });
    expect(() => policy.accept('Password1')).toThrow(expect.objectContaining({ errors: [{ field: 'password', message: expect.stringMatching(/common/) }] }));
  });

  it('takes other bounds, but never below what NIST requires', () => {
    const strict = new PasswordPolicy({ minLength: 15, maxLength: 64 });
    expect(strict.reasonToRefuse('fourteen-chars')).toBe('too_short');
    expect(strict.reasonToRefuse('fifteen-chars!!')).toBeUndefined();
    expect(strict.reasonToRefuse('y'.repeat(65))).toBe('too_long');
    expect(() => new PasswordPolicy({ minLength: 6 })).toThrow(/at least 8/);
    expect(() => new PasswordPolicy({ maxLength: 32 })).toThrow(/at least 64/);
  });
});

describe('normalizePassword', () => {
  it('is NFKC: compatibility forms fold, canonical equivalents compose, ASCII is unchanged', () => {
    expect(normalizePassword('ＡＢＣ１２３')).toBe('ABC123');
    expect(normalizePassword('cafe\u0301')).toBe('café');
    expect(normalizePassword('plain-ascii-password')).toBe('plain-ascii-password');
  });
});
