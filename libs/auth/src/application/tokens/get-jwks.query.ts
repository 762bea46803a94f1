import { Query } from '@nestjs/cqrs';
import type { PublicJwks } from '../../ports/token-service';

/** The public keys that verify the module's access tokens. */
export class GetJwksQuery extends Query<PublicJwks> {}
