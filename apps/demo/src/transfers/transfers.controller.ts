import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, type Identity, NoStore, VerifyElevation } from '@stepgate/auth';
import { ApiDemoProblems, ApiStepUp } from '../openapi';
import { TransferFundsCommand } from './transfer-funds.command';
import { NewTransferDto, TransferDto } from './transfer.dto';

/** Step-up, retry model: without an elevation the caller gets 403, steps up, and sends the same request again. */
@ApiTags('demo')
@ApiBearerAuth()
@NoStore()
@Controller('demo/transfers')
export class TransfersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @VerifyElevation('transfer_funds')
  @ApiOperation({ summary: 'Transfer funds, behind a step-up elevation for transfer_funds (retry the request once elevated)' })
  @ApiCreatedResponse({ type: TransferDto })
  @ApiStepUp('transfer_funds')
  @ApiDemoProblems({}, { body: true })
  async transfer(@Body() body: NewTransferDto, @CurrentIdentity() identity: Identity): Promise<TransferDto> {
    return this.commands.execute(new TransferFundsCommand(identity.username, body.amount, body.to));
  }
}
