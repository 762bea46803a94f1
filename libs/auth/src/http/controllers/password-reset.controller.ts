import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '../openapi/swagger';
import { RequestPasswordResetCommand } from '../../application/password-reset/request-password-reset.command';
import { ResetPasswordCommand } from '../../application/password-reset/reset-password.command';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { NoStore } from '../decorators/no-store.decorator';
import { Public } from '../decorators/public.decorator';
import { ForgotPasswordDto, ResetPasswordDto } from '../dto/mfa.dto';
import { PasswordResetRequestedDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { ClientAddresses } from '../client-address';
import { clientOf } from '../presenters';
import type { RequestWithAccess } from '../request-context';

@ApiTags('auth')
@Public()
@NoStore()
@Controller('auth/password')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class PasswordResetController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clients: ClientAddresses,
  ) {}

  @Post('forgot')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Email a reset code when the user exists and has an email; the answer is the same either way' })
  @ApiAcceptedResponse({ type: PasswordResetRequestedDto })
  @ApiProblems({}, { body: true })
  async forgot(@Body() body: ForgotPasswordDto, @Req() request: RequestWithAccess): Promise<PasswordResetRequestedDto> {
    const requested = await this.commands.execute(new RequestPasswordResetCommand(body.username, clientOf(request, this.clients).clientAddress));
    return { challenge_id: requested.challengeId, expires_in: requested.expiresIn };
  }

  @Post('reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with the emailed code; every session of the user ends' })
  @ApiNoContentResponse({ description: 'The password is changed and every session of the user is revoked' })
  @ApiProblems(
    {
      400: 'VALIDATION_FAILED (the body, or a new password the policy refuses: `new_password`)',
      401: 'OTP_INVALID (a wrong code or an unknown challenge), OTP_EXPIRED (request a new code)',
      429: 'TOO_MANY_ATTEMPTS (wrong codes count with the account’s and the client’s failures; Retry-After)',
    },
    { body: true },
  )
  async reset(@Body() body: ResetPasswordDto, @Req() request: RequestWithAccess): Promise<void> {
    const { clientAddress } = clientOf(request, this.clients);
    await this.commands.execute(new ResetPasswordCommand(body.challenge_id, body.code, body.new_password, clientAddress));
  }
}
