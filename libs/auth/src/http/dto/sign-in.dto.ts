import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'alice', maxLength: 128 })
  @IsString()
  @Length(1, 128)
  username: string;

  // The upper bound keeps an attacker from making the server hash megabytes per request.
  @ApiProperty({ example: 'alice-demo-password', maxLength: 1024, format: 'password' })
  @IsString()
  @Length(1, 1024)
  password: string;

  @ApiPropertyOptional({ description: 'true: a stateful session checked on every request; false: stateless. Default: the configured mode.' })
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
