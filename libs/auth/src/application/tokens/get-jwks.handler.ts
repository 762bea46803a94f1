import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PublicJwks, TokenService } from '../../ports/token-service';
import { GetJwksQuery } from './get-jwks.query';

@QueryHandler(GetJwksQuery)
export class GetJwksHandler implements IQueryHandler<GetJwksQuery, PublicJwks> {
  constructor(private readonly tokens: TokenService) {}

  async execute(): Promise<PublicJwks> {
    return this.tokens.jwks();
  }
}
