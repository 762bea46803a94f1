import { Controller, Get, Query, UseFilters, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListUsersQuery } from '../../application/users/list-users.query';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { RequireGroups } from '../decorators/require-groups.decorator';
import { ListUsersQueryDto } from '../dto/list-users.dto';
import { UserListDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { userOf } from '../presenters';

@ApiTags('users')
@ApiBearerAuth()
@Controller('auth/users')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class UsersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireGroups('admin')
  @ApiOperation({ summary: 'List users (admin only)' })
  @ApiOkResponse({ type: UserListDto })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED', 403: 'FORBIDDEN' })
  async list(@Query() query: ListUsersQueryDto): Promise<UserListDto> {
    const page = await this.queries.execute(new ListUsersQuery(query.page, query.page_size, query.search));
    return { items: page.items.map(userOf), total: page.total };
  }
}
