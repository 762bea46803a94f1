import type { AuthSessionState, SessionStatus } from '../../domain/auth-session';
import type { AuthenticationMethod } from '../../domain/authentication-method';
import type { SessionMode } from '../../domain/session-mode';
import { TokenInvalidError } from '../../domain/auth-error';

// Records over the unions, so a new mode, status or method that is not listed here fails the build
// instead of making every token that carries it unreadable.
// Stryker disable BooleanLiteral: only the keys are read (Object.hasOwn in oneOf and for methods), never the values, so `true` is a placeholder the Record type asks for.
const MODES: Record<SessionMode, true> = { stateful: true, stateless: true };
const STATUSES: Record<SessionStatus, true> = { pending: true, active: true, revoked: true };
const METHODS: Record<AuthenticationMethod, true> = { pwd: true, otp: true, sms: true, mfa: true, kba: true, hwk: true, swk: true };
// Stryker restore BooleanLiteral

const DATES = ['authTime', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'] as const;
const OPTIONAL = new Set<string>(['authTime', 'revokedAt', 'ip', 'userAgent']);
const FIELDS = new Set<string>(['id', 'userId', 'mode', 'status', 'methods', 'completedSteps', 'nextSteps', ...DATES, 'ip', 'userAgent']);

/** The flow as JSON: dates become epoch milliseconds, absent optional fields stay absent. */
export function toPayload(state: AuthSessionState): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = state[field as keyof AuthSessionState];
    if (value === undefined) continue;
    payload[field] = value instanceof Date ? value.getTime() : value;
  }
  return payload;
}

/**
 * Rebuilds the flow from decrypted JSON. Only this codec's key could have produced it, so a shape
 * that is off means a bug or a key shared with something else: refuse rather than guess.
 */
export function fromPayload(payload: unknown): AuthSessionState {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw malformed('not an object');
  const fields = payload as Record<string, unknown>;
  for (const field of Object.keys(fields)) if (!FIELDS.has(field)) throw malformed(`unexpected field ${field.slice(0, 32)}`);
  for (const field of FIELDS) if (!OPTIONAL.has(field) && !(field in fields)) throw malformed(`missing ${field}`);

  const state: Record<string, unknown> = {
    id: text(fields, 'id'),
    userId: text(fields, 'userId'),
    mode: oneOf(fields, 'mode', MODES),
    status: oneOf(fields, 'status', STATUSES),
    methods: list(fields, 'methods').map((method) => (Object.hasOwn(METHODS, method) ? method : badField('methods'))),
    completedSteps: list(fields, 'completedSteps'),
    nextSteps: list(fields, 'nextSteps'),
  };
  for (const field of DATES) if (field in fields) state[field] = new Date(epochMillis(fields, field));
  for (const field of ['ip', 'userAgent']) if (field in fields) state[field] = text(fields, field);
  return state as unknown as AuthSessionState;
}

function text(fields: Record<string, unknown>, field: string): string {
  const value = fields[field];
  return typeof value === 'string' ? value : badField(field);
}

function list(fields: Record<string, unknown>, field: string): string[] {
  const value = fields[field];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return badField(field);
  return [...value];
}

function oneOf(fields: Record<string, unknown>, field: string, allowed: Record<string, true>): string {
  const value = fields[field];
  return typeof value === 'string' && Object.hasOwn(allowed, value) ? value : badField(field);
}

function epochMillis(fields: Record<string, unknown>, field: string): number {
  const value = fields[field];
  // ±8.64e15 ms is the range a Date can hold; beyond it `new Date` gives an Invalid Date.
  return Number.isSafeInteger(value) && Math.abs(value as number) <= 8.64e15 ? (value as number) : badField(field);
}

function badField(field: string): never {
  throw malformed(`bad ${field}`);
}

function malformed(detail: string): TokenInvalidError {
  return new TokenInvalidError(undefined, { cause: new Error(`pre_auth_token payload: ${detail}`) });
}
