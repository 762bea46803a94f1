import type { Provider } from '@nestjs/common';
import type { SessionMode } from './domain/session-mode';
import { AuthSettings } from './application/auth-settings';
import { PasswordPolicy } from './domain/password-policy';
import { defaultFlowPolicy } from './application/flows/default-flow-policy';
import { laterStepLimits } from './application/flows/later-step-throttle';
import { JosePreAuthTokenCodec } from './adapters/jose/jose-pre-auth-token.codec';
import { derivePreAuthTokenKey } from './adapters/jose/pre-auth-token-key';
import { FlowStateStore } from './ports/flow-state-store';
import { PreAuthTokenCodec } from './ports/pre-auth-token-codec';
import type { AuthModuleOptions, AuthPersistence, AuthStores, IdentityAdapters } from './auth-module.options';
import { MODULE_OPTIONS_TOKEN } from './auth-module.definition';
import { Argon2PasswordHasher } from './adapters/local/argon2-password-hasher';
import { LocalIdentityProvider } from './adapters/local/local-identity-provider';
import { LocalUserDirectory } from './adapters/local/local-user-directory';
import { loadSigningKey, loadVerificationKey } from './adapters/jwt/signing-key';
import { JwtAccessTokenIssuer } from './adapters/jwt/jwt-access-token.issuer';
import { JwtAccessTokenVerifier } from './adapters/jwt/jwt-access-token.verifier';
import { JwtKeyRing } from './adapters/jwt/jwt-key-ring';
import { AccessTokenVerifiers } from './application/tokens/access-token-verifiers';
import { memoryPersistence, memoryStores } from './persistence';
import { assertStoresFitPersistence } from './shared-stores';
import { SystemClock } from './adapters/system/system-clock';
import { AttemptCounter } from './ports/attempt-counter';
import { Clock } from './ports/clock';
import { IdentityProvider } from './ports/identity-provider';
import { RefreshTokenRepository } from './ports/refresh-token-repository';
import { SessionRepository } from './ports/session-repository';
import { AccessTokenIssuer } from './ports/access-token-issuer';
import { UserAccountRepository } from './ports/user-account-repository';
import { UserDirectory } from './ports/user-directory';
import { ClientAddresses } from './http/client-address';
import { resolveMfa, type ResolvedMfa } from './mfa.providers';
import { MfaSettings } from './application/mfa/mfa-settings';
import { OtpCodeDigest } from './application/mfa/otp-code-digest';
import { OtpDelivery } from './application/mfa/otp-delivery';
import { SecretCipher } from './ports/secret-cipher';
import { TotpAuthenticator } from './ports/totp-authenticator';
import { QrCodeRenderer } from './ports/qr-code-renderer';
import { TotpEnrollmentRepository } from './ports/totp-enrollment-repository';
import { RecoveryCodeRepository } from './ports/recovery-code-repository';
import { ElevationStore } from './ports/elevation-store';
import { OtpChallengeStore } from './ports/otp-challenge-store';
import { PendingOperationStore } from './ports/pending-operation-store';
import { ProviderSessionStore } from './ports/provider-session-store';
import { StepUpSettings } from './application/step-up/step-up-settings';
import { stepUpSettingsOf } from './step-up.providers';

/** The options with every default filled in, built once so each port gets the same instance. */
interface ResolvedOptions {
  readonly options: AuthModuleOptions;
  readonly persistence: AuthPersistence;
  readonly stores: AuthStores;
  readonly identity: IdentityAdapters;
  readonly clock: Clock;
  readonly tokens: AccessTokenIssuer;
  readonly verifiers: AccessTokenVerifiers;
  readonly settings: AuthSettings;
  readonly preAuthTokens: PreAuthTokenCodec;
  readonly mfa: ResolvedMfa;
  readonly hasher: Argon2PasswordHasher | undefined;
  readonly stepUp: StepUpSettings;
}

const RESOLVED = Symbol('stepgate.resolved-options');
const PASSWORD_HASHING_THREADS = Symbol('stepgate.password-hashing-threads');

async function resolve(options: AuthModuleOptions): Promise<ResolvedOptions> {
  const mode = options.mode ?? 'stateful';
  const clock = options.clock ?? new SystemClock();
  const persistence = options.persistence ?? memoryPersistence();
  const stores = options.stores ?? memoryStores();
  assertStoresFitPersistence(persistence, stores, options.singleInstance);
  // Only the local identity hashes passwords: another one starts no hashing threads.
  const hasher = options.identity ? undefined : new Argon2PasswordHasher(options.password);
  // A hashing thread that cannot start (argon2 missing from a bundle) fails the boot, not every sign-in.
  await hasher?.ready();
  const identity: IdentityAdapters = options.identity ?? {
    provider: new LocalIdentityProvider(persistence.users, hasher!),
    directory: new LocalUserDirectory(persistence.users, hasher!, clock),
  };
  const signingKey = await loadSigningKey(options.signingKey);
  const previousKeys = await Promise.all((options.previousSigningKeys ?? []).map((key, index) => loadVerificationKey(key, `previousSigningKeys[${index}]`)));
  const keys = new JwtKeyRing(signingKey, previousKeys);
  const issuer = options.issuer ?? 'stepgate';
  const audience = options.audience ?? 'stepgate';
  const lifetimes = accessTokenLifetimes(mode, options.accessTokenTtlSeconds);
  const tokens = new JwtAccessTokenIssuer({ issuer, audience, keys });
  // The module's own tokens first, then those of other issuers the identity adapters trust (a Keycloak realm).
  const verifiers = new AccessTokenVerifiers([new JwtAccessTokenVerifier({ issuer, audience, keys, lifetimes }), ...(identity.accessTokenVerifiers ?? [])]);
  const throttle = options.signInThrottle ?? {};
  const settings = new AuthSettings({
    defaultMode: mode,
    accessTokenTtlSeconds: lifetimes,
    allowStatelessSignIns: options.allowStatelessSignIns ?? false,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 14 * 24 * 3600,
    signInThrottle: {
      perAccount: { limit: 5, windowSeconds: 900, ...throttle.perAccount },
      perClient: { limit: 50, windowSeconds: 900, ...throttle.perClient },
      maxChecksInFlightPerClient: positiveInteger(throttle.maxChecksInFlightPerClient ?? 4, 'signInThrottle.maxChecksInFlightPerClient'),
    },
    laterStepThrottle: laterStepLimits(options.laterStepThrottle),
    sessionCheckStalenessMs: options.sessionCheckStalenessMs ?? 1000,
    verifiedTokenCacheSize: options.verifiedTokenCacheSize ?? 10_000,
    extraSteps: options.steps ?? [],
    flowPolicy: options.flowPolicy ?? defaultFlowPolicy(options.requireSecondFactorForGroups),
    maxStepAttempts: options.maxStepAttempts ?? 5,
  });
  const preAuthTokens = new JosePreAuthTokenCodec(options.preAuthTokenKey ?? derivePreAuthTokenKey(signingKey.privateKey));
  const mfa = resolveMfa(options.mfa, signingKey.privateKey);
  const stepUp = stepUpSettingsOf(options.stepUp);
  return { options, persistence, stores, identity, hasher, clock, tokens, verifiers, settings, preAuthTokens, mfa, stepUp };
}

/**
 * `accessTokenTtlSeconds` is the lifetime of the configured mode's tokens. A stateless token that a
 * stateful deployment issues (`allowStatelessSignIns`) is trusted until it expires, so it never gets
 * more than the stateless default.
 */
function accessTokenLifetimes(mode: SessionMode, configured: number | undefined): { stateful: number; stateless: number } {
  if (mode === 'stateless') return { stateful: configured ?? 300, stateless: configured ?? 300 };
  return { stateful: configured ?? 900, stateless: Math.min(configured ?? 900, 300) };
}

function fromResolved<T>(provide: abstract new (...args: never[]) => T, pick: (resolved: ResolvedOptions) => T): Provider {
  return { provide, useFactory: pick, inject: [RESOLVED] };
}

/** Binds every port to the adapter the options chose. */
export const PORT_PROVIDERS: Provider[] = [
  { provide: RESOLVED, useFactory: resolve, inject: [MODULE_OPTIONS_TOKEN] },
  fromResolved(AuthSettings, (r) => r.settings),
  fromResolved(PasswordPolicy, (r) => new PasswordPolicy(r.options.passwordPolicy)),
  fromResolved(Clock, (r) => r.clock),
  fromResolved(AccessTokenIssuer, (r) => r.tokens),
  fromResolved(AccessTokenVerifiers, (r) => r.verifiers),
  fromResolved(UserAccountRepository, (r) => r.persistence.users),
  fromResolved(SessionRepository, (r) => r.persistence.sessions),
  fromResolved(RefreshTokenRepository, (r) => r.persistence.refreshTokens),
  fromResolved(AttemptCounter, (r) => r.stores.attempts),
  fromResolved(FlowStateStore, (r) => r.stores.flows),
  fromResolved(PreAuthTokenCodec, (r) => r.preAuthTokens),
  fromResolved(IdentityProvider, (r) => r.identity.provider),
  fromResolved(UserDirectory, (r) => r.identity.directory),
  fromResolved(ClientAddresses, (r) => new ClientAddresses(r.options.trustedProxies)),
  fromResolved(TotpEnrollmentRepository, (r) => r.persistence.totpEnrollments),
  fromResolved(RecoveryCodeRepository, (r) => r.persistence.recoveryCodes),
  fromResolved(OtpChallengeStore, (r) => r.stores.otpChallenges),
  fromResolved(ElevationStore, (r) => r.stores.elevations),
  fromResolved(PendingOperationStore, (r) => r.stores.pendingOperations),
  fromResolved(ProviderSessionStore, (r) => r.stores.providerSessions),
  fromResolved(StepUpSettings, (r) => r.stepUp),
  fromResolved(MfaSettings, (r) => r.mfa.settings),
  fromResolved(SecretCipher, (r) => r.mfa.cipher),
  fromResolved(OtpCodeDigest, (r) => r.mfa.digest),
  fromResolved(TotpAuthenticator, (r) => r.mfa.authenticator),
  fromResolved(QrCodeRenderer, (r) => r.mfa.qrCodes),
  fromResolved(OtpDelivery, (r) => r.mfa.delivery),
  // The hashing threads stop once the app has closed its HTTP server, so sign-ins still in flight
  // during a graceful shutdown finish (Nest calls the hook on the object the factory made).
  { provide: PASSWORD_HASHING_THREADS, useFactory: (r: ResolvedOptions) => ({ onApplicationShutdown: () => r.hasher?.close() }), inject: [RESOLVED] },
];

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${value}`);
  return value;
}
