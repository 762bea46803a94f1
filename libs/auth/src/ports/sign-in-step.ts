import type { AuthenticationMethod } from '../domain/authentication-method';
import type { Identity } from '../domain/identity';
import type { SessionMode } from '../domain/session-mode';

/** A JSON Schema (draft 2020-12) describing an object. */
export type JsonSchemaObject = { readonly type: 'object'; readonly properties: Readonly<Record<string, object>> } & Readonly<Record<string, unknown>>;

/** What the engine tells a step about the flow it runs in. */
export interface StepContext {
  readonly now: Date;
  /**
   * The flow's id, fixed from its first step: the session id it becomes. A step keys per-flow
   * state by it (a challenge sent, a code counted), never by the user, whose other flows are apart.
   */
  readonly flowId: string;
  /** How the flow travels and how its session will be checked (DESIGN.md section 4). */
  readonly mode: SessionMode;
  readonly clientAddress?: string;
  /** The user the flow has identified so far; undefined at an identifying step. */
  readonly userId?: string;
  readonly completedSteps: readonly string[];
}

/** What a passed step reports: whom it identified and by which method (`amr`). */
export interface StepResult {
  /** Who passed the step. At a later step it must be the flow's user. */
  readonly userId: string;
  /** The factor the step proved (RFC 8176), recorded in the session's `amr`. */
  readonly method: AuthenticationMethod;
  /** The identity, when the step already has it (saves a directory lookup). */
  readonly identity?: Identity;
}

/**
 * One step of a sign-in: a plug-in the flow engine runs. The engine validates the client's input
 * against `schema` before `verify` sees it, and `GET /auth/options` publishes the same schema, so
 * the two cannot disagree. A step that refuses throws an `AuthError` (`INVALID_CREDENTIALS`,
 * `OTP_INVALID`, ...).
 *
 * @example
 * class AccessPinStep extends SignInStep<{ pin: string }> {
 *   readonly key = 'access-pin';
 *   readonly name = 'Access PIN';
 *   readonly schema = { type: 'object', properties: { pin: { type: 'string', pattern: '^[0-9]{6}$' } }, required: ['pin'], additionalProperties: false } as const;
 *   async verify({ pin }: { pin: string }, { userId }: StepContext) {
 *     if (!(await this.pins.matches(userId!, pin))) throw new AuthError('INVALID_CREDENTIALS', 'Wrong PIN.');
 *     return { userId: userId!, method: 'kba' as const };
 *   }
 * }
 */
export abstract class SignInStep<TInput extends object = Record<string, unknown>> {
  /** The step key in `/auth/validate/:step` and `next_steps`. */
  abstract readonly key: string;
  abstract readonly name: string;
  abstract readonly schema: JsonSchemaObject;
  /** An identifying step starts a flow and says who the user is; others verify a known user. @default false */
  readonly identifies: boolean = false;
  /** Seconds the client has to pass this step once it is offered. @default 300 */
  readonly ttlSeconds: number = 300;

  /** For a second-factor step: whether the user has enrolled it. The default policy offers the enrolled ones. */
  isEnrolled(_userId: string): Promise<boolean> {
    return Promise.resolve(false);
  }

  abstract verify(input: TInput, context: StepContext): Promise<StepResult>;
}
