import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { CurrentIdentity, type Identity, VerifyElevation } from '@stepgate/auth';

/** What a resumed command of this app did: each run is one entry, so a test counts the runs. */
export interface CommandRun {
  readonly command: 'export' | 'purge';
  readonly userId: string;
  readonly result?: { id: string; report: string };
}

/** The runs of every instance of one test app group (they share the process, so one list counts them all). */
export class CommandRuns {
  readonly runs: CommandRun[] = [];
}

export class ExportCommand extends Command<{ id: string; report: string }> {
  constructor(
    readonly userId: string,
    readonly report: string,
  ) {
    super();
  }
}

/** Fails on every run: the resumed operation must end `failed`, with a reason that hides this message. */
export class PurgeArchiveCommand extends Command<void> {
  constructor(readonly userId: string) {
    super();
  }
}

/** The internal detail the failing command throws with; the operation's owner must never read it. */
export const PURGE_FAILURE_DETAIL = 'archive volume 10.20.30.40:/srv/archive is offline';

@CommandHandler(ExportCommand)
export class ExportHandler implements ICommandHandler<ExportCommand, { id: string; report: string }> {
  constructor(private readonly log: CommandRuns) {}

  async execute(command: ExportCommand): Promise<{ id: string; report: string }> {
    const result = { id: randomUUID(), report: command.report };
    this.log.runs.push({ command: 'export', userId: command.userId, result });
    return result;
  }
}

@CommandHandler(PurgeArchiveCommand)
export class PurgeArchiveHandler implements ICommandHandler<PurgeArchiveCommand, void> {
  constructor(private readonly log: CommandRuns) {}

  async execute(command: PurgeArchiveCommand): Promise<void> {
    this.log.runs.push({ command: 'purge', userId: command.userId });
    throw new Error(PURGE_FAILURE_DETAIL);
  }
}

class TransferDto {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  amount: number;

  @IsString()
  @Length(1, 64)
  to: string;
}

class ExportDto {
  @IsString()
  @Length(1, 64)
  report: string;
}

/** One route per kind of `@VerifyElevation`, each with an operation of its own. */
@Controller('test')
export class StepUpTestController {
  constructor(private readonly commands: CommandBus) {}

  @Post('transfers')
  @VerifyElevation('transfer_funds')
  transfer(@Body() body: TransferDto) {
    return { amount: body.amount, to: body.to };
  }

  @Post('accounts/close')
  @VerifyElevation('close_account', { oneShot: true })
  closeAccount() {
    return { closed: true };
  }

  @Post('email')
  @VerifyElevation('change_email', { maxAge: 60 })
  changeEmail() {
    return { changed: true };
  }

  @Post('api-keys')
  @VerifyElevation('rotate_api_key', { methods: ['totp'] })
  rotateApiKey() {
    return { rotated: true };
  }

  @Get('statements')
  @VerifyElevation('view_statements', { acceptRecentAuthentication: true })
  statements() {
    return { statements: [] };
  }

  @Post('exports')
  @VerifyElevation('export_report', {
    resumable: true,
    command: { type: ExportCommand, body: ExportDto, build: ({ body, identity }) => new ExportCommand(identity.userId, body.report) },
  })
  export(@Body() body: ExportDto, @CurrentIdentity() identity: Identity) {
    return this.commands.execute(new ExportCommand(identity.userId, body.report));
  }

  @Post('archive/purge')
  @VerifyElevation('purge_archive', { resumable: true, command: { type: PurgeArchiveCommand, build: ({ identity }) => new PurgeArchiveCommand(identity.userId) } })
  purge(@CurrentIdentity() identity: Identity) {
    return this.commands.execute(new PurgeArchiveCommand(identity.userId));
  }
}

/** A route of the test controller (or of the module) behind an elevation, with a body it accepts. */
/** A class-level requirement with a one-shot method-level one: the method's wins, checked once. */
@Controller('test/vault')
@VerifyElevation('open_vault')
export class StackedElevationController {
  @Post('withdraw')
  @VerifyElevation('withdraw_from_vault', { oneShot: true })
  withdraw() {
    return { withdrawn: true };
  }
}

export interface ElevatedRoute {
  readonly method: 'get' | 'post' | 'delete';
  readonly path: string;
  readonly operation: string;
  readonly body?: object;
}

export const ROUTES = {
  transfer: { method: 'post', path: '/test/transfers', operation: 'transfer_funds', body: { amount: 125, to: 'acct-77' } },
  oneShot: { method: 'post', path: '/test/accounts/close', operation: 'close_account' },
  shortLived: { method: 'post', path: '/test/email', operation: 'change_email' },
  totpOnly: { method: 'post', path: '/test/api-keys', operation: 'rotate_api_key' },
  recent: { method: 'get', path: '/test/statements', operation: 'view_statements' },
  export: { method: 'post', path: '/test/exports', operation: 'export_report', body: { report: 'q3-ledger' } },
  purge: { method: 'post', path: '/test/archive/purge', operation: 'purge_archive' },
  stacked: { method: 'post', path: '/test/vault/withdraw', operation: 'withdraw_from_vault' },
  disableTotp: { method: 'delete', path: '/auth/totp', operation: 'disable_totp' },
  regenerateRecoveryCodes: { method: 'post', path: '/auth/recovery-codes', operation: 'regenerate_recovery_codes' },
} as const satisfies Record<string, ElevatedRoute>;
