import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

// Without a pre_auth_token, a login is the password step and needs both fields.
const isPasswordLogin = (body: LoginDto) => body.pre_auth_token === undefined;

export class LoginDto {
  @ApiProperty({ example: 'alice', maxLength: 128, required: false })
  @ValidateIf(isPasswordLogin)
  @IsString()
  @Length(1, 128)
  username: string;

  // The upper bound keeps an attacker from making the server hash megabytes per request.
  @ApiProperty({ example: 'alice-demo-password', maxLength: 1024, format: 'password', required: false })
  @ValidateIf(isPasswordLogin)
  @IsString()
  @Length(1, 1024)
  password: string;

  @ApiPropertyOptional({ description: 'true: a stateful session checked on every request; false: stateless. Default: the configured mode.' })
  @IsOptional()
  @IsBoolean()
  track_session?: boolean;

  @ApiPropertyOptional({ description: 'Stateless mode: the pre_auth_token of a next-step answer, sent with otp_code.' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  pre_auth_token?: string;

  @ApiPropertyOptional({ description: 'With pre_auth_token: the one-time code of the offered second factor.' })
  @ValidateIf((body: LoginDto) => body.pre_auth_token !== undefined)
  @IsString()
  @Length(1, 64)
  otp_code?: string;
}

export class SubmitStepDto {
  @ApiProperty({ description: "The step's input, as its JSON Schema in GET /auth/options describes.", type: 'object', additionalProperties: true })
  @IsObject()
  options: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Stateful mode: the session_id of the previous next-step answer.' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  session_id?: string;

  @ApiPropertyOptional({ description: 'Stateless mode: the pre_auth_token of the previous next-step answer.' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  pre_auth_token?: string;

  @ApiPropertyOptional({ description: 'At the first step: true for a stateful sign-in, false for stateless.' })
  @IsOptional()
  @IsBoolean()
  track_session?: boolean;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last token response.' })
  @IsString()
  @Length(1, 512)
  refresh_token: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'Another of your own sessions to end. Default: the current one.' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  session_id?: string;
}
