import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import type { FixedClock } from '@stepgate/auth/testing';
import type { SmtpTestServer } from '../../../support/smtp-test-server';
import type { SmsTestGateway } from '../../../support/sms-test-gateway';
import type { CommandRuns, ElevatedRoute } from './test-routes';

export interface StepUpUser {
  readonly username: string;
  readonly password: string;
  readonly email?: string;
  readonly phoneNumber?: string;
}

/** `ann` has an email address and a phone and can enrol TOTP; `eve` has only an email address; `pat` only a phone. */
export type StepUpUserName = 'ann' | 'eve' | 'pat';

/** A completed sign-in, as the token response gave it. */
export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly userId: string;
  readonly bearer: { authorization: string };
}

export interface StepUpTestAppOptions {
  mode?: 'stateful' | 'stateless';
  /**
   * `memory`: the module's defaults. `postgres-redis`: users, sessions, TOTP and recovery codes in
   * PostgreSQL, flow state, challenges, elevations and pending operations in Redis (one prefix for
   * the whole group); the start fails when either server does not answer.
   * @default 'memory'
   */
  storage?: 'memory' | 'postgres-redis';
  /** @default 403 */
  challengeStatus?: 401 | 403;
  /**
   * Long by default, so that the fixed clock can pass an elevation's `max_age` and a pending
   * operation's TTL while the caller's access token still verifies (stateless tokens last 300 s).
   * @default 3600
   */
  accessTokenTtlSeconds?: number;
}

/** One instance: AuthModule and the step-up test controller on their own Nest container. */
export interface StepUpTestApp {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  /** Shared by every instance of the group, as is everything below. */
  readonly clock: FixedClock;
  readonly smtp: SmtpTestServer;
  readonly sms: SmsTestGateway;
  readonly users: Readonly<Record<StepUpUserName, StepUpUser>>;
  readonly runs: CommandRuns;
  /** Signs `who` in; once ann has TOTP, the sign-in completes with a fresh TOTP code. */
  signIn(who: StepUpUserName): Promise<SignedIn>;
  /** Enrols TOTP for ann (once per group) and returns the secret, the recovery codes and the session that enrolled. */
  enrolTotp(): Promise<{ secret: string; recoveryCodes: string[]; session: SignedIn }>;
  /** Moves the clock one time step on and answers ann's TOTP code for it: each code is accepted once. */
  nextTotpCode(): Promise<string>;
  /** Calls `route` as `session`: without an elevation, the MFA_REQUIRED answer. */
  call(route: ElevatedRoute, session: SignedIn | undefined, body?: object): request.Test;
  /** `POST /auth/otp/challenge` for the operation `correlationId`. */
  challenge(session: SignedIn | undefined, correlationId: unknown, method: 'email' | 'sms', extra?: object): request.Test;
  /** `POST /auth/otp/validate` of `code` for the operation `correlationId`. */
  validate(session: SignedIn | undefined, correlationId: unknown, method: 'totp' | 'email' | 'sms' | 'recovery', code: string | undefined, extra?: object): request.Test;
  /** `GET /auth/operations/:id`. */
  operation(session: SignedIn, id: string): request.Test;
  /** Polls `GET /auth/operations/:id` until it is no longer `pending` or `timeoutMs` have passed, and answers the last response. */
  settledOperation(session: SignedIn, id: string, timeoutMs?: number): Promise<request.Response>;
  /** The 6-digit code of the next mail to arrive at the SMTP test server, and its recipients. */
  emailedCode(): Promise<{ code: string; to: string[] }>;
  /** The 6-digit code of the last SMS the gateway took, and its recipient. */
  textedCode(): { code: string; to: string };
  /** Closes every instance of the group and the servers they share. */
  close(): Promise<void>;
}
