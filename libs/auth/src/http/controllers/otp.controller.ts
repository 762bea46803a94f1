import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '../openapi/swagger';
import { ContinueWithCodeCommand } from '../../application/flows/continue-with-code.command';
import { IssueOtpChallengeCommand } from '../../application/mfa/issue-otp-challenge.command';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { NoStore } from '../decorators/no-store.decorator';
import { Public } from '../decorators/public.decorator';
import { OtpChallengeDto, OtpValidateDto } from '../dto/mfa.dto';
import { NextStepResponseDto, OtpChallengeIssuedDto, TokenResponseDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { ClientAddresses } from '../client-address';
import { clientOf, flowReferenceOf, signInResponseOf } from '../presenters';
import type { RequestWithAccess } from '../request-context';

@ApiTags('mfa')
@Public()
@NoStore()
@Controller('auth/otp')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class OtpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clients: ClientAddresses,
  ) {}

  @Post('challenge')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "Send a code by email or SMS for a pending sign-in, to the user's own address or phone" })
  @ApiAcceptedResponse({ type: OtpChallengeIssuedDto })
  @ApiProblems(
    {
      400: 'VALIDATION_FAILED (the body; the account has no email address or phone for that method)',
      401: 'FLOW_EXPIRED, TOKEN_INVALID (a pre_auth_token not sealed by this server)',
      409: 'STEP_OUT_OF_ORDER (the flow does not offer that factor now)',
      429: 'TOO_MANY_ATTEMPTS (codes are sent at most so often per flow and per user; Retry-After)',
      503: 'SERVICE_UNAVAILABLE (the email or SMS gateway failed; Retry-After)',
    },
    { body: true },
  )
  async challenge(@Body() body: OtpChallengeDto): Promise<OtpChallengeIssuedDto> {
    const issued = await this.commands.execute(new IssueOtpChallengeCommand(body.method, flowReferenceOf(body, true)));
    return { challenge_id: issued.challengeId, method: issued.channel, expires_in: issued.expiresIn, destination_hint: issued.destinationHint };
  }

  @Post('validate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Complete a pending sign-in with a one-time code of the named factor' })
  @ApiOkResponse({ type: TokenResponseDto, description: 'A token response (or a next-step response when a flow policy asks for more)' })
  @ApiProblems(
    {
      400: 'VALIDATION_FAILED (the body, or the code against the factor’s schema)',
      401: 'OTP_INVALID, OTP_EXPIRED (request a new code), FLOW_EXPIRED, TOKEN_INVALID',
      409: 'STEP_OUT_OF_ORDER (the flow does not offer that factor)',
      429: 'TOO_MANY_ATTEMPTS (per flow, per account across flows, and per client; Retry-After)',
    },
    { body: true },
  )
  async validate(@Body() body: OtpValidateDto, @Req() request: RequestWithAccess): Promise<TokenResponseDto | NextStepResponseDto> {
    const command = new ContinueWithCodeCommand(flowReferenceOf(body, true), body.code, clientOf(request, this.clients), body.method);
    return signInResponseOf(await this.commands.execute(command));
  }
}
