import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpException } from '@nestjs/common';
import { UnhandledExceptionBus } from '@nestjs/cqrs';
import { filter, type Subscription } from 'rxjs';
import { AuthError } from '../../domain/auth-error';
import { OperationOutcomes } from './operation-outcomes';
import { ResumeOperationCommand } from './resume-operation.command';

/**
 * Marks a resumed operation `failed` when its command throws. The saga's command runs detached from
 * any request, so Nest reports the throw on `UnhandledExceptionBus`, and this is where it lands.
 */
@Injectable()
export class ResumedOperationFailures implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Stepgate');
  private subscription?: Subscription;

  constructor(
    private readonly unhandled: UnhandledExceptionBus,
    private readonly outcomes: OperationOutcomes,
  ) {}

  onModuleInit(): void {
    // By the cause: Nest's UnhandledExceptionBus.ofType() matches the exception's type, not the command's.
    const resumes = this.unhandled.pipe(filter((info): info is { cause: ResumeOperationCommand; exception: unknown } => info.cause instanceof ResumeOperationCommand));
    this.subscription = resumes.subscribe(({ cause, exception }) => {
      this.outcomes.failed(cause.operationId, reasonOf(exception)).catch((error: unknown) => {
        this.logger.error(`The failed operation ${cause.operationId} could not be marked failed: ${(error as Error)?.message}`);
      });
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}

/** What the operation's owner is told: the message of an error meant for clients, a fixed sentence otherwise. */
function reasonOf(exception: unknown): string {
  // Cut by code points: half of a surrogate pair would not survive the store's JSON on Redis.
  if (exception instanceof AuthError || exception instanceof HttpException) return Array.from(exception.message).slice(0, 500).join('');
  return 'The operation failed.';
}
