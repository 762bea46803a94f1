import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { OperationSettledEvent } from '../../domain/events/operation-settled.event';
import { Clock } from '../../ports/clock';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { StepUpSettings } from './step-up-settings';

// A result travels through the shared store and back to the client: a bigger one is not kept.
const MAX_RESULT_BYTES = 64 * 1024;

/** Settles a running resumed operation, keeping its result (or the reason it failed) readable for the operation TTL. */
@Injectable()
export class OperationOutcomes {
  private readonly logger = new Logger('Stepgate');

  constructor(
    private readonly operations: PendingOperationStore,
    private readonly settings: StepUpSettings,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async completed(operationId: string, answer: unknown): Promise<void> {
    const result = this.storable(operationId, answer);
    await this.settle(operationId, 'completed', result === undefined ? {} : { result });
  }

  async failed(operationId: string, reason: string): Promise<void> {
    await this.settle(operationId, 'failed', { error: reason });
  }

  private async settle(operationId: string, state: 'completed' | 'failed', fields: { result?: unknown; error?: string }): Promise<void> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.settings.operationTtlSeconds * 1000);
    const settled = await this.operations.advance(operationId, 'running', { state, expiresAt, ...fields }, now);
    if (settled) this.events.publish(new OperationSettledEvent(operationId, settled.userId, settled.operation, state, now, fields.error));
  }

  private storable(operationId: string, answer: unknown): unknown {
    if (answer === undefined) return undefined;
    const json = JSON.stringify(answer);
    if (json === undefined) return undefined;
    if (Buffer.byteLength(json) <= MAX_RESULT_BYTES) return JSON.parse(json) as unknown;
    this.logger.warn(`The resumed operation ${operationId} answered over ${MAX_RESULT_BYTES} bytes; it is marked completed without its result.`);
    return undefined;
  }
}
