import { amrOf, assuranceLevelOf, AssuranceLevel, AuthenticationMethod } from './authentication-method';
import { DomainEvent } from './events/domain-event';
import { AuthSessionCreatedEvent } from './events/auth-session-created.event';
import { SessionRevokedEvent, SessionRevocationReason } from './events/session-revoked.event';
import { SignInCompletedEvent } from './events/sign-in-completed.event';
import { StepCompletedEvent } from './events/step-completed.event';
import { StepOutOfOrderError } from './auth-error';

import type { SessionMode } from './session-mode';



/** `expired` is not stored: a session whose `expiresAt` has passed is expired (see `statusAt`). */
export type SessionStatus = 'pending' | 'active' | 'revoked';

/** Everything an `AuthSession` holds, as a repository stores and restores it. */
export interface AuthSessionState {
  readonly id: string;
  readonly userId: string;
  readonly mode: SessionMode;
  readonly status: SessionStatus;
  readonly methods: readonly AuthenticationMethod[];
  /** Keys of the sign-in steps completed, in order. */
  readonly completedSteps: readonly string[];
  /** While pending: the steps the flow policy allows next. */
  readonly nextSteps: readonly string[];
  readonly authTime?: Date;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt?: Date;
  readonly ip?: string;
  readonly userAgent?: string;
}

/** What starting a sign-in needs: who (once known), how the client reached us, and the mode. */
export interface StartSession {
  id: string;
  userId: string;
  mode: SessionMode;
  now: Date;
  expiresAt: Date;
  ip?: string;
  userAgent?: string;
}

/**
 * A sign-in attempt that becomes a session: pending while factors are being completed, then active
 * until it is revoked or expires. The lifecycle is drawn in `auth-session.md`.
 */
export class AuthSession {
  private events: DomainEvent[] = [];

  private constructor(private state: AuthSessionState) {}

  /** Begins a sign-in. @internal */
  static start(input: StartSession): AuthSession {
    const session = new AuthSession({
      id: input.id,
      userId: input.userId,
      mode: input.mode,
      status: 'pending',
      methods: [],
      completedSteps: [],
      nextSteps: [],
      createdAt: input.now,
      lastUsedAt: input.now,
      expiresAt: input.expiresAt,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    session.events.push(new AuthSessionCreatedEvent(input.id, input.userId, input.mode, input.now));
    return session;
  }

  static fromState(state: AuthSessionState): AuthSession {
    return new AuthSession(state);
  }

  get id(): string {
    return this.state.id;
  }
  get userId(): string {
    return this.state.userId;
  }
  get mode(): SessionMode {
    return this.state.mode;
  }
  get methods(): readonly AuthenticationMethod[] {
    return this.state.methods;
  }
  /** The `amr` claim: `methods`, plus `mfa` once two kinds of factor are done (RFC 8176). */
  get amr(): AuthenticationMethod[] {
    return amrOf(this.state.methods);
  }
  get acr(): AssuranceLevel {
    return assuranceLevelOf(this.state.methods);
  }
  get authTime(): Date | undefined {
    return this.state.authTime;
  }
  get expiresAt(): Date {
    return this.state.expiresAt;
  }

  statusAt(now: Date): SessionStatus | 'expired' {
    if (this.state.status !== 'revoked' && now.getTime() >= this.state.expiresAt.getTime()) return 'expired';
    return this.state.status;
  }

  isActiveAt(now: Date): boolean {
    return this.statusAt(now) === 'active';
  }

  get completedSteps(): readonly string[] {
    return this.state.completedSteps;
  }
  get nextSteps(): readonly string[] {
    return this.state.nextSteps;
  }

  /**
   * Records a step the user has just passed and the factor it proved. The first step may be any
   * identifying step; every later one must be among the steps offered.
  
   * @internal
   */
  completeStep(stepKey: string, method: AuthenticationMethod, now: Date): void {
    this.assertStatus('pending');
    if (this.state.completedSteps.length > 0 && !this.state.nextSteps.includes(stepKey)) throw new StepOutOfOrderError(stepKey);
    const methods = this.state.methods.includes(method) ? this.state.methods : [...this.state.methods, method];
    this.state = { ...this.state, methods, completedSteps: [...this.state.completedSteps, stepKey], nextSteps: [] };
    this.events.push(new StepCompletedEvent(this.id, this.userId, stepKey, method, now));
  }

  /** Offers the steps that may come next, until `deadline` (the shortest TTL among them). @internal */
  offer(nextSteps: readonly string[], deadline: Date): void {
    this.assertStatus('pending');
    this.state = { ...this.state, nextSteps: [...nextSteps], expiresAt: deadline };
  }

  /** Ends the sign-in: the session becomes usable and `auth_time` is fixed. @internal */
  activate(now: Date, expiresAt: Date): void {
    this.assertStatus('pending');
    if (this.state.methods.length === 0) throw new Error('A session cannot be activated before a factor is completed');
    this.state = { ...this.state, status: 'active', nextSteps: [], authTime: now, lastUsedAt: now, expiresAt };
    this.events.push(new SignInCompletedEvent(this.id, this.userId, this.amr, this.acr, now));
  }

  /** A refresh extends the session to the new refresh token's expiry. @internal */
  touch(now: Date, expiresAt: Date): void {
    this.assertStatus('active');
    this.state = { ...this.state, lastUsedAt: now, expiresAt };
  }

  /** Revoking is idempotent: revoking a revoked session changes nothing and records no event. @internal */
  revoke(now: Date, reason: SessionRevocationReason): void {
    if (this.state.status === 'revoked') return;
    this.state = { ...this.state, status: 'revoked', revokedAt: now };
    this.events.push(new SessionRevokedEvent(this.id, this.userId, reason, now));
  }

  toState(): AuthSessionState {
    return this.state;
  }

  /** Hands over the events recorded since the last call, for the application layer to publish. @internal */
  pullEvents(): DomainEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private assertStatus(expected: SessionStatus): void {
    if (this.state.status !== expected) {
      throw new Error(`Session ${this.id} is ${this.state.status}, expected ${expected}`);
    }
  }
}
