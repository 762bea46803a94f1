import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnauthenticatedError } from '../../domain/auth-error';
import { UserDirectory } from '../../ports/user-directory';
import { GetUserInfoQuery, UserInfo } from './get-user-info.query';
import { MfaProfile } from '../mfa/mfa-profile';

@QueryHandler(GetUserInfoQuery)
export class GetUserInfoHandler implements IQueryHandler<GetUserInfoQuery, UserInfo> {
  constructor(
    private readonly directory: UserDirectory,
    private readonly mfa: MfaProfile,
  ) {}

  async execute({ caller }: GetUserInfoQuery): Promise<UserInfo> {
    const [user, mfa] = await Promise.all([this.directory.findById(caller.identity.userId), this.mfa.of(caller.identity.userId)]);
    if (!user?.enabled) throw new UnauthenticatedError('The account no longer exists.');
    return {
      id: user.userId,
      username: user.username,
      email: user.email,
      permits: user.groups,
      mfa: { totpEnabled: mfa.totpEnabled, methods: [...mfa.methods] },
      sessionId: caller.sessionId,
      acr: caller.acr,
      amr: caller.amr,
      authTime: caller.authTime,
    };
  }
}
