// Threat: a key rotation that silently drops a key. Two keys under one kid cannot both be found by
// it, so the tokens of one of them would start failing with no word of why; the ring refuses to be
// built instead, and says which entry collides with which.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JwtKeyRing } from './jwt-key-ring';
import { loadSigningKey, loadVerificationKey } from './signing-key';
import { SigningKeyError } from './signing-key.error';

const privateKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('JwtKeyRing: one key per kid', () => {
  it('refuses two retired keys under one kid, naming the second and blaming the other retired key', async () => {
    const signing = await loadSigningKey({ privateKey: privateKey() });
    const first = await loadVerificationKey({ privateKey: privateKey(), kid: 'old' }, 'previousSigningKeys[0]');
    const second = await loadVerificationKey({ privateKey: privateKey(), kid: 'old' }, 'previousSigningKeys[1]');
    const build = () => new JwtKeyRing(signing, [first, second]);
    expect(build).toThrow(SigningKeyError);
    expect(build).toThrow('previousSigningKeys[1] has kid "old", already taken by another retired key; every key needs its own kid.');
  });

  it('refuses a retired key under the signing key’s kid, suspecting the same key listed twice', async () => {
    const signing = await loadSigningKey({ privateKey: privateKey(), kid: 'current' });
    const retired = await loadVerificationKey({ privateKey: privateKey(), kid: 'current' }, 'previousSigningKeys[0]');
    expect(() => new JwtKeyRing(signing, [retired])).toThrow(
      'previousSigningKeys[0] has kid "current", already taken by signingKey (the same key listed twice?); every key needs its own kid.',
    );
  });

  it('finds each key of a valid ring by its kid', async () => {
    const signing = await loadSigningKey({ privateKey: privateKey(), kid: 'current' });
    const retired = await loadVerificationKey({ privateKey: privateKey(), kid: 'old' }, 'previousSigningKeys[0]');
    const ring = new JwtKeyRing(signing, [retired]);
    expect(ring.byKid('current')).toBe(signing);
    expect(ring.byKid('old')).toBe(retired);
    expect(ring.byKid('other')).toBeUndefined();
  });
});
