import { Controller, Get, Param, ParseUUIDPipe, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '../openapi/swagger';
import { GetOperationQuery } from '../../application/step-up/get-operation.query';
import type { AccessContext } from '../../application/tokens/access-context';
import { NotFoundError } from '../../domain/auth-error';
import { userAndSessionOf } from '../caller';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { CurrentIdentity } from '../decorators/current-identity.decorator';
import { NoStore } from '../decorators/no-store.decorator';
import { OperationDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';

@ApiTags('mfa')
@ApiBearerAuth()
@NoStore()
@Controller('auth/operations')
@UseFilters(ProblemDetailsFilter)
export class OperationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'Your step-up operation: pending, or the outcome of the command a resumable route ran after the second factor' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The operation_id of an MFA_REQUIRED answer' })
  @ApiOkResponse({ type: OperationDto })
  @ApiProblems({ 404: 'NOT_FOUND (unknown, expired, or another user’s or session’s operation)' }, { bearer: true })
  async find(
    // Any malformed id is an id that names nothing: the same 404 as for another caller's.
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('Operation') })) id: string,
    @CurrentIdentity('access') caller: AccessContext,
  ): Promise<OperationDto> {
    // The view already has the wire's names and leaves out what is absent.
    return this.queries.execute(new GetOperationQuery(userAndSessionOf(caller), id));
  }
}
