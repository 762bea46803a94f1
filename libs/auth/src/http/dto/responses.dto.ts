import { ApiProperty, ApiPropertyOptional } from '../openapi/swagger';
import { STATUS_OF } from '../errors/error-status';

// Response shapes, for the OpenAPI document only: controllers build plain objects of these shapes.

export class TokenUserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty({ type: [String], description: 'Groups the user belongs to.' }) permits: string[];
}

export class TokenResponseDto {
  @ApiProperty({ enum: ['complete'] }) status: 'complete';
  @ApiProperty({ description: 'A signed JWT (ES256), sent as `Authorization: Bearer …`.' }) access_token: string;
  @ApiProperty({ description: 'Opaque; exchange it at /auth/refresh. Each one works once.' }) refresh_token: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type: 'Bearer';
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Seconds until the access token expires.' }) expires_in: number;
  @ApiPropertyOptional() session_id?: string;
  @ApiProperty({ type: TokenUserDto }) user: TokenUserDto;
}

export class NextStepResponseDto {
  @ApiProperty({ enum: ['next_step'] }) status: 'next_step';
  @ApiProperty() user_id: string;
  @ApiProperty({ type: [String], example: ['totp'], description: 'Steps that may come next: POST /auth/validate/{step}.' }) next_steps: string[];
  @ApiPropertyOptional({ description: 'Stateful mode: send it back with the next step.' }) session_id?: string;
  @ApiPropertyOptional({ description: 'Stateless mode: the sealed flow; send it back with the next step.' }) pre_auth_token?: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Seconds left to pass the next step.' }) expires_in: number;
}

export class MfaStatusDto {
  @ApiProperty() totp_enabled: boolean;
  @ApiProperty({ type: [String] }) methods: string[];
}

export class UserInfoDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiPropertyOptional() email?: string;
  @ApiProperty({ type: [String] }) permits: string[];
  @ApiProperty({ type: MfaStatusDto }) mfa: MfaStatusDto;
  @ApiProperty() session_id: string;
  @ApiProperty({ example: '1' }) acr: string;
  @ApiProperty({ type: [String], example: ['pwd'] }) amr: string[];
  @ApiProperty({ type: 'integer', description: 'Seconds since the epoch.' }) auth_time: number;
}

export class SessionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['stateful', 'stateless'] }) mode: string;
  @ApiProperty({ description: 'True for the session of this request.' }) current: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) last_used_at: string;
  @ApiProperty({ format: 'date-time' }) expires_at: string;
  @ApiPropertyOptional() ip?: string;
  @ApiPropertyOptional() user_agent?: string;
  @ApiProperty() acr: string;
  @ApiProperty({ type: [String] }) amr: string[];
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] }) items: SessionDto[];
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiPropertyOptional() email?: string;
  @ApiProperty({ type: [String] }) permits: string[];
  @ApiProperty() enabled: boolean;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
}

export class FieldErrorDto {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

// Every stable code of DESIGN.md section 4, read from the table the exception filter maps with, so
// a new code reaches the document without anyone remembering to add it here.
const PROBLEM_CODES = [...Object.keys(STATUS_OF), 'INTERNAL_ERROR'];

/** An RFC 9457 problem document; step-up answers (MFA_REQUIRED) add members of their own. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:stepgate:problem:invalid-credentials' }) type: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599 }) status: number;
  @ApiProperty() detail: string;
  @ApiProperty({ enum: PROBLEM_CODES, example: 'INVALID_CREDENTIALS' }) code: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'With VALIDATION_FAILED: the fields that failed.' }) errors?: FieldErrorDto[];
}

export class JwksDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) keys: object[];
}

export class TotpSetupStartedDto {
  @ApiProperty({ description: 'The base32 secret, for entering by hand.' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Stepgate:alice%40example.com?secret=…&issuer=Stepgate' }) otpauth_url: string;
  @ApiProperty({ description: 'The otpauth_url as a PNG data URL, to scan.' }) qr_code: string;
}

export class TotpEnabledDto {
  @ApiProperty({ enum: [true] }) enabled: true;
  @ApiProperty({ type: [String], description: 'Single-use codes for when the app is not at hand. Shown this once.' }) recovery_codes: string[];
}

export class OtpChallengeIssuedDto {
  @ApiProperty() challenge_id: string;
  @ApiProperty({ enum: ['email', 'sms'] }) method: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Seconds the code stays valid.' }) expires_in: number;
  @ApiProperty({ example: 'a•••@example.com', description: 'Where the code went, masked.' }) destination_hint: string;
}

export class PasswordResetRequestedDto {
  @ApiProperty({ description: 'Send it back with the emailed code to POST /auth/password/reset.' }) challenge_id: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) expires_in: number;
}

export class StepUpElevatedDto {
  @ApiProperty({ enum: ['elevated'] }) status: 'elevated';
  @ApiProperty({ example: 'transfer_funds' }) operation: string;
  @ApiProperty({ format: 'uuid', description: 'The operation_id the code was validated for.' }) correlation_id: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Seconds the elevation lasts.' }) expires_in: number;
  @ApiPropertyOptional({ enum: ['pending', 'completed', 'failed'], description: 'Resumable operations only: read the outcome from GET /auth/operations/{correlation_id}.' })
  operation_status?: 'pending' | 'completed' | 'failed';
}

export class OperationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'export_report' }) operation: string;
  @ApiProperty({ enum: ['pending', 'completed', 'failed'] }) status: 'pending' | 'completed' | 'failed';
  @ApiPropertyOptional({ description: 'What the resumed command answered, once completed.' }) result?: unknown;
  @ApiPropertyOptional({ description: 'Why the resumed command failed.' }) error?: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Shown once; every earlier code is void.' }) recovery_codes: string[];
}
