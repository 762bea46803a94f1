import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@stepgate/auth';
import { type Transfer, TransferFundsCommand } from './transfer-funds.command';

/** The demo moves no money: it answers the transfer a real ledger would have booked. */
@CommandHandler(TransferFundsCommand)
export class TransferFundsHandler implements ICommandHandler<TransferFundsCommand, Transfer> {
  constructor(private readonly clock: Clock) {}

  async execute({ from, amount, to }: TransferFundsCommand): Promise<Transfer> {
    return { id: randomUUID(), amount, to, from, created_at: this.clock.now().toISOString() };
  }
}
