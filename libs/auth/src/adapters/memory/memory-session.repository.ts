import { AuthSession, AuthSessionState } from '../../domain/auth-session';
import { SessionRepository } from '../../ports/session-repository';

/** Keeps sessions in this process. For tests and single-instance demos; lost on restart. */
export class MemorySessionRepository extends SessionRepository {
  private readonly states = new Map<string, AuthSessionState>();

  async save(session: AuthSession): Promise<void> {
    this.states.set(session.id, copyOf(session.toState()));
  }

  async findById(id: string): Promise<AuthSession | undefined> {
    const state = this.states.get(id);
    return state && AuthSession.fromState(copyOf(state));
  }

  async listActive(userId: string, now: Date): Promise<AuthSession[]> {
    return [...this.states.values()]
      .filter((state) => state.userId === userId)
      .map((state) => AuthSession.fromState(copyOf(state)))
      .filter((session) => session.isActiveAt(now))
      .sort((a, b) => b.toState().createdAt.getTime() - a.toState().createdAt.getTime());
  }

  // Check and change without an await in between: the event loop cannot run another call halfway.
  async touch(id: string, now: Date, expiresAt: Date): Promise<boolean> {
    const state = this.states.get(id);
    if (!state || !AuthSession.fromState(state).isActiveAt(now)) return false;
    this.states.set(id, { ...state, lastUsedAt: new Date(now.getTime()), expiresAt: new Date(expiresAt.getTime()) });
    return true;
  }

  async revoke(id: string, now: Date): Promise<boolean> {
    const state = this.states.get(id);
    if (!state || state.status === 'revoked') return false;
    this.states.set(id, { ...state, status: 'revoked', revokedAt: new Date(now.getTime()) });
    return true;
  }
}

// The aggregate hands out its live state; a stored copy keeps later, unsaved changes out of the store.
function copyOf(state: AuthSessionState): AuthSessionState {
  const copyDate = (date: Date | undefined) => date && new Date(date.getTime());
  return {
    ...state,
    methods: [...state.methods],
    completedSteps: [...state.completedSteps],
    nextSteps: [...state.nextSteps],
    authTime: copyDate(state.authTime),
    createdAt: new Date(state.createdAt.getTime()),
    lastUsedAt: new Date(state.lastUsedAt.getTime()),
    expiresAt: new Date(state.expiresAt.getTime()),
    revokedAt: copyDate(state.revokedAt),
  };
}
