import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { AuthSession } from '../../domain/auth-session';
import { AuthError, FlowExpiredError, StepOutOfOrderError, TokenInvalidError, TooManyAttemptsError } from '../../domain/auth-error';
import type { Identity } from '../../domain/identity';
import type { SessionMode } from '../../domain/session-mode';
import { SignInFailedEvent } from '../../domain/events/sign-in-failed.event';
import { Clock } from '../../ports/clock';
import { FlowStateStore } from '../../ports/flow-state-store';
import { SessionRepository } from '../../ports/session-repository';
import type { SignInStep, StepContext, StepResult } from '../../ports/sign-in-step';
import { UserDirectory } from '../../ports/user-directory';
import { AuthSettings } from '../auth-settings';
import type { SignInResult } from '../sign-in/sign-in-result';
import { sessionModeOf } from '../sign-in/session-mode-choice';
import { TokenIssuer } from '../tokens/token-issuer';
import type { FlowReference } from './flow-reference';
import { LaterStepThrottle } from './later-step-throttle';
import { PendingFlows } from './pending-flows';
import { SignInSteps } from './sign-in-steps';
import { codeStepOf } from './continue-with-code.choice';
import { type OtpMethod, STEP_OF_OTP_METHOD } from '../../domain/otp-method';
import { OtpRequiredEvent } from '../../domain/events/otp-required.event';

const ONE_TIME_CODE_STEPS: ReadonlySet<string> = new Set(Object.values(STEP_OF_OTP_METHOD));

/** Where a sign-in request came from: kept on the session and used by the per-client throttle. */
export interface ClientContext {
  readonly clientAddress?: string;
  readonly userAgent?: string;
  /** At the first step: true for a stateful sign-in, false for stateless, undefined for the default. */
  readonly trackSession?: boolean;
}

/**
 * Runs sign-in flows: each submitted step is validated against its schema, checked against the
 * steps the flow allows now, verified, and then the flow policy decides what comes next. A flow
 * stage advances once: the store's atomic `consume` settles races and replayed `pre_auth_token`s.
 */
@Injectable()
export class SignInEngine {
  constructor(
    private readonly steps: SignInSteps,
    private readonly flows: PendingFlows,
    private readonly flowState: FlowStateStore,
    private readonly sessions: SessionRepository,
    private readonly directory: UserDirectory,
    private readonly issuer: TokenIssuer,
    private readonly settings: AuthSettings,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly laterSteps: LaterStepThrottle,
  ) {}

  async submit(stepKey: string, rawInput: unknown, reference: FlowReference | undefined, client: ClientContext): Promise<SignInResult> {
    const step = this.steps.get(stepKey);
    const input = this.steps.validInput(step, rawInput);
    const now = this.clock.now();
    if (!reference) return this.decideNext(await this.startFlow(step, input, client, now), now);
    const flow = await this.flows.load(reference, now);
    return this.decideNext(await this.continueFlow(step, input, flow, client, now), now);
  }

  /**
   * Continues a flow with a one-time code, at the offered step `method` names (or the only one that
   * takes a `code`): the flow is loaded once to choose the step and to run it.
   */
  async submitCode(reference: FlowReference, code: string, client: ClientContext, method?: OtpMethod): Promise<SignInResult> {
    const now = this.clock.now();
    const flow = await this.flows.load(reference, now);
    const step = codeStepOf(flow.nextSteps.map((key) => this.steps.get(key)), method);
    const input = this.steps.validInput(step, { code });
    return this.decideNext(await this.continueFlow(step, input, flow, client, now), now);
  }

  private async decideNext({ flow, result }: { flow: AuthSession; result: StepResult }, now: Date): Promise<SignInResult> {
    const identity = result.identity ?? (await this.identityOf(flow.userId));
    const next = await this.settings.flowPolicy({
      identity,
      completedSteps: flow.completedSteps,
      enrolledFactors: await this.steps.enrolledFactors(flow.userId),
    });
    return next.length === 0 ? this.complete(flow, identity, now) : this.offer(flow, next, now);
  }

  private async startFlow(step: SignInStep<object>, input: object, client: ClientContext, now: Date) {
    if (!step.identifies) throw new StepOutOfOrderError(step.key);
    const mode: SessionMode = sessionModeOf(client.trackSession, this.settings);
    const id = randomUUID();
    const context = { now, flowId: id, mode, clientAddress: client.clientAddress, completedSteps: [] };
    const result = await this.reportingFailure(step.key, context, { username: (input as { username?: string }).username }, () => step.verify(input, context));
    const flow = AuthSession.start({
      id,
      userId: result.userId,
      mode,
      now,
      // Stryker disable next-line ArithmeticOperator: this first deadline is never read; decideNext always replaces it (offer() or activate()) before the flow is kept, stored or published.
      expiresAt: new Date(now.getTime() + step.ttlSeconds * 1000),
      ip: client.clientAddress,
      // Bounded: it travels inside the pre_auth_token, whose size is capped.
      userAgent: client.userAgent?.slice(0, 512),
    });
    flow.completeStep(step.key, result.method, now);
    return { flow, result };
  }

  private async continueFlow(step: SignInStep<object>, input: object, flow: AuthSession, client: ClientContext, now: Date) {
    if (!flow.nextSteps.includes(step.key)) throw new StepOutOfOrderError(step.key);
    const stage = `${flow.id}:${flow.completedSteps.length}`;
    if (await this.flowState.isConsumed(`stage:${stage}`, now)) throw new FlowExpiredError();
    // The attempt is counted before the check (as for OTP codes), so parallel guesses cannot exceed the cap.
    const attempts = await this.flowState.countAttempt(`attempts:${stage}`, flow.expiresAt, now);
    // Past the cap every later attempt is refused too, so the stage is dead without consuming it.
    if (attempts > this.settings.maxStepAttempts) {
      this.events.publish(new SignInFailedEvent(step.key, 'too_many_attempts', now, { userId: flow.userId, sessionId: flow.id, clientAddress: client.clientAddress }));
      throw new TooManyAttemptsError(Math.max(1, Math.ceil((flow.expiresAt.getTime() - now.getTime()) / 1000)));
    }
    const context = { now, flowId: flow.id, mode: flow.mode, clientAddress: client.clientAddress, userId: flow.userId, completedSteps: flow.completedSteps };
    // Counted per account across flows too: a new flow must not buy a new set of guesses. A refusal
    // by that count is reported like the step's own, so an audit sees code lockouts as it sees
    // password lockouts.
    const result = await this.reportingFailure(step.key, context, { userId: flow.userId, sessionId: flow.id }, () =>
      this.laterSteps.guard(flow.userId, client.clientAddress, now, () => step.verify(input, context)),
    );
    if (result.userId !== flow.userId) throw new TokenInvalidError('The step verified another user than the flow is for.');
    if (!(await this.flowState.consume(`stage:${stage}`, flow.expiresAt, now))) throw new FlowExpiredError();
    flow.completeStep(step.key, result.method, now);
    return { flow, result };
  }

  /** Runs a step's check and publishes a `SignInFailedEvent` for the refusal it ends in, if any. */
  private async reportingFailure(
    stepKey: string,
    context: StepContext,
    who: { username?: string; userId?: string; sessionId?: string },
    check: () => Promise<StepResult>,
  ): Promise<StepResult> {
    try {
      return await check();
    } catch (error) {
      if (error instanceof AuthError) {
        const reason = error.code === 'TOO_MANY_ATTEMPTS' ? 'throttled' : error.code === 'INVALID_CREDENTIALS' ? 'invalid_credentials' : 'invalid_code';
        this.events.publish(new SignInFailedEvent(stepKey, reason, context.now, { ...who, clientAddress: context.clientAddress }));
      }
      throw error;
    }
  }

  private async complete(flow: AuthSession, identity: Identity, now: Date): Promise<SignInResult> {
    const expiresAt = new Date(now.getTime() + this.settings.refreshTokenTtlSeconds * 1000);
    flow.activate(now, expiresAt);
    await this.laterSteps.completed(flow.userId, now);
    await this.sessions.save(flow);
    const tokens = await this.issuer.issue(flow, identity, now);
    this.events.publishAll(flow.pullEvents());
    return { status: 'complete', tokens, identity };
  }

  private async offer(flow: AuthSession, next: readonly string[], now: Date): Promise<SignInResult> {
    const ttl = Math.min(...next.map((key) => this.steps.get(key).ttlSeconds));
    flow.offer(next, new Date(now.getTime() + ttl * 1000));
    const reference = await this.flows.keep(flow);
    this.events.publishAll(flow.pullEvents());
    if (next.some((key) => ONE_TIME_CODE_STEPS.has(key))) this.events.publish(new OtpRequiredEvent(flow.id, flow.userId, next, now));
    return { status: 'next_step', userId: flow.userId, nextSteps: next, expiresIn: ttl, ...reference };
  }

  private async identityOf(userId: string): Promise<Identity> {
    const user = await this.directory.findById(userId);
    if (!user?.enabled) throw new FlowExpiredError('The account is no longer available.');
    return user;
  }
}
