import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiTags, getSchemaPath } from '../openapi/swagger';
import { SubmitStepCommand } from '../../application/flows/submit-step.command';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { Public } from '../decorators/public.decorator';
import { SubmitStepDto } from '../dto/sign-in.dto';
import { NextStepResponseDto, TokenResponseDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { ClientAddresses } from '../client-address';
import { clientOf, flowReferenceOf, signInResponseOf } from '../presenters';
import type { RequestWithAccess } from '../request-context';
import { NoStore } from '../decorators/no-store.decorator';

@ApiTags('auth')
@ApiExtraModels(TokenResponseDto, NextStepResponseDto)
@Public()
@NoStore()
@Controller('auth/validate')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class SignInFlowController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clients: ClientAddresses,
  ) {}

  @Post(':step')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Submit one step of a sign-in; the first step without a flow reference' })
  @ApiParam({ name: 'step', example: 'username-password', description: 'A key of GET /auth/options' })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(TokenResponseDto) }, { $ref: getSchemaPath(NextStepResponseDto) }] } })
  @ApiProblems(
    {
      400: "VALIDATION_FAILED (malformed JSON, the body, or options against the step's schema; `errors` lists the fields)",
      401: 'INVALID_CREDENTIALS, OTP_INVALID, FLOW_EXPIRED, TOKEN_INVALID (a pre_auth_token not sealed by this server)',
      403: 'MFA_ENROLLMENT_REQUIRED (the flow policy wants a second factor the user has not enrolled)',
      404: 'UNKNOWN_STEP',
      409: 'STEP_OUT_OF_ORDER',
      429: 'TOO_MANY_ATTEMPTS (Retry-After says when to come back)',
      503: 'SERVICE_UNAVAILABLE (the identity provider is unreachable; Retry-After)',
    },
    { body: true },
  )
  async submit(@Param('step') step: string, @Body() body: SubmitStepDto, @Req() request: RequestWithAccess): Promise<TokenResponseDto | NextStepResponseDto> {
    const client = { ...clientOf(request, this.clients), trackSession: body.track_session };
    const result = await this.commands.execute(new SubmitStepCommand(step, body.options, flowReferenceOf(body), client));
    return signInResponseOf(result);
  }
}
