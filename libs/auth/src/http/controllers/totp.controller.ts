import { Body, Controller, Delete, HttpCode, HttpStatus, Post, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '../openapi/swagger';
import type { AccessContext } from '../../application/tokens/access-context';
import { BeginTotpSetupCommand } from '../../application/mfa/begin-totp-setup.command';
import { ConfirmTotpSetupCommand } from '../../application/mfa/confirm-totp-setup.command';
import { DisableTotpCommand } from '../../application/mfa/disable-totp.command';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { CurrentIdentity } from '../decorators/current-identity.decorator';
import { NoStore } from '../decorators/no-store.decorator';
import { TotpSetupDto } from '../dto/mfa.dto';
import { VerifyElevation } from '../decorators/verify-elevation.decorator';
import { TotpEnabledDto, TotpSetupStartedDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';

@ApiTags('mfa')
@ApiBearerAuth()
@ApiExtraModels(TotpSetupStartedDto, TotpEnabledDto)
@NoStore()
@Controller('auth/totp')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class TotpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('setup')
  @HttpCode(HttpStatus.OK)
  // A user who can already prove a factor proves one first: a stolen session must not be able to
  // replace the authenticator (or add one to an account with only an email) and step up with it.
  @VerifyElevation('enable_totp', { passWithoutFactor: true })
  @ApiOperation({ summary: 'Begin a TOTP setup (`{}`), or confirm it with a code from the app (`{ code }`)' })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(TotpSetupStartedDto) }, { $ref: getSchemaPath(TotpEnabledDto) }] } })
  // No body begins a setup, as `{}` does.
  @ApiBody({ type: TotpSetupDto, required: false })
  @ApiProblems(
    {
      401: 'OTP_INVALID (the code does not match the pending setup, or none is pending)',
      403: 'MFA_REQUIRED (a user with a factor steps up for enable_totp first)',
      429: 'TOO_MANY_ATTEMPTS (the session started too many step-up operations; Retry-After)',
    },
    { bearer: true, body: true },
  )
  async setup(@Body() body: TotpSetupDto, @CurrentIdentity('access') caller: AccessContext): Promise<TotpSetupStartedDto | TotpEnabledDto> {
    const userId = caller.identity.userId;
    if (body.code === undefined) {
      const started = await this.commands.execute(new BeginTotpSetupCommand(userId));
      return { secret: started.secret, otpauth_url: started.otpauthUrl, qr_code: started.qrCode };
    }
    const enabled = await this.commands.execute(new ConfirmTotpSetupCommand(userId, body.code));
    return { enabled: true, recovery_codes: [...enabled.recoveryCodes] };
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @VerifyElevation('disable_totp')
  @ApiOperation({ summary: 'Turn TOTP off, behind a step-up elevation for disable_totp; the recovery codes go too' })
  @ApiNoContentResponse({ description: 'TOTP and the recovery codes are removed (also when TOTP was not enabled)' })
  @ApiProblems({ 403: 'MFA_REQUIRED (step up for operation_id, then retry)', 429: 'TOO_MANY_ATTEMPTS (the session started too many step-up operations; Retry-After)' }, { bearer: true })
  async disable(@CurrentIdentity('access') caller: AccessContext): Promise<void> {
    await this.commands.execute(new DisableTotpCommand(caller.identity.userId));
  }
}
