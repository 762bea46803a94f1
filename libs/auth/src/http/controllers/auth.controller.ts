import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '../openapi/swagger';
import { AuthenticateWithCredentialsCommand } from '../../application/sign-in/authenticate-with-credentials.command';
import { RefreshTokensCommand } from '../../application/tokens/refresh-tokens.command';
import { ContinueWithCodeCommand } from '../../application/flows/continue-with-code.command';
import { LogoutCommand } from '../../application/sessions/logout.command';
import { GetUserInfoQuery } from '../../application/users/get-user-info.query';
import type { AccessContext } from '../../application/tokens/access-context';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { CurrentIdentity } from '../decorators/current-identity.decorator';
import { Public } from '../decorators/public.decorator';
import { LoginDto, LogoutDto, RefreshDto } from '../dto/sign-in.dto';
import { NextStepResponseDto, TokenResponseDto, UserInfoDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { ClientAddresses } from '../client-address';
import { clientOf, signInResponseOf, tokenResponseOf, userInfoOf } from '../presenters';
import type { RequestWithAccess } from '../request-context';
import { NoStore } from '../decorators/no-store.decorator';

@ApiTags('auth')
@ApiExtraModels(TokenResponseDto, NextStepResponseDto)
@NoStore()
@Controller('auth')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clients: ClientAddresses,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with a username and password' })
  @ApiOkResponse({ description: 'A token response, or a next-step response when more steps are needed', schema: { oneOf: [{ $ref: getSchemaPath(TokenResponseDto) }, { $ref: getSchemaPath(NextStepResponseDto) }] } })
  @ApiProblems(
    {
      401: 'INVALID_CREDENTIALS (unknown user and wrong password alike), OTP_INVALID, FLOW_EXPIRED, TOKEN_INVALID (a pre_auth_token not sealed by this server)',
      403: 'MFA_ENROLLMENT_REQUIRED (the flow policy wants a second factor the user has not enrolled)',
      400: 'VALIDATION_FAILED (malformed JSON or body; `method` missing while the flow offers several steps taking a code)',
      409: 'STEP_OUT_OF_ORDER (the flow does not offer the step `method` names, or none taking a code)',
      429: 'TOO_MANY_ATTEMPTS (per account and per client; Retry-After says when to come back)',
      503: 'SERVICE_UNAVAILABLE (the identity provider is unreachable; Retry-After)',
    },
    { body: true },
  )
  async login(@Body() body: LoginDto, @Req() request: RequestWithAccess): Promise<TokenResponseDto | NextStepResponseDto> {
    const client = { ...clientOf(request, this.clients), trackSession: body.track_session };
    const command =
      body.pre_auth_token !== undefined
        ? new ContinueWithCodeCommand({ preAuthToken: body.pre_auth_token }, body.otp_code!, client, body.method)
        : new AuthenticateWithCredentialsCommand(body.username, body.password, client);
    return signInResponseOf(await this.commands.execute(command));
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; the old refresh token is spent' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems({ 401: 'TOKEN_INVALID, TOKEN_EXPIRED, REFRESH_TOKEN_REUSED (a spent token: its whole family is revoked), SESSION_REVOKED' }, { body: true })
  async refresh(@Body() body: RefreshDto): Promise<TokenResponseDto> {
    return tokenResponseOf(await this.commands.execute(new RefreshTokensCommand(body.refresh_token)));
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the current session (or another own session): its tokens stop working' })
  // The body is optional: without one (or with `{}`) the current session ends.
  @ApiBody({ type: LogoutDto, required: false })
  @ApiNoContentResponse({ description: 'The session, its refresh tokens and elevations are revoked' })
  @ApiProblems({ 404: 'NOT_FOUND (session_id names no active session of yours)' }, { bearer: true, body: true })
  async logout(@Body() body: LogoutDto, @CurrentIdentity('access') caller: AccessContext): Promise<void> {
    await this.commands.execute(new LogoutCommand(caller.identity.userId, caller.sessionId, body.session_id));
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller, their MFA status and how this session was authenticated' })
  @ApiOkResponse({ type: UserInfoDto })
  @ApiProblems({}, { bearer: true })
  async me(@CurrentIdentity('access') caller: AccessContext): Promise<UserInfoDto> {
    return userInfoOf(await this.queries.execute(new GetUserInfoQuery(caller)));
  }
}
