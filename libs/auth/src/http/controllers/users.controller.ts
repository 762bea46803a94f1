import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Patch, Post, Query, UseFilters, UsePipes } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '../openapi/swagger';
import { ListUsersQuery } from '../../application/users/list-users.query';
import { CreateUserCommand } from '../../application/users/create-user.command';
import { UpdateUserCommand } from '../../application/users/update-user.command';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { RequireGroups } from '../decorators/require-groups.decorator';
import { ListUsersQueryDto } from '../dto/list-users.dto';
import { UserDto, UserListDto } from '../dto/responses.dto';
import { CreateUserDto, UpdateUserDto } from '../dto/users.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { userOf } from '../presenters';
import { NoStore } from '../decorators/no-store.decorator';

const ADMIN_ONLY = { 403: 'FORBIDDEN (the caller is not in the admin group)' };

@ApiTags('users')
@ApiBearerAuth()
@NoStore()
@Controller('auth/users')
@UsePipes(AuthValidationPipe)
@UseFilters(ProblemDetailsFilter)
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequireGroups('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'List users (admin only)' })
  @ApiOkResponse({ type: UserListDto })
  @ApiProblems({ 400: 'VALIDATION_FAILED (`errors` names the query parameter)', ...ADMIN_ONLY }, { bearer: true })
  async list(@Query() query: ListUsersQueryDto): Promise<UserListDto> {
    const page = await this.queries.execute(new ListUsersQuery(query.page, query.page_size, query.search));
    return { items: page.items.map(userOf), total: page.total };
  }

  @Post()
  @RequireGroups('admin')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Create a user (admin only); they can sign in at once' })
  @ApiCreatedResponse({ type: UserDto, description: 'The new user, enabled' })
  @ApiProblems(
    { 400: 'VALIDATION_FAILED: `errors` names the field — a malformed one, a password the policy refuses (`password`), or a taken username (`username`)', ...ADMIN_ONLY },
    { bearer: true, body: true },
  )
  async create(@Body() body: CreateUserDto): Promise<UserDto> {
    const details = { email: body.email, phoneNumber: body.phone_number, groups: body.groups, attributes: body.attributes };
    return userOf(await this.commands.execute(new CreateUserCommand(body.username, body.password, details)));
  }

  @Patch(':id')
  @RequireGroups('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Change a user (admin only): disabling or setting a password ends every session of the user' })
  @ApiParam({ name: 'id', description: 'A user id of GET /auth/users' })
  // No body, like `{}`, changes nothing: the body is optional.
  @ApiBody({ type: UpdateUserDto, required: false })
  @ApiOkResponse({ type: UserDto, description: 'The user as they now are' })
  @ApiProblems(
    { 400: 'VALIDATION_FAILED: `errors` names the field — a malformed one or a password the policy refuses (`password`)', ...ADMIN_ONLY, 404: 'NOT_FOUND (no user has this id)' },
    { bearer: true, body: true },
  )
  async update(@Param('id') id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    const changes = { groups: body.groups, attributes: body.attributes, enabled: body.enabled, password: body.password };
    return userOf(await this.commands.execute(new UpdateUserCommand(id, changes)));
  }
}
