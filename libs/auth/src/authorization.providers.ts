import type { Provider } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MODULE_OPTIONS_TOKEN } from './auth-module.definition';
import type { AuthModuleOptions } from './auth-module.options';
import { CaslAuthorizationPolicy } from './adapters/casl/casl-authorization-policy';
import { AuthorizationFilterHandler } from './application/authorization/authorization-filter.handler';
import { AuthorizationSettings } from './application/authorization/authorization-settings';
import { HandlerAuthorization, REQUEST_IDENTITY, type RequestIdentity } from './application/authorization/handler-authorization';
import { HandlerAuthorizationInstaller } from './application/authorization/handler-authorization.installer';
import { REQUEST_CONTEXT_ENABLED, requestContext } from './http/request-context';
import { AuthorizationPolicy } from './ports/authorization-policy';

/**
 * The caller of the HTTP request being handled, if this module verified it. Without
 * `requestContext: true` nothing is read: a handler whose message carries no identity is refused,
 * never run as nobody in particular, nor as the caller of another app in the same process.
 */
function identityOfCurrentRequest(enabled: boolean, queries: QueryBus): RequestIdentity {
  if (!enabled) return () => undefined;
  return () => {
    const holder = requestContext.getStore();
    return holder?.verifiedBy === queries ? holder.access?.identity : undefined;
  };
}

/** ABAC: the `authorization` option's rules (CASL), the filter query, and the handler decorators. */
export const AUTHORIZATION_PROVIDERS: Provider[] = [
  { provide: AuthorizationPolicy, useFactory: (options: AuthModuleOptions) => new CaslAuthorizationPolicy(options.authorization ?? { resources: {} }), inject: [MODULE_OPTIONS_TOKEN] },
  { provide: AuthorizationSettings, useFactory: (options: AuthModuleOptions) => new AuthorizationSettings(options.authorization?.resources ?? {}), inject: [MODULE_OPTIONS_TOKEN] },
  { provide: REQUEST_IDENTITY, useFactory: identityOfCurrentRequest, inject: [REQUEST_CONTEXT_ENABLED, QueryBus] },
  HandlerAuthorization,
  HandlerAuthorizationInstaller,
  AuthorizationFilterHandler,
];
