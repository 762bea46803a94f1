import type { Provider } from '@nestjs/common';
import { AuthenticateWithCredentialsHandler } from './sign-in/authenticate-with-credentials.handler';
import { SignInThrottle } from './sign-in/sign-in-throttle';
import { LaterStepThrottle } from './flows/later-step-throttle';
import { AuthenticateAccessTokenHandler } from './tokens/authenticate-access-token.handler';
import { GetJwksHandler } from './tokens/get-jwks.handler';
import { RefreshTokensHandler } from './tokens/refresh-tokens.handler';
import { SessionStatusCache } from './tokens/session-status-cache';
import { TokenIssuer } from './tokens/token-issuer';
import { VerifiedTokenCache } from './tokens/verified-token-cache';
import { ListActiveSessionsHandler } from './sessions/list-active-sessions.handler';
import { LogoutHandler } from './sessions/logout.handler';
import { EndProviderLogoutHandler } from './sessions/end-provider-logout.handler';
import { RevokeSessionHandler } from './sessions/revoke-session.handler';
import { SessionRevoker } from './sessions/session-revoker';
import { ProviderSessions } from './sessions/provider-sessions';
import { GetUserInfoHandler } from './users/get-user-info.handler';
import { ListUsersHandler } from './users/list-users.handler';
import { RemoveUserHandler } from './users/remove-user.handler';
import { CreateUserHandler } from './users/create-user.handler';
import { UpdateUserHandler } from './users/update-user.handler';
import { SetPasswordHandler } from './users/set-password.handler';
import { UserUpdates } from './users/user-updates';
import { ChangePasswordHandler } from './users/change-password.handler';
import { GetStepOptionsHandler } from './steps/get-step-options.handler';
import { UsernamePasswordStep } from './sign-in/username-password.step';
import { SignInSteps } from './flows/sign-in-steps';
import { PendingFlows } from './flows/pending-flows';
import { SignInEngine } from './flows/sign-in-engine';
import { SubmitStepHandler } from './flows/submit-step.handler';
import { ContinueWithCodeHandler } from './flows/continue-with-code.handler';
import { TotpCodes } from './mfa/totp-codes';
import { RecoveryCodes } from './mfa/recovery-codes';
import { OtpChallenges } from './mfa/otp-challenges';
import { MfaProfile } from './mfa/mfa-profile';
import { EmailOtpStep, RecoveryCodeStep, SmsOtpStep, TotpStep } from './mfa/one-time-code.steps';
import { BeginTotpSetupHandler } from './mfa/begin-totp-setup.handler';
import { ConfirmTotpSetupHandler } from './mfa/confirm-totp-setup.handler';
import { DisableTotpHandler } from './mfa/disable-totp.handler';
import { IssueOtpChallengeHandler } from './mfa/issue-otp-challenge.handler';
import { RequestPasswordResetHandler } from './password-reset/request-password-reset.handler';
import { ResetPasswordHandler } from './password-reset/reset-password.handler';
import { RegenerateRecoveryCodesHandler } from './mfa/regenerate-recovery-codes.handler';
import { StepUpMethods } from './step-up/step-up-methods';
import { StepUpCodes } from './step-up/step-up-codes';
import { StepUpSessions } from './step-up/step-up-sessions';
import { ElevationCache } from './step-up/elevation-cache';
import { CallerOperations } from './step-up/caller-operations';
import { OperationOutcomes } from './step-up/operation-outcomes';
import { VerifyElevationHandler } from './step-up/verify-elevation.handler';
import { IssueStepUpChallengeHandler } from './step-up/issue-step-up-challenge.handler';
import { ValidateStepUpCodeHandler } from './step-up/validate-step-up-code.handler';
import { GrantElevationHandler } from './step-up/grant-elevation.handler';
import { ResumeOperationHandler } from './step-up/resume-operation.handler';
import { GetOperationHandler } from './step-up/get-operation.handler';
import { StepUpAuthenticationSaga } from './step-up/step-up-authentication.saga';
import { ResumedOperationFailures } from './step-up/resumed-operation-failures';

/** Every handler and application service the module registers. */
export const APPLICATION_PROVIDERS: Provider[] = [
  SignInThrottle,
  LaterStepThrottle,
  UsernamePasswordStep,
  TotpCodes,
  RecoveryCodes,
  OtpChallenges,
  MfaProfile,
  TotpStep,
  EmailOtpStep,
  SmsOtpStep,
  RecoveryCodeStep,
  BeginTotpSetupHandler,
  ConfirmTotpSetupHandler,
  DisableTotpHandler,
  IssueOtpChallengeHandler,
  RequestPasswordResetHandler,
  ResetPasswordHandler,
  RegenerateRecoveryCodesHandler,
  StepUpMethods,
  StepUpCodes,
  StepUpSessions,
  ElevationCache,
  CallerOperations,
  OperationOutcomes,
  VerifyElevationHandler,
  IssueStepUpChallengeHandler,
  ValidateStepUpCodeHandler,
  GrantElevationHandler,
  ResumeOperationHandler,
  GetOperationHandler,
  StepUpAuthenticationSaga,
  ResumedOperationFailures,
  SignInSteps,
  PendingFlows,
  SignInEngine,
  SubmitStepHandler,
  ContinueWithCodeHandler,
  TokenIssuer,
  VerifiedTokenCache,
  SessionStatusCache,
  SessionRevoker,
  ProviderSessions,
  AuthenticateWithCredentialsHandler,
  RefreshTokensHandler,
  AuthenticateAccessTokenHandler,
  GetJwksHandler,
  LogoutHandler,
  EndProviderLogoutHandler,
  RevokeSessionHandler,
  ListActiveSessionsHandler,
  GetUserInfoHandler,
  ListUsersHandler,
  RemoveUserHandler,
  CreateUserHandler,
  UserUpdates,
  UpdateUserHandler,
  SetPasswordHandler,
  ChangePasswordHandler,
  // Fixed NIST defaults (8 to 256 characters, the bundled common-password list).
  GetStepOptionsHandler,
];
