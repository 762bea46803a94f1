import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsString, Length, Matches, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '../openapi/swagger';
import { E164_PATTERN } from '../../domain/phone-number';
import { ApiRequestSchema } from '../openapi/request-schema.decorator';

// The OpenAPI bounds repeat the class-validator ones (@nestjs/swagger reads no validators without
// its compiler plugin). The decorator nearest a property is checked first: the type before bounds.

// IsOptional would also let null through; on this wire only an omitted field is absent.
const Omittable = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

const PASSWORD_RULES =
  'At least 8 and at most 256 characters, counted as Unicode code points after NFKC normalisation; any characters, ' +
  'no composition rules; refused when it is one of the 10,000 most common passwords (any case) or the username.';

// The password policy (domain/password-policy.ts) decides the real bounds after NFKC, with a
// message naming them; this only stops a body from making the server normalise megabytes.
const RAW_PASSWORD_LIMIT = 1024;

/**
 * How every new password is documented: only the raw bounds the pipe checks. The policy's own
 * bounds count code points after NFKC, which can lengthen or shorten the raw string, so stating
 * them as `minLength`/`maxLength` would call passwords the server accepts invalid.
 */
export const NEW_PASSWORD_PROPERTY = { minLength: 1, maxLength: RAW_PASSWORD_LIMIT, format: 'password', description: PASSWORD_RULES } as const;

const MAX_GROUPS = 50;
const MAX_ATTRIBUTES = 50;
// Nest's ValidationPipe has already deleted __proto__, constructor and prototype keys from the body.
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
// Control characters and lone surrogates: PostgreSQL cannot store NUL, and no database keeps a lone
// surrogate as given, so a rule comparing such a value would mean one thing in SQL and another in memory.
const UNSTORABLE = /[\u0000-\u001f\u007f]|\p{Surrogate}/u;

/** An object of string values with bounded size and simple names: user attributes that ABAC rules read. */
function IsAttributeMap(): PropertyDecorator {
  return ValidateBy({
    name: 'isAttributeMap',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
        const entries = Object.entries(value);
        return (
          entries.length <= MAX_ATTRIBUTES &&
          entries.every(([name, text]) => ATTRIBUTE_NAME.test(name) && typeof text === 'string' && text.length <= 256 && !UNSTORABLE.test(text))
        );
      },
      defaultMessage: (args) =>
        `${args?.property ?? 'attributes'} must be an object of at most ${MAX_ATTRIBUTES} string values of up to 256 characters without control characters, named by 1 to 64 letters, digits or _ . : -`,
    },
  });
}

/** An optional list of distinct group names, 1 to 64 characters each, at most MAX_GROUPS of them. */
function IsGroupList(): PropertyDecorator {
  const decorators = [Omittable(), Length(1, 64, { each: true }), IsString({ each: true }), ArrayUnique(), ArrayMaxSize(MAX_GROUPS), IsArray()];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

const GROUPS_DOC = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, maxItems: MAX_GROUPS, uniqueItems: true, example: ['staff'] } as const;
const ATTRIBUTE_NAMES_RULE = 'Names have 1 to 64 letters, digits or _ . : -.';
// OpenAPI 3.0 has no propertyNames, so the rule for names is stated in the description.
const ATTRIBUTES_DOC = {
  type: 'object',
  maxProperties: MAX_ATTRIBUTES,
  additionalProperties: { type: 'string', maxLength: 256 },
  example: { department: 'sales' },
} as const;

@ApiRequestSchema()
export class CreateUserDto {
  @ApiProperty({ example: 'dora', minLength: 1, maxLength: 128, description: 'Stored NFKC-normalised and lower-cased; no spaces or invisible characters.' })
  @Length(1, 128)
  @IsString()
  username: string;

  @ApiProperty({ example: 'plum tree at dawn', ...NEW_PASSWORD_PROPERTY })
  @MaxLength(RAW_PASSWORD_LIMIT)
  @IsString()
  password: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 320, example: 'dora@example.com' })
  @Omittable()
  @MaxLength(320)
  @IsEmail()
  @IsString()
  email?: string;

  @ApiPropertyOptional({ pattern: E164_PATTERN.source, maxLength: 16, example: '+15550100002', description: 'E.164: where SMS one-time codes go.' })
  @Omittable()
  @Matches(E164_PATTERN, { message: 'phone_number must be in E.164 form, e.g. +15550100002' })
  @IsString()
  phone_number?: string;

  @ApiPropertyOptional({ ...GROUPS_DOC, description: 'The user’s groups (their permits).' })
  @IsGroupList()
  groups?: string[];

  @ApiPropertyOptional({ ...ATTRIBUTES_DOC, description: `Identity attributes that ABAC rules read. ${ATTRIBUTE_NAMES_RULE}` })
  @Omittable()
  @IsAttributeMap()
  attributes?: Record<string, string>;
}

@ApiRequestSchema({ description: 'Only the fields sent change; an empty object changes nothing.' })
export class UpdateUserDto {
  @ApiPropertyOptional({ ...GROUPS_DOC, description: 'Replaces the user’s groups.' })
  @IsGroupList()
  groups?: string[];

  @ApiPropertyOptional({ ...ATTRIBUTES_DOC, description: `Replaces the user’s attributes. ${ATTRIBUTE_NAMES_RULE}` })
  @Omittable()
  @IsAttributeMap()
  attributes?: Record<string, string>;

  @ApiPropertyOptional({ description: 'false disables the user: sign-in is refused and every session ends at once.' })
  @Omittable()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ ...NEW_PASSWORD_PROPERTY, description: `A new password; every session of the user ends. ${PASSWORD_RULES}` })
  @Omittable()
  @MaxLength(RAW_PASSWORD_LIMIT)
  @IsString()
  password?: string;
}

@ApiRequestSchema()
export class ChangePasswordDto {
  @ApiProperty({ minLength: 1, maxLength: RAW_PASSWORD_LIMIT, format: 'password', description: 'The password the caller signs in with now.' })
  @Length(1, RAW_PASSWORD_LIMIT)
  @IsString()
  current_password: string;

  @ApiProperty(NEW_PASSWORD_PROPERTY)
  @MaxLength(RAW_PASSWORD_LIMIT)
  @IsString()
  new_password: string;
}
