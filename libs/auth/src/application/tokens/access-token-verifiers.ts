import { TokenInvalidError } from '../../domain/auth-error';
import type { AccessTokenVerifier, VerifiedAccess } from '../../ports/access-token-verifier';

/**
 * The verifiers the module trusts, chosen by the token's `iss`: the module's own first, then those of
 * other issuers (a Keycloak realm). Built once at start-up; with a single verifier no claim is read
 * before it runs (it checks `iss` itself).
 */
export class AccessTokenVerifiers {
  private readonly byIssuer = new Map<string, AccessTokenVerifier>();
  private readonly only: AccessTokenVerifier | undefined;

  constructor(verifiers: readonly AccessTokenVerifier[]) {
    for (const verifier of verifiers) {
      // Two verifiers for one issuer would make the choice depend on the order of the list.
      if (this.byIssuer.has(verifier.issuer)) throw new Error(`Two access-token verifiers answer for the issuer "${verifier.issuer}".`);
      this.byIssuer.set(verifier.issuer, verifier);
    }
    this.only = verifiers.length === 1 ? verifiers[0] : undefined;
  }

  /** Verifies with the verifier of the token's issuer, and refuses a result the guards could misread. */
  async verify(token: string, now: Date): Promise<VerifiedAccess> {
    const verifier = this.only ?? this.byIssuer.get(unverifiedIssuerOf(token) ?? '');
    if (!verifier) throw new TokenInvalidError('The token was not issued by a trusted issuer.');
    return assertWellFormed(await verifier.verify(token, now));
  }
}

/** `iss` read before any check, only to pick the verifier that then checks everything. */
function unverifiedIssuerOf(token: string): string | undefined {
  const [, payload] = token.split('.', 3);
  if (!payload || payload.length > 8192) return undefined;
  try {
    const iss: unknown = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown })?.iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

// Fail closed whatever the verifier: `@RequireGroups` must never test a string for a substring, and a
// missing `sessionChecked` must not skip the session check. Runs once per token, not per request.
function assertWellFormed(access: VerifiedAccess): VerifiedAccess {
  const { identity } = access;
  const wellFormed =
    typeof identity?.userId === 'string' &&
    identity.userId.length > 0 &&
    Array.isArray(identity.groups) &&
    identity.groups.every((group) => typeof group === 'string') &&
    typeof access.sessionChecked === 'boolean' &&
    Number.isFinite(access.expiresAt);
  if (!wellFormed) throw new TokenInvalidError('The token does not describe a caller.');
  return access;
}
