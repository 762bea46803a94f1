import type { PublicJwks } from '../../ports/access-token-issuer';
import type { LoadedSigningKey, LoadedVerificationKey } from './signing-key';
import { SigningKeyError } from './signing-key.error';

/**
 * The module's keys by `kid`: the signing key and the retired ones still accepted after a rotation.
 * Built once at start-up and shared by the issuer (JWKS) and the verifier (key lookup).
 */
export class JwtKeyRing {
  private readonly keysById: ReadonlyMap<string, LoadedVerificationKey>;

  constructor(
    readonly signingKey: LoadedSigningKey,
    previousKeys: readonly LoadedVerificationKey[] = [],
  ) {
    const keysById = new Map<string, LoadedVerificationKey>([[signingKey.kid, signingKey]]);
    for (const [index, key] of previousKeys.entries()) {
      // A second key under one kid would silently replace the first: tokens of one of them would fail.
      if (keysById.has(key.kid)) throw new SigningKeyError(`previousSigningKeys[${index}] has kid "${key.kid}", already taken by ${key.kid === signingKey.kid ? 'signingKey (the same key listed twice?)' : 'another retired key'}; every key needs its own kid.`);
      keysById.set(key.kid, key);
    }
    this.keysById = keysById;
  }

  byKid(kid: unknown): LoadedVerificationKey | undefined {
    // Stryker disable next-line ConditionalExpression: every key in the map is a string and Map.get compares without coercion, so a kid of any other type finds nothing either way.
    return typeof kid === 'string' ? this.keysById.get(kid) : undefined;
  }

  jwks(): PublicJwks {
    return { keys: [...this.keysById.values()].map((key) => key.publicJwk) };
  }
}
