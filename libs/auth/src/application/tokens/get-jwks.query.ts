import { Query } from '@nestjs/cqrs';
import type { PublicJwks } from '../../ports/access-token-issuer';

/** The public keys that verify the module's access tokens. */
export class GetJwksQuery extends Query<PublicJwks> {}
