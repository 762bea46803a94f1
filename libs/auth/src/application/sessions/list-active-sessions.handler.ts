import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { ListActiveSessionsQuery, SessionView } from './list-active-sessions.query';

@QueryHandler(ListActiveSessionsQuery)
export class ListActiveSessionsHandler implements IQueryHandler<ListActiveSessionsQuery, SessionView[]> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, currentSessionId }: ListActiveSessionsQuery): Promise<SessionView[]> {
    const sessions = await this.sessions.listActive(userId, this.clock.now());
    return sessions.map((session) => {
      const state = session.toState();
      return {
        id: state.id,
        mode: state.mode,
        current: state.id === currentSessionId,
        createdAt: state.createdAt,
        lastUsedAt: state.lastUsedAt,
        expiresAt: state.expiresAt,
        ip: state.ip,
        userAgent: state.userAgent,
        acr: session.acr,
        amr: session.amr,
      };
    });
  }
}
