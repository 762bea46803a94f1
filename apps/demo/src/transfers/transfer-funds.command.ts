import { Command } from '@nestjs/cqrs';

/** A transfer as the client sees it (snake_case, as the wire is). */
export interface Transfer {
  readonly id: string;
  readonly amount: number;
  readonly to: string;
  readonly from: string;
  readonly created_at: string;
}

/** Moves `amount` from the account of `from` (a username) to `to`. Over HTTP it runs behind `@VerifyElevation('transfer_funds')`. */
export class TransferFundsCommand extends Command<Transfer> {
  constructor(
    readonly from: string,
    readonly amount: number,
    readonly to: string,
  ) {
    super();
  }
}
