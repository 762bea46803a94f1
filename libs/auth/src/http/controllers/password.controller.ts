import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '../openapi/swagger';
import { ChangePasswordCommand } from '../../application/users/change-password.command';
import type { AccessContext } from '../../application/tokens/access-context';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { CurrentIdentity } from '../decorators/current-identity.decorator';
import { ChangePasswordDto } from '../dto/users.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { ClientAddresses } from '../client-address';
import { clientOf } from '../presenters';
import type { RequestWithAccess } from '../request-context';
import { NoStore } from '../decorators/no-store.decorator';

@ApiTags('auth')
@ApiBearerAuth()
@NoStore()
@Controller('auth/password')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class PasswordController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clients: ClientAddresses,
  ) {}

  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change your own password; your other sessions end, this one stays' })
  @ApiNoContentResponse({ description: 'Changed; every other session of yours is revoked' })
  @ApiProblems(
    {
      400: 'VALIDATION_FAILED: `errors` names the field — a malformed one or a new password the policy refuses (`new_password`)',
      401: 'INVALID_CREDENTIALS (the current password is wrong), UNAUTHENTICATED (no bearer token, or the account is disabled), TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED',
      404: 'NOT_FOUND (the account behind the token no longer exists)',
      429: 'TOO_MANY_ATTEMPTS (wrong current passwords count with failed sign-ins of the account and the client; Retry-After)',
    },
    { bearer: true, body: true },
  )
  async change(@Body() body: ChangePasswordDto, @CurrentIdentity('access') caller: AccessContext, @Req() request: RequestWithAccess): Promise<void> {
    const { clientAddress } = clientOf(request, this.clients);
    await this.commands.execute(new ChangePasswordCommand(caller.identity.userId, caller.sessionId, body.current_password, body.new_password, { clientAddress }));
  }
}
