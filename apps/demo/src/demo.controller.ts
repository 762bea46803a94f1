import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Identity, RemoveUserCommand, RequireGroups } from '@stepgate/auth';

@ApiTags('demo')
@ApiBearerAuth()
@Controller('demo')
export class DemoController {
  constructor(private readonly commands: CommandBus) {}

  @Get('secure-data')
  @ApiOperation({ summary: 'Any signed-in user' })
  secureData(@CurrentIdentity() identity: Identity) {
    return { message: `Hello, ${identity.username}!` };
  }

  @Delete('admin/users/:id')
  @RequireGroups('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a user and revoke their sessions (admin only; idempotent)' })
  async removeUser(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.commands.execute(new RemoveUserCommand(id));
  }
}
