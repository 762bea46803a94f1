/**
 * Authentication for NestJS: password and multi-step sign-in, sessions, rotating refresh tokens,
 * RBAC, built from DDD aggregates and commands and queries on `@nestjs/cqrs`.
 *
 * This file is the whole public API of `@stepgate/auth`; `@stepgate/auth/typeorm` adds TypeORM
 * persistence and `@stepgate/auth/testing` the contract suites and a fixed clock. Names are exported
 * one by one, so nothing internal leaks by accident; `etc/auth.api.md` records them.
 *
 * @packageDocumentation
 */

// Module and options.
export { AuthModule } from './auth.module';
export type { AuthModuleOptions, AuthModuleExtras, AuthPersistence, AuthStores, IdentityAdapters } from './auth-module.options';
export type { ThrottleWindow, LaterStepLimits } from './application/auth-settings';
export type { MfaOptions } from './mfa-options';
export type { StepUpOptions } from './step-up-options';
export { memoryPersistence, memoryStores, redisStores } from './persistence';
export type { SigningKeyInput, SigningAlgorithm, VerificationKeyInput, PreviousSigningKeyInput } from './adapters/jwt/signing-key';
export type { KeyMaterial } from './adapters/jwt/key-material';
export { SigningKeyError } from './adapters/jwt/signing-key.error';
export { generateSigningKey, type GeneratedSigningKey } from './adapters/jwt/generate-signing-key';
export type { Argon2Options } from './adapters/local/argon2-password-hasher';
export { MissingPeerDependencyError } from './peer-dependencies';
export { StoresNotSharedError } from './shared-stores';

// Decorators, guards, request context, the HTTP error contract.
export { Public } from './http/decorators/public.decorator';
export { RequireGroups, type GroupRequirement } from './http/decorators/require-groups.decorator';
// ABAC: rules per resource type, checked on handlers, pushed into list queries.
export { Authorize, PermittedActions, type AuthorizeOptions, type PermittedActionsOptions, type IdentityFrom } from './application/authorization/handler-authorization.decorators';
export { AuthorizationFilterQuery } from './application/authorization/authorization-filter.query';
export { AuthorizationPolicy } from './ports/authorization-policy';
export { CaslAuthorizationPolicy } from './adapters/casl/casl-authorization-policy';
export { AuthorizationRuleError } from './adapters/casl/rule-conditions';
export type { AuthorizationOptions, AuthorizationRule, FieldOperators, ResourceFinder, ResourcePolicy, RuleConditions } from './domain/authorization/authorization-rule';
export { mapFilterFields, UnmappedFieldError, type AuthorizationFilter, type FieldMapping, type FilterCondition, type FilterValue } from './domain/authorization/filter-condition';
export { CurrentIdentity } from './http/decorators/current-identity.decorator';
export { NoStore } from './http/decorators/no-store.decorator';
export { AuthenticationGuard } from './http/guards/authentication.guard';
export { GroupsGuard } from './http/guards/groups.guard';
export { VerifyElevation } from './http/decorators/verify-elevation.decorator';
export type { VerifyElevationOptions, CommonElevationOptions, ResumableCommand, ResumableInput } from './http/decorators/elevation-route';
export { ElevationGuard } from './http/guards/elevation.guard';
export { getIdentity, getAccessToken } from './http/request-context';
export { ProblemDetailsFilter } from './http/errors/problem-details.filter';
export { AuthValidationPipe, type AuthValidationPipeOptions } from './http/errors/validation.pipe';
export type { TrustedProxies } from './http/client-address';
export type { ProblemDetails } from './http/errors/problem-details';

// Sign-in flows and steps.
export { AuthenticateWithCredentialsCommand } from './application/sign-in/authenticate-with-credentials.command';
export { SubmitStepCommand } from './application/flows/submit-step.command';
export { ContinueWithCodeCommand } from './application/flows/continue-with-code.command';
export type { SignInResult, CompletedSignIn, PendingSignIn } from './application/sign-in/sign-in-result';
export type { FlowReference } from './application/flows/flow-reference';
export type { ClientContext } from './application/flows/sign-in-engine';
export type { FlowPolicy, FlowPolicyInput } from './application/flows/flow-policy';
export { defaultFlowPolicy } from './application/flows/default-flow-policy';
export { GetStepOptionsQuery } from './application/steps/get-step-options.query';
export { SignInStep, type StepContext, type StepResult, type JsonSchemaObject } from './ports/sign-in-step';

// Tokens and sessions.
export { RefreshTokensCommand } from './application/tokens/refresh-tokens.command';
export { AuthenticateAccessTokenQuery } from './application/tokens/authenticate-access-token.query';
export type { AccessContext } from './application/tokens/access-context';
export { GetJwksQuery } from './application/tokens/get-jwks.query';
export { LogoutCommand } from './application/sessions/logout.command';
export { RevokeSessionCommand } from './application/sessions/revoke-session.command';
export { EndProviderLogoutCommand } from './application/sessions/end-provider-logout.command';
export { ListActiveSessionsQuery, type SessionView } from './application/sessions/list-active-sessions.query';

// Users.
export { GetUserInfoQuery, type UserInfo } from './application/users/get-user-info.query';
export { ListUsersQuery } from './application/users/list-users.query';
export { CreateUserCommand, type NewUserDetails } from './application/users/create-user.command';
export { UpdateUserCommand, type UserUpdate } from './application/users/update-user.command';
export { SetPasswordCommand } from './application/users/set-password.command';
export { ChangePasswordCommand } from './application/users/change-password.command';
export { RemoveUserCommand } from './application/users/remove-user.command';

// Second factors and account recovery.
export { BeginTotpSetupCommand, type TotpSetupStarted } from './application/mfa/begin-totp-setup.command';
export { ConfirmTotpSetupCommand, type TotpEnabled } from './application/mfa/confirm-totp-setup.command';
export { DisableTotpCommand } from './application/mfa/disable-totp.command';
export { IssueOtpChallengeCommand } from './application/mfa/issue-otp-challenge.command';
export type { IssuedChallenge } from './application/mfa/otp-challenges';
export { RequestPasswordResetCommand, type PasswordResetRequested } from './application/password-reset/request-password-reset.command';
export { ResetPasswordCommand } from './application/password-reset/reset-password.command';
export { RegenerateRecoveryCodesCommand } from './application/mfa/regenerate-recovery-codes.command';

// Step-up: the commands behind @VerifyElevation and /auth/otp/* with a correlation_id.
export { VerifyElevationCommand, type ElevationRequirement, type StepUpCaller } from './application/step-up/verify-elevation.command';
export { IssueStepUpChallengeCommand } from './application/step-up/issue-step-up-challenge.command';
export { ValidateStepUpCodeCommand, type StepUpValidated } from './application/step-up/validate-step-up-code.command';
export { GrantElevationCommand, type GrantedElevation } from './application/step-up/grant-elevation.command';
export { ResumeOperationCommand } from './application/step-up/resume-operation.command';
export { GetOperationQuery, type OperationView } from './application/step-up/get-operation.query';
export { StepUpAuthenticationSaga } from './application/step-up/step-up-authentication.saga';
export { isE164 } from './domain/phone-number';
export { PasswordPolicy, WeakPasswordError, normalizePassword, type WeakPasswordReason, type PasswordPolicyOptions } from './domain/password-policy';

// Domain: identities, sessions, tokens.
export { type Identity, hasAnyGroup, hasAllGroups } from './domain/identity';
export { normalizeUsername, acceptNewUsername } from './domain/username';
export type { OtpMethod } from './domain/otp-method';
export type { Elevation, ElevationKey } from './domain/elevation';
export { type PendingOperation, type OperationState, type OperationStatus, type StoredCommand, statusOf } from './domain/pending-operation';
export { OtpChallenge, bindingKeyOf, type OtpChannel, type OtpBinding, type OtpChallengeState, type OtpAttemptOutcome } from './domain/otp-challenge';
export { amrOf } from './domain/authentication-method';
export { type AuthenticationMethod, type AssuranceLevel, assuranceLevelOf } from './domain/authentication-method';
export type { SessionMode } from './domain/session-mode';
export { AuthSession, type SessionStatus, type AuthSessionState, type StartSession } from './domain/auth-session';
export type { RefreshTokenRecord, RotationOutcome } from './domain/refresh-token';
export type { TokenPair } from './domain/token-pair';
export type { AccessTokenClaims } from './domain/access-token-claims';

// Events, published on the EventBus (identifiers and reasons, never a secret).
export type { DomainEvent } from './domain/events/domain-event';
export { AuthSessionCreatedEvent } from './domain/events/auth-session-created.event';
export { StepCompletedEvent } from './domain/events/step-completed.event';
export { SignInCompletedEvent } from './domain/events/sign-in-completed.event';
export { SignInFailedEvent } from './domain/events/sign-in-failed.event';
export { SessionRevokedEvent, type SessionRevocationReason } from './domain/events/session-revoked.event';
export { RefreshTokenRotatedEvent } from './domain/events/refresh-token-rotated.event';
export { RefreshTokenReusedEvent } from './domain/events/refresh-token-reused.event';
export { OtpRequiredEvent } from './domain/events/otp-required.event';
export { OtpChallengeIssuedEvent } from './domain/events/otp-challenge-issued.event';
export { OtpValidatedEvent } from './domain/events/otp-validated.event';
export { TotpEnabledEvent } from './domain/events/totp-enabled.event';
export { TotpDisabledEvent } from './domain/events/totp-disabled.event';
export { RecoveryCodeUsedEvent } from './domain/events/recovery-code-used.event';
export { SensitiveOperationRequestedEvent } from './domain/events/sensitive-operation-requested.event';
export { ElevationGrantedEvent } from './domain/events/elevation-granted.event';
export { OperationSettledEvent } from './domain/events/operation-settled.event';

// Errors: one base with a stable code (DESIGN.md section 4).
export {
  AuthError,
  type AuthErrorCode,
  type AuthErrorOptions,
  type FieldError,
  InvalidCredentialsError,
  UnauthenticatedError,
  TokenInvalidError,
  TokenExpiredError,
  RefreshTokenReusedError,
  SessionRevokedError,
  ForbiddenError,
  NotFoundError,
  TooManyAttemptsError,
  ValidationFailedError,
  ServiceUnavailableError,
  UnknownStepError,
  StepOutOfOrderError,
  FlowExpiredError,
  MfaRequiredError,
  MfaEnrollmentRequiredError,
  OtpInvalidError,
  OtpExpiredError,
  OtpDeliveryFailedError,
} from './domain/auth-error';

// Ports: abstract classes, each both the contract and its DI token.
export { Clock } from './ports/clock';
export { IdentityProvider, type AuthenticatedIdentity, type ProviderLogout, type ProviderSession } from './ports/identity-provider';
export {
  UserDirectory,
  UsernameTakenError,
  type DirectoryUser,
  type UserPage,
  type UserQuery,
  type NewUser,
  type UserChanges,
  type PasswordChangeOutcome,
} from './ports/user-directory';
export { UserAccountRepository, type UserAccount, type UserAccountChanges } from './ports/user-account-repository';
export { SessionRepository } from './ports/session-repository';
export { RefreshTokenRepository, type RotationResult } from './ports/refresh-token-repository';
export { AttemptCounter, type AttemptWindow } from './ports/attempt-counter';
export { FlowStateStore } from './ports/flow-state-store';
export { AccessTokenIssuer, type PublicJwks, type UnsignedClaims } from './ports/access-token-issuer';
export { AccessTokenVerifier, type VerifiedAccess } from './ports/access-token-verifier';
export { PreAuthTokenCodec } from './ports/pre-auth-token-codec';
export { TotpEnrollmentRepository, type TotpEnrollment, type PendingTotpSetup, type SealedSecret } from './ports/totp-enrollment-repository';
export { RecoveryCodeRepository } from './ports/recovery-code-repository';
export { OtpChallengeStore } from './ports/otp-challenge-store';
export { ElevationStore } from './ports/elevation-store';
export { PendingOperationStore, type OperationChange } from './ports/pending-operation-store';
export { ProviderSessionStore, type ProviderSessionLink } from './ports/provider-session-store';
export { OtpSender, type OtpMessage, type OtpPurpose } from './ports/otp-sender';
export { type OtpTemplates, type OtpEmail, defaultOtpTemplates } from './ports/otp-templates';
export { TotpAuthenticator, type TotpParameters, type TotpCheck } from './ports/totp-authenticator';
export { SecretCipher } from './ports/secret-cipher';
export { QrCodeRenderer } from './ports/qr-code-renderer';

// Adapters without optional peers, to mix or decorate (TypeORM ones: `@stepgate/auth/typeorm`).
export { MemoryUserAccountRepository } from './adapters/memory/memory-user-account.repository';
export { MemorySessionRepository } from './adapters/memory/memory-session.repository';
export { MemoryRefreshTokenRepository } from './adapters/memory/memory-refresh-token.repository';
export { MemoryAttemptCounter } from './adapters/memory/memory-attempt-counter';
export { MemoryOtpChallengeStore } from './adapters/memory/memory-otp-challenge.store';
export { MemoryElevationStore } from './adapters/memory/memory-elevation.store';
export { MemoryPendingOperationStore } from './adapters/memory/memory-pending-operation.store';
export { MemoryProviderSessionStore } from './adapters/memory/memory-provider-session.store';
export { MemoryTotpEnrollmentRepository } from './adapters/memory/memory-totp-enrollment.repository';
export { MemoryRecoveryCodeRepository } from './adapters/memory/memory-recovery-code.repository';
export { OtplibTotpAuthenticator } from './adapters/otplib/otplib-totp.authenticator';
export { AesGcmSecretCipher, type AesGcmSecretCipherOptions, type SecretCipherKey } from './adapters/crypto/aes-gcm-secret.cipher';
export { SecretCipherError, type SecretCipherFailure } from './adapters/crypto/secret-cipher.error';
export { QrcodePngRenderer } from './adapters/qrcode/qrcode-png.renderer';
export { ConsoleOtpSender, type ConsoleOtpSenderOptions } from './adapters/console/console-otp.sender';
export { SmtpOtpSender, type SmtpOtpSenderOptions, type SmtpOtpSenderSettings, type SmtpTransportOptions } from './adapters/smtp/smtp-otp.sender';
export { SmsWebhookOtpSender, type SmsWebhookOtpSenderOptions } from './adapters/sms-webhook/sms-webhook-otp.sender';
export { OtpSenderConfigError } from './adapters/otp-sender-config.error';
export { MemoryFlowStateStore } from './adapters/memory/memory-flow-state.store';
export { RedisAttemptCounter } from './adapters/redis/redis-attempt-counter';
export { RedisFlowStateStore } from './adapters/redis/redis-flow-state.store';
export { RedisOtpChallengeStore } from './adapters/redis/redis-otp-challenge.store';
export { RedisElevationStore } from './adapters/redis/redis-elevation.store';
export { RedisPendingOperationStore } from './adapters/redis/redis-pending-operation.store';
export { RedisProviderSessionStore } from './adapters/redis/redis-provider-session.store';
export type { RedisClient } from './adapters/redis/redis-client';
export { LocalIdentityProvider } from './adapters/local/local-identity-provider';
export { keycloakIdentity, createDefaultIdentityProvider, keycloakSettingsFromEnv, type KeycloakIdentityOptions, type KeycloakTokenOptions } from './adapters/keycloak/keycloak-identity';
export { KeycloakRealm, KeycloakConfigError, type KeycloakRealmOptions } from './adapters/keycloak/keycloak-realm';
export { KeycloakUnavailableError, KeycloakHttp, type KeycloakHttpOptions } from './adapters/keycloak/keycloak-http';
export { KeycloakIdentityProvider, type KeycloakIdentityProviderOptions, type VerifiedLogoutNotice } from './adapters/keycloak/keycloak-identity.provider';
export { KeycloakAccessTokenVerifier, type KeycloakAccessTokenVerifierOptions } from './adapters/keycloak/keycloak-access-token.verifier';
export { KeycloakUserDirectory, type KeycloakUserDirectoryOptions } from './adapters/keycloak/keycloak-user-directory';
export { KeycloakServiceAccount, KeycloakServiceAccountError, type KeycloakServiceAccountOptions, type AdminCall, type RealmManagementRole } from './adapters/keycloak/keycloak-service-account';
export type { KeycloakCall, KeycloakAnswer } from './adapters/keycloak/keycloak-http';
export { RealmKeys, type RealmKey, type RealmKeysOptions, type RealmAlgorithm } from './adapters/keycloak/realm-keys';
export { LocalUserDirectory } from './adapters/local/local-user-directory';
export { Argon2PasswordHasher } from './adapters/local/argon2-password-hasher';
export { SystemClock } from './adapters/system/system-clock';
