// The public API of @stepgate/auth: apps import only from here.

export { AuthModule } from './auth.module';
export type { AuthModuleOptions, AuthModuleExtras, AuthPersistence, AuthStores, IdentityAdapters } from './auth-module.options';
export { memoryPersistence, memoryStores, typeormPersistence, redisStores } from './persistence';
export { dataSourceOptionsFromUrl } from './adapters/typeorm/data-source-options';
export { STEPGATE_ENTITIES, STEPGATE_MIGRATIONS } from './adapters/typeorm/schema';
export type { SigningKeyInput, SigningAlgorithm } from './adapters/jwt/signing-key';
export type { Argon2Options } from './adapters/local/argon2-password-hasher';

// Edge: decorators, guards, request context, errors.
export { Public } from './http/decorators/public.decorator';
export { RequireGroups, type GroupRequirement } from './http/decorators/require-groups.decorator';
export { CurrentIdentity } from './http/decorators/current-identity.decorator';
export { AuthenticationGuard } from './http/guards/authentication.guard';
export { GroupsGuard } from './http/guards/groups.guard';
export { getIdentity, getAccessToken } from './http/request-context';
export { ProblemDetailsFilter } from './http/errors/problem-details.filter';
export { AuthValidationPipe } from './http/errors/validation.pipe';
export type { ProblemDetails } from './http/errors/problem-details';

// Core: commands, queries, their results, domain types and errors, ports.
export * from './application';
export * from './domain';
export * from './ports';
