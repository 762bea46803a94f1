import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Identity, RemoveUserCommand, RequireGroups } from '@stepgate/auth';
import { ApiDemoProblems } from './openapi';

class SecureDataDto {
  @ApiProperty({ example: 'Hello, alice!' }) message: string;
}

// ParseUUIDPipe's own pattern (versions 1-8, RFC 9562 variant, nil and max): a looser `format: uuid`
// alone would promise that ids the pipe refuses are valid.
const UUID_PATTERN = '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$';

@ApiTags('demo')
@ApiBearerAuth()
@Controller('demo')
export class DemoController {
  constructor(private readonly commands: CommandBus) {}

  @Get('secure-data')
  @ApiOperation({ summary: 'Any signed-in user' })
  @ApiOkResponse({ type: SecureDataDto })
  @ApiDemoProblems({})
  secureData(@CurrentIdentity() identity: Identity): SecureDataDto {
    return { message: `Hello, ${identity.username}!` };
  }

  @Delete('admin/users/:id')
  @RequireGroups('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a user and revoke their sessions (admin only; idempotent)' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid', pattern: UUID_PATTERN } })
  @ApiNoContentResponse({ description: 'Removed, or there was no such user' })
  @ApiDemoProblems({ 400: 'VALIDATION_FAILED (id is not a UUID, or a malformed JSON body)', 403: 'FORBIDDEN (not in the admin group)' })
  async removeUser(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.commands.execute(new RemoveUserCommand(id));
  }
}
