import { ValidationFailedError } from '../domain/auth-error';
import type { FlowReference } from '../application/flows/flow-reference';
import type { CompletedSignIn, PendingSignIn, SignInResult } from '../application/sign-in/sign-in-result';
import type { SessionView } from '../application/sessions/list-active-sessions.query';
import type { UserInfo } from '../application/users/get-user-info.query';
import type { DirectoryUser } from '../application/users/list-users.query';
import type { ClientAddresses, RequestFromClient } from './client-address';
import type { NextStepResponseDto, SessionDto, TokenResponseDto, UserDto, UserInfoDto } from './dto/responses.dto';

/**
 * The step-up operation a code is for, when the body names one: alone, since a code proves one
 * thing (a sign-in's flow or an operation, never both).
 */
export function correlationIdOf(body: { session_id?: string; pre_auth_token?: string; correlation_id?: string }): string | undefined {
  if (body.correlation_id === undefined) return undefined;
  if (body.session_id !== undefined || body.pre_auth_token !== undefined) {
    throw new ValidationFailedError([{ field: 'correlation_id', message: 'send correlation_id (a step-up) or session_id / pre_auth_token (a sign-in), not both' }]);
  }
  return body.correlation_id;
}

/**
 * The pending sign-in a body names: `session_id` or `pre_auth_token`, never both; `required` when
 * the route has nothing to do without one.
 */
export function flowReferenceOf(body: { session_id?: string; pre_auth_token?: string }, required: true): FlowReference;
export function flowReferenceOf(body: { session_id?: string; pre_auth_token?: string }, required?: false): FlowReference | undefined;
export function flowReferenceOf(body: { session_id?: string; pre_auth_token?: string }, required = false): FlowReference | undefined {
  if (body.session_id !== undefined && body.pre_auth_token !== undefined) {
    throw new ValidationFailedError([{ field: 'pre_auth_token', message: 'send either session_id or pre_auth_token, not both' }]);
  }
  if (body.session_id !== undefined) return { sessionId: body.session_id };
  if (body.pre_auth_token !== undefined) return { preAuthToken: body.pre_auth_token };
  if (required) throw new ValidationFailedError([{ field: 'session_id', message: 'name the pending sign-in: session_id (stateful) or pre_auth_token (stateless)' }]);
  return undefined;
}

// The wire format is snake_case (DESIGN.md section 4); the core speaks camelCase.

export function signInResponseOf(result: SignInResult): TokenResponseDto | NextStepResponseDto {
  return result.status === 'complete' ? tokenResponseOf(result) : nextStepResponseOf(result);
}

export function nextStepResponseOf(result: PendingSignIn): NextStepResponseDto {
  return {
    status: 'next_step',
    user_id: result.userId,
    next_steps: [...result.nextSteps],
    ...(result.sessionId ? { session_id: result.sessionId } : {}),
    ...(result.preAuthToken ? { pre_auth_token: result.preAuthToken } : {}),
    expires_in: result.expiresIn,
  };
}

export function tokenResponseOf({ tokens, identity }: CompletedSignIn): TokenResponseDto {
  return {
    status: 'complete',
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_type: 'Bearer',
    expires_in: tokens.accessTokenExpiresIn,
    session_id: tokens.sessionId,
    user: { id: identity.userId, username: identity.username, permits: [...identity.groups] },
  };
}

export function userInfoOf(info: UserInfo): UserInfoDto {
  return {
    id: info.id,
    username: info.username,
    email: info.email,
    permits: [...info.permits],
    mfa: { totp_enabled: info.mfa.totpEnabled, methods: [...info.mfa.methods] },
    session_id: info.sessionId,
    acr: info.acr,
    amr: [...info.amr],
    auth_time: info.authTime,
  };
}

export function sessionOf(view: SessionView): SessionDto {
  return {
    id: view.id,
    mode: view.mode,
    current: view.current,
    created_at: view.createdAt.toISOString(),
    last_used_at: view.lastUsedAt.toISOString(),
    expires_at: view.expiresAt.toISOString(),
    ip: view.ip,
    user_agent: view.userAgent,
    acr: view.acr,
    amr: [...view.amr],
  };
}

export function userOf(user: DirectoryUser): UserDto {
  return { id: user.userId, username: user.username, email: user.email, permits: [...user.groups], enabled: user.enabled };
}

/** Where the request came from, as recorded on the session: the address `trustedProxies` allows (see `ClientAddresses`). */
export function clientOf(request: RequestFromClient, addresses: ClientAddresses) {
  const agent = request.headers['user-agent'];
  return { clientAddress: addresses.of(request), userAgent: typeof agent === 'string' ? agent.slice(0, 512) : undefined };
}
