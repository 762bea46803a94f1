import { Query } from '@nestjs/cqrs';
import type { AccessContext } from '../tokens/access-context';

/** The caller's profile and session facts, as `GET /auth/me` returns them. */
export interface UserInfo {
  readonly id: string;
  readonly username: string;
  readonly email?: string;
  readonly permits: readonly string[];
  readonly mfa: { readonly totpEnabled: boolean; readonly methods: readonly string[] };
  readonly sessionId: string;
  readonly acr: string;
  readonly amr: readonly string[];
  readonly authTime: number;
}

/** The caller's profile and how their session was authenticated. */
export class GetUserInfoQuery extends Query<UserInfo> {
  constructor(readonly caller: AccessContext) {
    super();
  }
}
