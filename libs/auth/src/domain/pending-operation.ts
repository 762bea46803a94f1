/**
 * Where a step-up operation stands. `pending` waits for the second factor; `granted` holds an
 * elevation (the end of a retry-model operation: the client retries its request); a resumable one
 * goes on to `running` while its stored command runs, and ends `completed` or `failed`.
 */
export type OperationState = 'pending' | 'granted' | 'running' | 'completed' | 'failed';

/** What `GET /auth/operations/:id` says of a state: the client needs to know only whether to wait. */
export type OperationStatus = 'pending' | 'completed' | 'failed';

/**
 * The command a resumable route would have run, kept to run after the second factor: the name it is
 * registered under and its own fields as JSON. Only a command class named on a route is ever
 * rebuilt from this record.
 */
export interface StoredCommand {
  readonly name: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * A sensitive operation a caller asked for without a live elevation: the step-up `operation_id`
 * (a client's `correlation_id`). It belongs to one user and one session; nobody else may validate
 * a code for it, read it, or have it resumed.
 */
export interface PendingOperation {
  readonly id: string;
  readonly userId: string;
  readonly sessionId: string;
  /** The name given to `@VerifyElevation(operation)`. */
  readonly operation: string;
  readonly requestedAt: Date;
  /** When the store forgets it, by the caller's clock; settling it moves this on, so a result stays readable. */
  readonly expiresAt: Date;
  readonly state: OperationState;
  /** Seconds the elevation granted for it lasts: the route's `maxAge`. */
  readonly elevationSeconds: number;
  /** Whether that elevation is spent by the first request it authorizes (always, for a resumable one). */
  readonly oneShot: boolean;
  /** The second factors that may prove it (`totp`, `email`, `sms`, `recovery`): what the route allows. */
  readonly methods: readonly string[];
  /** A resumable operation's command; absent for the retry model. */
  readonly command?: StoredCommand;
  /** What the resumed command answered (JSON), once `completed`. */
  readonly result?: unknown;
  /** Why the resumed command failed, once `failed`: a sentence fit for the operation's owner. */
  readonly error?: string;
}

/** The status a client is shown: a granted retry-model operation is done; a resumable one is done when its command is. */
export function statusOf(operation: Pick<PendingOperation, 'state' | 'command'>): OperationStatus {
  switch (operation.state) {
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'granted':
      return operation.command ? 'pending' : 'completed';
    default:
      return 'pending';
  }
}

/** True when `operation` belongs to this user and this session: the only caller who may act on it. */
export function isOwnedBy(operation: Pick<PendingOperation, 'userId' | 'sessionId'>, caller: { readonly userId: string; readonly sessionId: string }): boolean {
  return operation.userId === caller.userId && operation.sessionId === caller.sessionId;
}
