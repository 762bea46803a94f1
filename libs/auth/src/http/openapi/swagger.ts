import type * as Swagger from '@nestjs/swagger';
import { loadOptionalPeer } from '../../peer-dependencies';

// @nestjs/swagger is an optional peer: with it the routes and DTOs carry their OpenAPI metadata,
// without it the same decorators do nothing and the module still boots.
const swagger = loadOptionalPeer<typeof Swagger>('@nestjs/swagger');

export type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

const noDecorator = (() => () => undefined) as never;

export const ApiAcceptedResponse: typeof Swagger.ApiAcceptedResponse = swagger?.ApiAcceptedResponse ?? noDecorator;
export const ApiBearerAuth: typeof Swagger.ApiBearerAuth = swagger?.ApiBearerAuth ?? noDecorator;
export const ApiBody: typeof Swagger.ApiBody = swagger?.ApiBody ?? noDecorator;
export const ApiConsumes: typeof Swagger.ApiConsumes = swagger?.ApiConsumes ?? noDecorator;
export const ApiCreatedResponse: typeof Swagger.ApiCreatedResponse = swagger?.ApiCreatedResponse ?? noDecorator;
export const ApiExtraModels: typeof Swagger.ApiExtraModels = swagger?.ApiExtraModels ?? noDecorator;
export const ApiHeader: typeof Swagger.ApiHeader = swagger?.ApiHeader ?? noDecorator;
export const ApiNoContentResponse: typeof Swagger.ApiNoContentResponse = swagger?.ApiNoContentResponse ?? noDecorator;
export const ApiOkResponse: typeof Swagger.ApiOkResponse = swagger?.ApiOkResponse ?? noDecorator;
export const ApiOperation: typeof Swagger.ApiOperation = swagger?.ApiOperation ?? noDecorator;
export const ApiParam: typeof Swagger.ApiParam = swagger?.ApiParam ?? noDecorator;
export const ApiProperty: typeof Swagger.ApiProperty = swagger?.ApiProperty ?? noDecorator;
export const ApiPropertyOptional: typeof Swagger.ApiPropertyOptional = swagger?.ApiPropertyOptional ?? noDecorator;
export const ApiQuery: typeof Swagger.ApiQuery = swagger?.ApiQuery ?? noDecorator;
export const ApiResponse: typeof Swagger.ApiResponse = swagger?.ApiResponse ?? noDecorator;
export const ApiSchema: typeof Swagger.ApiSchema = swagger?.ApiSchema ?? noDecorator;
export const ApiTags: typeof Swagger.ApiTags = swagger?.ApiTags ?? noDecorator;

/** `#/components/schemas/<Model>`, the same reference @nestjs/swagger builds. */
export const getSchemaPath: typeof Swagger.getSchemaPath =
  swagger?.getSchemaPath ?? ((model: string | Function) => `#/components/schemas/${typeof model === 'string' ? model : model.name}`);
