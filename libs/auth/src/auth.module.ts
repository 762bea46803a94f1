import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { APPLICATION_PROVIDERS } from './application/application.providers';
import { ConfigurableModuleClass } from './auth-module.definition';
import { PORT_PROVIDERS } from './auth.providers';
import { AUTHORIZATION_PROVIDERS } from './authorization.providers';
import { AuthController } from './http/controllers/auth.controller';
import { DiscoveryController } from './http/controllers/discovery.controller';
import { SessionsController } from './http/controllers/sessions.controller';
import { UsersController } from './http/controllers/users.controller';
import { PasswordController } from './http/controllers/password.controller';
import { SignInFlowController } from './http/controllers/sign-in-flow.controller';
import { OtpController } from './http/controllers/otp.controller';
import { TotpController } from './http/controllers/totp.controller';
import { PasswordResetController } from './http/controllers/password-reset.controller';
import { RecoveryCodesController } from './http/controllers/recovery-codes.controller';
import { BackchannelLogoutController } from './http/controllers/backchannel-logout.controller';
import { OperationsController } from './http/controllers/operations.controller';
import { ElevationGuard } from './http/guards/elevation.guard';
import { AuthenticationGuard } from './http/guards/authentication.guard';
import { GroupsGuard } from './http/guards/groups.guard';
import { ProblemDetailsFilter } from './http/errors/problem-details.filter';
import { REQUEST_CONTEXT_ENABLED } from './http/request-context';
import { Clock } from './ports/clock';
import { UserDirectory } from './ports/user-directory';
import { AuthorizationPolicy } from './ports/authorization-policy';

/**
 * Authentication for a Nest app: mounts `/auth/*` and, by default, guards every route.
 *
 * @example
 * @Module({ imports: [AuthModule.forRoot({ signingKey: { privateKey: process.env.SIGNING_KEY_PEM! } })] })
 * export class AppModule {}
 *
 * @example
 * AuthModule.forRootAsync({
 *   imports: [TypeOrmModule.forRoot(dataSourceOptionsFromUrl(process.env.DATABASE_URL!))],
 *   inject: [DataSource],
 *   useFactory: (dataSource: DataSource) => ({ signingKey, persistence: typeormPersistence(dataSource) }),
 *   isGlobal: true,
 * })
 */
@Module({
  imports: [CqrsModule.forRoot(), DiscoveryModule],
  controllers: [AuthController, SignInFlowController, OtpController, TotpController, SessionsController, UsersController, DiscoveryController, PasswordController, PasswordResetController, RecoveryCodesController, OperationsController, BackchannelLogoutController],
  providers: [
    ...PORT_PROVIDERS,
    ...APPLICATION_PROVIDERS,
    ...AUTHORIZATION_PROVIDERS,
    AuthenticationGuard,
    GroupsGuard,
    ElevationGuard,
    ProblemDetailsFilter,
  ],
  // The request-context switch too: `@UseGuards(AuthenticationGuard)` builds the guard in the host's module.
  exports: [AuthenticationGuard, GroupsGuard, ElevationGuard, UserDirectory, Clock, AuthorizationPolicy, REQUEST_CONTEXT_ENABLED],
})
export class AuthModule extends ConfigurableModuleClass {}
