import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { resumableCommands } from '../../application/step-up/resume-operation.command';
import { isOperationName } from '../../domain/elevation';
import { OTP_METHODS } from '../../domain/otp-method';
import { ElevationGuard } from '../guards/elevation.guard';
import { ELEVATION_ROUTE, type ElevationRoute, type VerifyElevationOptions } from './elevation-route';

/**
 * Puts a route behind a step-up elevation for `operation` (DESIGN.md section 4, "Step-up"). Without
 * a live elevation for this user, session and operation the caller gets 403 `MFA_REQUIRED` with an
 * `operation_id`; after validating a code with `correlation_id = operation_id` they retry (or, for a
 * resumable route, read the result of the command the module ran for them).
 *
 * On a controller it covers every route; a route's own `@VerifyElevation` replaces the
 * controller's for that route (checked once per request).
 *
 * @example
 * @VerifyElevation('transfer_funds')
 * @Post('transfers') transfer(@Body() body: TransferDto) { ... }
 *
 * @example
 * @VerifyElevation('export_report', {
 *   resumable: true,
 *   command: { type: ExportReportCommand, body: ExportReportDto, build: ({ body, identity }) => new ExportReportCommand(identity.userId, body.report) },
 * })
 */
export function VerifyElevation<TCommand extends object, TBody extends object>(operation: string, options: VerifyElevationOptions<TCommand, TBody> = {}): MethodDecorator & ClassDecorator {
  assertValid(operation, options as VerifyElevationOptions);
  if (options.command) resumableCommands.register(options.command.type);
  const route: ElevationRoute = { ...options, operation } as ElevationRoute;
  return applyDecorators(SetMetadata(ELEVATION_ROUTE, route), UseGuards(ElevationGuard));
}

// Thrown where the decorator is applied, as the app's classes load: a typo must not open a route.
function assertValid(operation: string, options: VerifyElevationOptions): void {
  if (!isOperationName(operation)) throw new Error(`@VerifyElevation() needs an operation name of 1 to 64 letters, digits, '_', '.', ':' or '-', not ${JSON.stringify(operation)}`);
  if (options.maxAge !== undefined && (!Number.isInteger(options.maxAge) || options.maxAge < 1)) throw new Error(`@VerifyElevation('${operation}'): maxAge must be a positive whole number of seconds`);
  if (options.methods !== undefined && (options.methods.length === 0 || options.methods.some((method) => !OTP_METHODS.includes(method)))) {
    throw new Error(`@VerifyElevation('${operation}'): methods must name at least one of ${OTP_METHODS.join(', ')}`);
  }
  if (options.resumable === true && typeof options.command?.build !== 'function') throw new Error(`@VerifyElevation('${operation}', { resumable: true }) needs command: { type, build }`);
  if (options.resumable !== true && options.command !== undefined) throw new Error(`@VerifyElevation('${operation}'): a command is resumed only with resumable: true`);
  // A recent sign-in is not spent, names no factor and runs no command: it cannot honour these.
  if (options.acceptRecentAuthentication === true && (options.oneShot === true || options.resumable === true || options.methods !== undefined)) {
    throw new Error(`@VerifyElevation('${operation}'): acceptRecentAuthentication cannot be combined with oneShot, resumable or methods`);
  }
}
