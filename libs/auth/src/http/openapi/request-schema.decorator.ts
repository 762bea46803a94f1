import { ApiSchema, type SchemaObject } from './swagger';

/** Keywords a request DTO's schema may add to the properties its fields describe. */
export type RequestSchemaKeywords = Pick<SchemaObject, 'anyOf' | 'oneOf' | 'not' | 'description'>;

/**
 * Marks a request body DTO's schema closed (`additionalProperties: false`): AuthValidationPipe
 * runs with forbidNonWhitelisted, so an unknown field is a 400, and the document must say so or a
 * generated client (or a fuzzer) takes the extra field for valid input. `keywords` carry rules
 * that span fields, such as "either this pair or that pair is required".
 *
 * @nestjs/swagger's `ApiSchema` copies every option but `name` into the class's schema; its type
 * names only `name` and `description`, hence the cast.
 *
 * @example
 * ApiRequestSchema({ not: { required: ['session_id', 'pre_auth_token'] } })
 * class SubmitStepDto { ... }
 */
export function ApiRequestSchema(keywords: RequestSchemaKeywords = {}): ClassDecorator {
  return ApiSchema({ additionalProperties: false, ...keywords } as Parameters<typeof ApiSchema>[0]);
}
