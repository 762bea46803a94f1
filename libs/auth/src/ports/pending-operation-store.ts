import type { OperationState, PendingOperation } from '../domain/pending-operation';

/** What a transition writes beside the new state. */
export interface OperationChange {
  readonly state: OperationState;
  /** A new expiry (a settled operation stays readable for a while); unchanged when absent. */
  readonly expiresAt?: Date;
  readonly result?: unknown;
  readonly error?: string;
}

/**
 * Pending step-up operations that every instance must see (DESIGN.md section 6): memory for one
 * instance, Redis for many. Each is read by id and moved on only by `advance`, a compare-and-set on
 * its state: of parallel callers moving the same operation from the same state exactly one
 * succeeds, which is what grants an operation once and resumes it once across instances.
 */
export abstract class PendingOperationStore {
  /** Stores a new operation; it disappears at `expiresAt` by the caller's clock `now`. Throws when a live one holds the id. */
  abstract create(operation: PendingOperation, now: Date): Promise<void>;

  /** The live operation with this id, if any. */
  abstract find(id: string, now: Date): Promise<PendingOperation | undefined>;

  /**
   * Moves the live operation `id` from state `from` to `change.state` as one atomic step and
   * answers it as it now is; undefined (and no change) when it is not live or not in state `from`.
   */
  abstract advance(id: string, from: OperationState, change: OperationChange, now: Date): Promise<PendingOperation | undefined>;
}
