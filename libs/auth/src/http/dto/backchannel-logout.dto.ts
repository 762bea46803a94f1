import { IsString, Length } from 'class-validator';
import { ApiProperty } from '../openapi/swagger';
import { ApiRequestSchema } from '../openapi/request-schema.decorator';

/** The form an identity provider posts to end sessions (OpenID Connect Back-Channel Logout 1.0, section 2.5). */
@ApiRequestSchema()
export class BackchannelLogoutDto {
  @ApiProperty({ minLength: 1, maxLength: 8192, description: 'The provider-signed logout token (a JWT with a `sid` or `sub`; Keycloak\'s are about 1 KB).' })
  @IsString()
  @Length(1, 8192)
  logout_token!: string;
}
