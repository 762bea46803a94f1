import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '../openapi/swagger';
import { ContinueWithCodeCommand } from '../../application/flows/continue-with-code.command';
import { IssueOtpChallengeCommand } from '../../application/mfa/issue-otp-challenge.command';
import { IssueStepUpChallengeCommand } from '../../application/step-up/issue-step-up-challenge.command';
import { ValidateStepUpCodeCommand } from '../../application/step-up/validate-step-up-code.command';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { NoStore } from '../decorators/no-store.decorator';
import { Public } from '../decorators/public.decorator';
import { OtpChallengeDto, OtpValidateDto } from '../dto/mfa.dto';
import { NextStepResponseDto, OtpChallengeIssuedDto, StepUpElevatedDto, TokenResponseDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { ClientAddresses } from '../client-address';
import { signedInCallerOf, userAndSessionOf } from '../caller';
import { clientOf, correlationIdOf, flowReferenceOf, signInResponseOf } from '../presenters';
import type { RequestWithAccess } from '../request-context';

const NEEDS_BEARER = 'A correlation_id needs the bearer token of the session that was asked to step up.';

@ApiTags('mfa')
@Public()
@NoStore()
@Controller('auth/otp')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class OtpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clients: ClientAddresses,
  ) {}

  @Post('challenge')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "Send a code by email or SMS for a pending sign-in or, with correlation_id and the bearer token, a step-up; always to the user's own address or phone" })
  @ApiAcceptedResponse({ type: OtpChallengeIssuedDto })
  @ApiProblems(
    {
      400: 'VALIDATION_FAILED (the body; the account has no email address or phone for that method)',
      401: 'FLOW_EXPIRED, TOKEN_INVALID (a pre_auth_token not sealed by this server)',
      404: 'NOT_FOUND (a correlation_id that is unknown, expired, or another user’s or session’s)',
      409: 'STEP_OUT_OF_ORDER (the flow or operation does not take that factor now)',
      429: 'TOO_MANY_ATTEMPTS (codes are sent at most so often per flow and per user; Retry-After)',
      503: 'SERVICE_UNAVAILABLE (the email or SMS gateway failed; Retry-After)',
    },
    { body: true },
  )
  async challenge(@Body() body: OtpChallengeDto, @Req() request: RequestWithAccess): Promise<OtpChallengeIssuedDto> {
    const correlationId = correlationIdOf(body);
    const issued =
      correlationId === undefined
        ? await this.commands.execute(new IssueOtpChallengeCommand(body.method, flowReferenceOf(body, true)))
        : await this.commands.execute(new IssueStepUpChallengeCommand(userAndSessionOf(await signedInCallerOf(request, this.queries, NEEDS_BEARER)), correlationId, body.method));
    return { challenge_id: issued.challengeId, method: issued.channel, expires_in: issued.expiresIn, destination_hint: issued.destinationHint };
  }

  @Post('validate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Complete a pending sign-in with a one-time code of the named factor or, with correlation_id and the bearer token, step up for that operation' })
  @ApiExtraModels(TokenResponseDto, NextStepResponseDto, StepUpElevatedDto)
  @ApiOkResponse({
    description: 'A token response (or a next-step response when a flow policy asks for more); with correlation_id, the elevated answer',
    schema: { oneOf: [{ $ref: getSchemaPath(TokenResponseDto) }, { $ref: getSchemaPath(NextStepResponseDto) }, { $ref: getSchemaPath(StepUpElevatedDto) }] },
  })
  @ApiProblems(
    {
      400: 'VALIDATION_FAILED (the body, or the code against the factor’s schema)',
      401: 'OTP_INVALID, OTP_EXPIRED (request a new code), FLOW_EXPIRED, TOKEN_INVALID',
      404: 'NOT_FOUND (a correlation_id that is unknown, expired, or another user’s or session’s)',
      409: 'STEP_OUT_OF_ORDER (the flow or operation does not take that factor, or the operation was already granted)',
      429: 'TOO_MANY_ATTEMPTS (per flow, per account across flows, and per client; Retry-After)',
    },
    { body: true },
  )
  async validate(@Body() body: OtpValidateDto, @Req() request: RequestWithAccess): Promise<TokenResponseDto | NextStepResponseDto | StepUpElevatedDto> {
    const client = clientOf(request, this.clients);
    const correlationId = correlationIdOf(body);
    if (correlationId === undefined) return signInResponseOf(await this.commands.execute(new ContinueWithCodeCommand(flowReferenceOf(body, true), body.code, client, body.method)));
    const caller = userAndSessionOf(await signedInCallerOf(request, this.queries, NEEDS_BEARER));
    const elevated = await this.commands.execute(new ValidateStepUpCodeCommand(caller, correlationId, body.method, body.code, client.clientAddress));
    return {
      status: 'elevated',
      operation: elevated.operation,
      correlation_id: elevated.correlationId,
      expires_in: elevated.expiresIn,
      ...(elevated.operationStatus === undefined ? {} : { operation_status: elevated.operationStatus }),
    };
  }
}
