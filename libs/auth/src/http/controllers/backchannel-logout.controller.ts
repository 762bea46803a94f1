import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '../openapi/swagger';
import { EndProviderLogoutCommand } from '../../application/sessions/end-provider-logout.command';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { NoStore } from '../decorators/no-store.decorator';
import { Public } from '../decorators/public.decorator';
import { BackchannelLogoutDto } from '../dto/backchannel-logout.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';

/**
 * Where the identity provider tells the module that a user's session there has ended (Keycloak's
 * client "Backchannel logout URL"). Public: the signed `logout_token` is the credential. The body is
 * a form, so the app must parse `application/x-www-form-urlencoded` on this path (Nest's default
 * body parsers do, on Express and on Fastify).
 */
@ApiTags('sessions')
@Public()
@NoStore()
@Controller('auth')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class BackchannelLogoutController {
  constructor(private readonly commands: CommandBus) {}

  @Post('backchannel-logout')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: "Ends the sessions behind the identity provider's session that ended (OIDC back-channel logout)" })
  @ApiOkResponse({ description: 'The sessions the logout token names are ended (or were already)' })
  @ApiProblems(
    { 400: 'VALIDATION_FAILED (no logout_token, or one that does not verify)', 404: 'NOT_FOUND (the identity provider sends no back-channel logout)', 503: 'SERVICE_UNAVAILABLE (the provider keys could not be fetched; Retry-After)' },
    { body: true },
  )
  async logout(@Body() body: BackchannelLogoutDto): Promise<void> {
    await this.commands.execute(new EndProviderLogoutCommand(body.logout_token));
  }
}
