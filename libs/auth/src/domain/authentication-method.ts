/**
 * Authentication method references (RFC 8176) recorded as a session completes its factors, and the
 * assurance level (`acr`) they add up to.
 */
export type AuthenticationMethod = 'pwd' | 'otp' | 'sms' | 'mfa' | 'kba' | 'hwk' | 'swk';

/** `acr` values: "1" for a single factor, "2" once a second, different factor is done. */
export type AssuranceLevel = '1' | '2';

/** The `acr` that a set of completed methods reaches: "2" needs two different kinds of factor. */
export function assuranceLevelOf(methods: readonly AuthenticationMethod[]): AssuranceLevel {
  const factors = new Set(methods.filter((method) => method !== 'mfa'));
  return factors.size >= 2 ? '2' : '1';
}

/**
 * The `amr` claim of a session (RFC 8176): the methods used, plus `mfa` once two different kinds
 * of factor are done, so a relying party that only knows the registry's `mfa` can tell.
 */
export function amrOf(methods: readonly AuthenticationMethod[]): AuthenticationMethod[] {
  const used = methods.filter((method) => method !== 'mfa');
  return assuranceLevelOf(used) === '2' ? [...used, 'mfa'] : used;
}
