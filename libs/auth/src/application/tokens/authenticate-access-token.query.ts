import { Query } from '@nestjs/cqrs';
import type { AccessContext } from './access-context';

/** Verifies a bearer access token and, for stateful sessions, that its session is still active. */
export class AuthenticateAccessTokenQuery extends Query<AccessContext> {
  constructor(readonly accessToken: string) {
    super();
  }
}
