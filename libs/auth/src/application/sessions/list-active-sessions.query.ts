import { Query } from '@nestjs/cqrs';
import type { AssuranceLevel, AuthenticationMethod } from '../../domain/authentication-method';
import type { SessionMode } from '../../domain/session-mode';

/** One active session as its owner sees it in `GET /auth/sessions`. */
export interface SessionView {
  readonly id: string;
  readonly mode: SessionMode;
  readonly current: boolean;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly expiresAt: Date;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly acr: AssuranceLevel;
  readonly amr: readonly AuthenticationMethod[];
}

/** The user's active sessions, newest first; `currentSessionId` marks the caller's own. */
export class ListActiveSessionsQuery extends Query<SessionView[]> {
  constructor(
    readonly userId: string,
    readonly currentSessionId?: string,
  ) {
    super();
  }
}
