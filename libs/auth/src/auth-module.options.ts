import type { MfaOptions } from './mfa-options';
import type { AuthorizationOptions } from './domain/authorization/authorization-rule';
import type { SessionMode } from './domain/session-mode';
import type { LaterStepLimits, ThrottleWindow } from './application/auth-settings';
import type { Argon2Options } from './adapters/local/argon2-password-hasher';
import type { PasswordPolicyOptions } from './domain/password-policy';
import type { PreviousSigningKeyInput, SigningKeyInput } from './adapters/jwt/signing-key';
import type { AttemptCounter } from './ports/attempt-counter';
import type { Clock } from './ports/clock';
import type { FlowStateStore } from './ports/flow-state-store';
import type { ElevationStore } from './ports/elevation-store';
import type { PendingOperationStore } from './ports/pending-operation-store';
import type { ProviderSessionStore } from './ports/provider-session-store';
import type { StepUpOptions } from './step-up-options';
import type { OtpChallengeStore } from './ports/otp-challenge-store';
import type { SignInStep } from './ports/sign-in-step';
import type { FlowPolicy } from './application/flows/flow-policy';
import type { IdentityProvider } from './ports/identity-provider';
import type { AccessTokenVerifier } from './ports/access-token-verifier';
import type { RefreshTokenRepository } from './ports/refresh-token-repository';
import type { RecoveryCodeRepository } from './ports/recovery-code-repository';
import type { SessionRepository } from './ports/session-repository';
import type { TotpEnrollmentRepository } from './ports/totp-enrollment-repository';
import type { UserAccountRepository } from './ports/user-account-repository';
import type { UserDirectory } from './ports/user-directory';

/** Where sessions, refresh tokens, local users, TOTP enrolments and recovery codes are kept: `memoryPersistence()` or `typeormPersistence(dataSource)`. */
export interface AuthPersistence {
  readonly users: UserAccountRepository;
  readonly sessions: SessionRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly totpEnrollments: TotpEnrollmentRepository;
  readonly recoveryCodes: RecoveryCodeRepository;
  /**
   * Whether other processes reach the same data (a database server), so that the module insists
   * on shared `stores` too, unless `singleInstance` is set. @default false
   */
  readonly shared?: boolean;
}

/** Short-lived state every instance must share: `memoryStores()` for one instance, `redisStores(redis)` for many. */
export interface AuthStores {
  readonly attempts: AttemptCounter;
  readonly flows: FlowStateStore;
  /** Email and SMS challenges: a code sent by one instance must be accepted by any other. */
  readonly otpChallenges: OtpChallengeStore;
  /** Step-up elevations: granted on one instance, honoured on every other, gone with their session. */
  readonly elevations: ElevationStore;
  /** Pending step-up operations: asked for on one instance, validated, granted and resumed on any. */
  readonly pendingOperations: PendingOperationStore;
  /**
   * Which identity-provider session (Keycloak's) each module session opened: a logout on one
   * instance ends it, and the provider's back-channel logout, reaching any instance, finds it.
   */
  readonly providerSessions: ProviderSessionStore;
  /** Whether every instance sees the same state (`redisStores`); without it they count as per-process. @default false */
  readonly shared?: boolean;
}

/**
 * Who checks passwords and lists users, and whose bearer tokens are accepted beside the module's
 * own. The local provider is used when none is given; `keycloakIdentity()` builds a Keycloak one.
 */
export interface IdentityAdapters {
  readonly provider: IdentityProvider;
  readonly directory: UserDirectory;
  /**
   * Verifiers of access tokens other issuers sign (a Keycloak realm's), chosen by the token's `iss`:
   * guarded routes accept those tokens too, with the permits the verifier reads from them.
   * @default [] (only the module's own tokens)
   */
  readonly accessTokenVerifiers?: readonly AccessTokenVerifier[];
}

/** Options of `AuthModule.forRoot` / `forRootAsync`. */
export interface AuthModuleOptions {
  /**
   * The private key that signs access tokens (PEM or JWK; ES256 by default). Its public half is
   * served at `/auth/.well-known/jwks.json`. A missing or unusable key fails the start-up with a
   * `SigningKeyError`; `npx stepgate-keygen` prints a new one.
   *
   * @example
   * signingKey: { privateKey: process.env.SIGNING_KEY_PEM! }
   */
  signingKey: SigningKeyInput;
  /**
   * Keys retired by a rotation: tokens they signed are still accepted until they expire, and they
   * stay in the JWKS; they never sign. The public half is enough (`{ publicKey }`, e.g. the old
   * key's JWKS entry); a `{ privateKey }` is accepted and only its public half kept. Remove a key
   * once `accessTokenTtlSeconds` have passed since the rotation.
   *
   * @example
   * signingKey: { privateKey: newPem },
   * previousSigningKeys: [{ publicKey: oldPublicJwk }]
   * @default []
   */
  previousSigningKeys?: PreviousSigningKeyInput[];
  /** How completed sign-ins are checked on later requests (DESIGN.md section 4). @default 'stateful' */
  mode?: SessionMode;
  /** `iss` of issued access tokens, checked on verification. @default 'stepgate' */
  issuer?: string;
  /** `aud` of issued access tokens, checked on verification. @default 'stepgate' */
  audience?: string;
  /**
   * Lifetime of access tokens of the configured `mode`. The stateless tokens a stateful deployment
   * issues under `allowStatelessSignIns` get at most 300 s, whatever this says: nothing stops them
   * before they expire. Verification refuses a token whose `exp - iat` exceeds what is issued.
   * @default 900 in stateful mode, 300 in stateless mode
   */
  accessTokenTtlSeconds?: number;
  /**
   * In stateful mode, let a sign-in ask for a stateless session with `track_session: false`. Its
   * access tokens skip the session check, so logout, revocation and removing the user do not stop
   * them until they expire (300 s at most). Off, such a request answers 400 `VALIDATION_FAILED` on
   * `track_session`. Stateless mode always allows it; `track_session: true` is always allowed.
   * @default false
   */
  allowStatelessSignIns?: boolean;
  /** Lifetime of each refresh token; a session lives as long as it keeps refreshing. @default 1209600 (14 days) */
  refreshTokenTtlSeconds?: number;
  /** @default memoryPersistence() */
  persistence?: AuthPersistence;
  /** @default memoryStores() */
  stores?: AuthStores;
  /**
   * Says exactly one instance uses `persistence`. Without it, shared persistence (PostgreSQL via
   * `typeormPersistence`) beside stores that are not shared (`memoryStores()`, or `stores` omitted)
   * fails the start-up with `StoresNotSharedError`: several instances would each keep their own flow
   * state and attempt counters. Revocations reach other instances through the database within
   * `sessionCheckStalenessMs`. @default false
   */
  singleInstance?: boolean;
  /** @default the local provider over `persistence.users` */
  identity?: IdentityAdapters;
  /** argon2id parameters of the local provider. @default OWASP: m=19456 KiB, t=2, p=1 */
  password?: Argon2Options;
  /**
   * NIST 800-63B length bounds for new passwords (no composition rules; common passwords are always
   * refused). @default minLength 8, maxLength 256
   */
  passwordPolicy?: PasswordPolicyOptions;
  /**
   * The reverse proxies whose `X-Forwarded-For` entries are believed when reading the client
   * address (the per-client throttle, the sessions' `ip`). A number is a hop count: with one load
   * balancer in front, `1`, and the address is the rightmost entry. A list names the proxies by
   * address or CIDR range: the address is the rightmost entry that is not one of them. Entries left
   * of that were written by the client and never choose the address. Without it every client
   * behind a proxy shares the proxy's address, and one client's failures throttle them all.
   * The HTTP adapter's own `trust proxy` setting (and `request.ip`) is not read.
   *
   * @example
   * trustedProxies: 1                              // one load balancer
   * trustedProxies: ['10.0.0.0/8', 'fd00::/8']     // the proxies' addresses
   * @default 0 (the socket's address; forwarding headers are ignored)
   */
  trustedProxies?: number | string[];
  /**
   * Failed sign-ins allowed per account and per client address, and how many password checks one
   * address may have running at once on an instance (more answer 429 with `Retry-After: 1`, so one
   * client's burst cannot fill the hashing queue for everyone).
   * @default perAccount 5 failures / 900 s, perClient 50 failures / 900 s, maxChecksInFlightPerClient 4
   */
  signInThrottle?: { perAccount?: Partial<ThrottleWindow>; perClient?: Partial<ThrottleWindow>; maxChecksInFlightPerClient?: number };
  /**
   * Failures at the steps after the first (access PIN, one-time codes), per account across flows,
   * counted before each check and cleared only by a completed sign-in. After each
   * `failuresBeforeLockout` failures the account's later steps answer 429 with `Retry-After` for
   * `lockoutSeconds`; after `maxFailures` (below 100, NIST SP 800-63B section 5.2.2) they stay refused
   * until `windowSeconds` have passed since the first failure, or a sign-in completes without them.
   * The per-client `signInThrottle` counts these failures too.
   * @default failuresBeforeLockout 25, lockoutSeconds 900, maxFailures 75, windowSeconds 2592000 (30 days)
   */
  laterStepThrottle?: Partial<LaterStepLimits>;
  /**
   * How long a stateful session's "active" answer may be reused before the store is asked again.
   * A revocation on the same instance takes effect at once regardless; another instance honours it
   * within this bound (it reads the shared database; there is no publish/subscribe). @default 1000
   */
  sessionCheckStalenessMs?: number;
  /** Verified access tokens remembered per instance (bounded memory). @default 10000 */
  verifiedTokenCacheSize?: number;
  /**
   * Steps added to the built-in ones (`username-password`, `totp`, `email-otp`, `sms-otp`,
   * `recovery-code`), e.g. an access PIN. A step with a built-in key replaces that step.
   * @default []
   */
  steps?: SignInStep<object>[];
  /** Decides the steps after each one. @default password, then an enrolled second factor */
  flowPolicy?: FlowPolicy;
  /** With the default policy: groups whose members must pass a second factor. @default [] */
  requireSecondFactorForGroups?: string[];
  /** Failed attempts a flow may make at one of its later steps before it is closed. @default 5 */
  maxStepAttempts?: number;
  /**
   * 32-byte key of the stateless `pre_auth_token` (JWE dir + A256GCM). Instances of one app must
   * share it. @default derived from `signingKey` with HKDF, so a shared signing key suffices
   */
  preAuthTokenKey?: Uint8Array;
  /** TOTP, recovery codes, and codes sent by email or SMS. @default see `MfaOptions` */
  mfa?: MfaOptions;
  /**
   * ABAC: resource types the app owns and their rules, in CASL's shape, with the caller's id,
   * groups and attributes to hand. The same rules check one resource (`@Authorize` on a handler),
   * filter a list inside its database query (`AuthorizationFilterQuery` + `whereAuthorized`), and
   * fill `permitted_actions` (`@PermittedActions`). A malformed rule fails the start-up.
   *
   * @example
   * authorization: { resources: { document: {
   *   actions: ['read', 'update', 'delete'],
   *   finder: DocumentFinder,
   *   rules: (identity) => [
   *     { action: ['read', 'update', 'delete'], conditions: { owner_id: identity.userId } },
   *     { action: 'read', conditions: { department: identity.attributes?.department } },
   *     ...(identity.groups.includes('admin') ? [{ action: ['read', 'update', 'delete'] }] : []),
   *   ],
   * } } }
   * @default no resource types
   */
  authorization?: AuthorizationOptions;
  /** Step-up for `@VerifyElevation` routes. @default see `StepUpOptions` */
  stepUp?: StepUpOptions;
  /** @default the system clock */
  clock?: Clock;
}

/** Options given beside `forRoot`'s object: they decide which providers the module registers. */
export interface AuthModuleExtras {
  /** Make the module's exports visible everywhere. @default false */
  isGlobal?: boolean;
  /**
   * Register the authentication and groups guards for the whole app. With false, use `@UseGuards(AuthenticationGuard, GroupsGuard)`.
   * @default true
   */
  globalGuards?: boolean;
  /**
   * Register `ProblemDetailsFilter` for the whole app, so every error, the app's own included,
   * answers as problem+json (a host `HttpException` keeps its status and message). With false, the
   * app's errors, Nest's 404 and the body parser's errors get Nest's default answers (or your own
   * filters'); the module's errors stay problem+json on its routes and, from its guards, on yours.
   * Choose false when the app already has a catch-all filter of its own.
   * @default true
   */
  globalFilter?: boolean;
  /**
   * Keep the caller in an AsyncLocalStorage for the length of each request, so `getIdentity()` and
   * `getAccessToken()` work anywhere in its call chain. Off by default: on Node 20 and 22 an entered
   * AsyncLocalStorage runs a hook on every promise of the process, which costs every route
   * (README, "Performance"). `@CurrentIdentity()` needs no request context.
   * @default false
   */
  requestContext?: boolean;
}
