import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccessTokenIssuer, PublicJwks } from '../../ports/access-token-issuer';
import { GetJwksQuery } from './get-jwks.query';

@QueryHandler(GetJwksQuery)
export class GetJwksHandler implements IQueryHandler<GetJwksQuery, PublicJwks> {
  constructor(private readonly tokens: AccessTokenIssuer) {}

  async execute(): Promise<PublicJwks> {
    return this.tokens.jwks();
  }
}
