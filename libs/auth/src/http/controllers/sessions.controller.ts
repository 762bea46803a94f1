import { Controller, Delete, Get, HttpCode, HttpStatus, Param, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '../openapi/swagger';
import { ListActiveSessionsQuery } from '../../application/sessions/list-active-sessions.query';
import { RevokeSessionCommand } from '../../application/sessions/revoke-session.command';
import type { AccessContext } from '../../application/tokens/access-context';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { CurrentIdentity } from '../decorators/current-identity.decorator';
import { SessionListDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { sessionOf } from '../presenters';
import { NoStore } from '../decorators/no-store.decorator';

@ApiTags('sessions')
@ApiBearerAuth()
@NoStore()
@Controller('auth/sessions')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your active sessions, newest first' })
  @ApiOkResponse({ type: SessionListDto })
  @ApiProblems({}, { bearer: true })
  async list(@CurrentIdentity('access') caller: AccessContext): Promise<SessionListDto> {
    const sessions = await this.queries.execute(new ListActiveSessionsQuery(caller.identity.userId, caller.sessionId));
    return { items: sessions.map(sessionOf) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of your sessions; its tokens stop working' })
  @ApiParam({ name: 'id', description: 'A session id of GET /auth/sessions' })
  @ApiNoContentResponse({ description: 'Revoked; revoking the current session ends this token too' })
  @ApiProblems({ 404: 'NOT_FOUND (also for sessions of other users)' }, { bearer: true })
  async revoke(@Param('id') id: string, @CurrentIdentity('access') caller: AccessContext): Promise<void> {
    await this.commands.execute(new RevokeSessionCommand(caller.identity.userId, id.slice(0, 128)));
  }
}
