import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FieldError, ValidationFailedError } from '../../domain/auth-error';
import { MAX_JSON_DEPTH, memberNestedTooDeep } from '../../domain/json-depth';

/** Options of `AuthValidationPipe`. */
export interface AuthValidationPipeOptions {
  /**
   * Levels a body, query or parameter may nest (the value itself is level 1); deeper input is
   * refused with 400 `VALIDATION_FAILED` before class-transformer walks it. @default 32
   */
  maxDepth?: number;
}

/**
 * The module's validation: unknown fields are refused (not silently dropped) so a client's typo
 * fails loudly, and every failure lists its fields as `errors: [{ field, message }]`. Input nested
 * deeper than `maxDepth` is refused before it is transformed, for the app's DTOs as for the module's.
 *
 * @example
 * app.useGlobalPipes(new AuthValidationPipe());
 */
export class AuthValidationPipe extends ValidationPipe {
  private readonly maxDepth: number;

  constructor(options: AuthValidationPipeOptions = {}) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
    });
    this.maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what class-transformer will walk; a `@Body() raw: unknown` is the route's own business.
    if (this.toValidate(metadata)) {
      const field = memberNestedTooDeep(value, this.maxDepth);
      if (field !== undefined) throw new ValidationFailedError([{ field, message: `is nested more than ${this.maxDepth} levels deep` }]);
      const stray = undeclaredPrototypeName(value, metadata.metatype);
      if (stray !== undefined) throw new ValidationFailedError([{ field: stray, message: `property ${stray} should not exist` }]);
    }
    return super.transform(value, metadata);
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const declaredByType = new WeakMap<object, ReadonlySet<string>>();

/**
 * A key named like a member of Object.prototype (`toString`, `hasOwnProperty`, `constructor`) that
 * the DTO does not declare. class-validator's whitelist looks names up in a plain object, finds the
 * prototype's member, and takes such a key for a declared one, so forbidNonWhitelisted lets it by.
 */
function undeclaredPrototypeName(value: unknown, type: ArgumentMetadata['metatype']): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof type !== 'function') return undefined;
  const suspects = Object.keys(value).filter((key) => key in Object.prototype);
  if (suspects.length === 0) return undefined;
  let declared = declaredByType.get(type);
  if (!declared) {
    declared = new Set(getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).map((entry) => entry.propertyName));
    declaredByType.set(type, declared);
  }
  return suspects.find((key) => !declared.has(key));
}
