import { ApiProperty, ApiPropertyOptional } from '../openapi/swagger';
import { ApiRequestSchema } from '../openapi/request-schema.decorator';
import { type OtpMethod, OTP_METHODS, STEP_OF_OTP_METHOD } from '../../domain/otp-method';
import { IsBoolean, IsIn, IsObject, IsString, Length, MinLength, ValidateIf } from 'class-validator';

// The OpenAPI bounds below repeat the class-validator ones: @nestjs/swagger reads no validators
// unless its compiler plugin runs, and a bound missing from the document lets a client send what
// the server refuses.

// A pre_auth_token has no upper bound here: the codec refuses one over 4096 characters as it refuses
// any other unusable token, 401 TOKEN_INVALID, so its cap is not a distinct answer (the body parser
// bounds the request).
const PRE_AUTH_TOKEN = 'Over 4096 characters (the longest a sealed flow can be), 401 TOKEN_INVALID.';

// class-validator's IsOptional also lets null through, and a null pre_auth_token would then turn a
// login into a code step; on this wire only an omitted field is absent.
const Omittable = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

// Without a pre_auth_token, a login is the password step and needs both fields; with one, it
// continues a flow and needs otp_code. A field the chosen form does not need is still checked
// when present, so a wrongly typed one is refused rather than ignored.

const isPasswordLogin = (body: LoginDto) => body.pre_auth_token === undefined;
const passwordField = (body: LoginDto, value: unknown) => isPasswordLogin(body) || value !== undefined;
const codeField = (body: LoginDto, value: unknown) => !isPasswordLogin(body) || value !== undefined;

@ApiRequestSchema({
  description: 'Either username and password, or (stateless mode) the pre_auth_token of a next-step answer with otp_code.',
  anyOf: [
    { required: ['username', 'password'], not: { required: ['pre_auth_token'] } },
    { required: ['pre_auth_token', 'otp_code'] },
  ],
})
export class LoginDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128, required: false })
  @ValidateIf(passwordField)
  @IsString()
  @Length(1, 128)
  username: string;

  // The upper bound keeps an attacker from making the server hash megabytes per request.
  @ApiProperty({ example: 'alice-demo-password', minLength: 1, maxLength: 1024, format: 'password', required: false })
  @ValidateIf(passwordField)
  @IsString()
  @Length(1, 1024)
  password: string;

  @ApiPropertyOptional({ description: 'true: a stateful session checked on every request; false: stateless. Default: the configured mode.' })
  @Omittable()
  @IsBoolean()
  track_session?: boolean;

  @ApiPropertyOptional({ minLength: 1, description: `Stateless mode: the pre_auth_token of a next-step answer, sent with otp_code. ${PRE_AUTH_TOKEN}` })
  @Omittable()
  @IsString()
  @MinLength(1)
  pre_auth_token?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64, description: 'With pre_auth_token: the one-time code of the offered second factor.' })
  @ValidateIf(codeField)
  @IsString()
  @Length(1, 64)
  otp_code?: string;

  @ApiPropertyOptional({
    enum: OTP_METHODS,
    description: 'With otp_code: the factor the code is for (totp, email, sms, recovery). Needed when the flow offers more than one step taking a code.',
  })
  @Omittable()
  @IsIn(OTP_METHODS, { message: `method must be one of ${OTP_METHODS.join(', ')}` })
  method?: OtpMethod;
}

// A flow is named by one reference or the other; both at once is refused (referenceOf).
@ApiRequestSchema({ not: { required: ['session_id', 'pre_auth_token'] } })
export class SubmitStepDto {
  @ApiProperty({ description: "The step's input, as its JSON Schema in GET /auth/options describes.", type: 'object', additionalProperties: true })
  @IsObject()
  options: Record<string, unknown>;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128, description: 'Stateful mode: the session_id of the previous next-step answer.' })
  @Omittable()
  @IsString()
  @Length(1, 128)
  session_id?: string;

  @ApiPropertyOptional({ minLength: 1, description: `Stateless mode: the pre_auth_token of the previous next-step answer. ${PRE_AUTH_TOKEN}` })
  @Omittable()
  @IsString()
  @MinLength(1)
  pre_auth_token?: string;

  @ApiPropertyOptional({ description: 'At the first step: true for a stateful sign-in, false for stateless.' })
  @Omittable()
  @IsBoolean()
  track_session?: boolean;
}

@ApiRequestSchema()
export class RefreshDto {
  @ApiProperty({ minLength: 1, maxLength: 512, description: 'The refresh token of the last token response.' })
  @IsString()
  @Length(1, 512)
  refresh_token: string;
}

@ApiRequestSchema()
export class LogoutDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 128, description: 'Another of your own sessions to end. Default: the current one.' })
  @Omittable()
  @IsString()
  @Length(1, 128)
  session_id?: string;
}
