import { Injectable } from '@nestjs/common';
import { AuthSession } from '../../domain/auth-session';
import { FlowExpiredError } from '../../domain/auth-error';
import { PreAuthTokenCodec } from '../../ports/pre-auth-token-codec';
import { SessionRepository } from '../../ports/session-repository';
import type { FlowReference } from './flow-reference';

/**
 * Keeps pending sign-ins between steps: as a pending session row in stateful mode, or sealed into a
 * `pre_auth_token` in stateless mode, where nothing is written until the sign-in completes.
 */
@Injectable()
export class PendingFlows {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly codec: PreAuthTokenCodec,
  ) {}

  /**
   * The pending flow the reference names. An unknown, completed or expired flow is `FLOW_EXPIRED`;
   * a token this module did not seal is `TOKEN_INVALID`.
   */
  async load(reference: FlowReference, now: Date): Promise<AuthSession> {
    const flow =
      'sessionId' in reference
        ? await this.sessions.findById(reference.sessionId)
        : AuthSession.fromState(await this.codec.open(reference.preAuthToken));
    const expectedMode = 'sessionId' in reference ? 'stateful' : 'stateless';
    if (!flow || flow.mode !== expectedMode || flow.statusAt(now) !== 'pending') throw new FlowExpiredError();
    return flow;
  }

  /** Stores the flow for its next step and says how the client refers to it. */
  async keep(flow: AuthSession): Promise<{ sessionId: string } | { preAuthToken: string }> {
    if (flow.mode === 'stateful') {
      await this.sessions.save(flow);
      return { sessionId: flow.id };
    }
    return { preAuthToken: await this.codec.seal(flow.toState()) };
  }
}
