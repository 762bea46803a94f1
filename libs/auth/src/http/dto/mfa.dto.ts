import { IsIn, IsString, IsUUID, Length, MinLength, ValidateIf } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '../openapi/swagger';
import { ApiRequestSchema, type RequestSchemaKeywords } from '../openapi/request-schema.decorator';
import { type OtpMethod, OTP_METHODS, STEP_OF_OTP_METHOD } from '../../domain/otp-method';
import type { OtpChannel } from '../../domain/otp-challenge';
import { NEW_PASSWORD_PROPERTY } from './users.dto';

// As in sign-in.dto.ts: only an omitted field is absent (IsOptional would let null through), and
// every bound is repeated for the OpenAPI document.
const Omittable = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

const CHANNELS: OtpChannel[] = ['email', 'sms'];
const PRE_AUTH_TOKEN = 'Stateless mode: the pre_auth_token of the next-step answer. Over 4096 characters, 401 TOKEN_INVALID.';
// Codes are checked by the factor's own rules; the cap only keeps junk from reaching them.
const CODE = { minLength: 1, maxLength: 64 } as const;

/** Names the pending sign-in, as `POST /auth/validate/{step}` does, or the step-up operation. */
class FlowReferenceFields {
  @ApiPropertyOptional({ minLength: 1, maxLength: 128, description: 'Stateful mode: the session_id of the next-step answer.' })
  @Omittable()
  @IsString()
  @Length(1, 128)
  session_id?: string;

  @ApiPropertyOptional({ minLength: 1, description: PRE_AUTH_TOKEN })
  @Omittable()
  @IsString()
  @MinLength(1)
  pre_auth_token?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Step-up: the operation_id of a 403 MFA_REQUIRED answer; needs the bearer token of the same session.' })
  @Omittable()
  @IsUUID('all', { message: 'correlation_id must be the operation_id of an MFA_REQUIRED answer' })
  correlation_id?: string;
}

/** Exactly one of the three names what the code is for. */
const ONE_REFERENCE: RequestSchemaKeywords = {
  oneOf: [{ required: ['session_id'] }, { required: ['pre_auth_token'] }, { required: ['correlation_id'] }],
};

@ApiRequestSchema(ONE_REFERENCE)
export class OtpChallengeDto extends FlowReferenceFields {
  @ApiProperty({ enum: CHANNELS, description: "Where the code goes: the user's own email address or phone." })
  @IsIn(CHANNELS, { message: 'method must be one of email, sms' })
  method: OtpChannel;
}

@ApiRequestSchema(ONE_REFERENCE)
export class OtpValidateDto extends FlowReferenceFields {
  @ApiProperty({ ...CODE, example: '123456', description: 'The code: 6 digits for totp, email and sms; a recovery code as shown at enrolment.' })
  @IsString()
  @Length(CODE.minLength, CODE.maxLength)
  code: string;

  @ApiProperty({ enum: OTP_METHODS, description: 'The factor the code is for.' })
  @IsIn(OTP_METHODS, { message: `method must be one of ${OTP_METHODS.join(', ')}` })
  method: OtpMethod;
}

@ApiRequestSchema({ description: '`{}` begins a setup; `{ code }` confirms it with a code from the authenticator app.' })
export class TotpSetupDto {
  @ApiPropertyOptional({ ...CODE, example: '123456' })
  @Omittable()
  @IsString()
  @Length(CODE.minLength, CODE.maxLength)
  code?: string;
}

@ApiRequestSchema()
export class ForgotPasswordDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsString()
  @Length(1, 128)
  username: string;
}

@ApiRequestSchema()
export class ResetPasswordDto {
  @ApiProperty({ minLength: 1, maxLength: 128, description: 'The challenge_id of the forgot-password answer.' })
  @IsString()
  @Length(1, 128)
  challenge_id: string;

  @ApiProperty({ ...CODE, example: '123456', description: 'The code from the email.' })
  @IsString()
  @Length(CODE.minLength, CODE.maxLength)
  code: string;

  @ApiProperty(NEW_PASSWORD_PROPERTY)
  @IsString()
  @Length(NEW_PASSWORD_PROPERTY.minLength, NEW_PASSWORD_PROPERTY.maxLength)
  new_password: string;
}
