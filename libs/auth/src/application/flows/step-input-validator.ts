import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { FieldError, ValidationFailedError } from '../../domain/auth-error';
import { MAX_JSON_DEPTH, memberNestedTooDeep } from '../../domain/json-depth';
import type { JsonSchemaObject } from '../../ports/sign-in-step';

/**
 * Validates step input against the step's own JSON Schema: the schema `GET /auth/options` publishes
 * is the one that is enforced, so clients and server cannot drift apart.
 */
export class StepInputValidator {
  private readonly ajv = new Ajv2020({ allErrors: false, strict: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    // OpenAPI's annotation for secret strings; nothing to check.
    this.ajv.addFormat('password', true);
  }

  /** Compiles at start-up, so a broken schema fails the boot rather than the first sign-in. */
  register(stepKey: string, schema: JsonSchemaObject): void {
    const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
    this.validators.set(stepKey, this.ajv.compile(rest));
  }

  validate(stepKey: string, input: unknown): Record<string, unknown> {
    const validate = this.validators.get(stepKey);
    if (!validate) throw new Error(`No schema registered for step ${stepKey}`);
    // Input from the command bus skips the HTTP pipe's bound; a schema with recursive parts would recurse with it.
    const deep = memberNestedTooDeep(input, MAX_JSON_DEPTH - 1);
    if (deep !== undefined) throw new ValidationFailedError([{ field: `options.${deep}`, message: `is nested more than ${MAX_JSON_DEPTH} levels deep` }]);
    if (validate(input)) return input as Record<string, unknown>;
    throw new ValidationFailedError((validate.errors ?? []).map(fieldErrorOf));
  }
}

function fieldErrorOf(error: ErrorObject): FieldError {
  const path = ['options', ...error.instancePath.split('/').filter(Boolean)];
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (params.missingProperty) return { field: [...path, params.missingProperty].join('.'), message: 'is required' };
  if (params.additionalProperty) return { field: [...path, params.additionalProperty].join('.'), message: 'is not allowed' };
  return { field: path.join('.'), message: error.message ?? 'is not valid' };
}
