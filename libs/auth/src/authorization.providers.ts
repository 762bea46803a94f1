import type { Provider } from '@nestjs/common';
import { MODULE_OPTIONS_TOKEN } from './auth-module.definition';
import type { AuthModuleOptions } from './auth-module.options';
import { CaslAuthorizationPolicy } from './adapters/casl/casl-authorization-policy';
import { AuthorizationFilterHandler } from './application/authorization/authorization-filter.handler';
import { AuthorizationSettings } from './application/authorization/authorization-settings';
import { HandlerAuthorization, REQUEST_IDENTITY, type RequestIdentity } from './application/authorization/handler-authorization';
import { HandlerAuthorizationInstaller } from './application/authorization/handler-authorization.installer';
import { requestContext } from './http/request-context';
import { AuthorizationPolicy } from './ports/authorization-policy';

// Without `requestContext: true` nothing fills the store and this answers undefined: a handler
// whose message carries no identity is then refused, never run as nobody in particular.
const identityOfCurrentRequest: RequestIdentity = () => requestContext.getStore()?.access?.identity;

/** ABAC: the `authorization` option's rules (CASL), the filter query, and the handler decorators. */
export const AUTHORIZATION_PROVIDERS: Provider[] = [
  { provide: AuthorizationPolicy, useFactory: (options: AuthModuleOptions) => new CaslAuthorizationPolicy(options.authorization ?? { resources: {} }), inject: [MODULE_OPTIONS_TOKEN] },
  { provide: AuthorizationSettings, useFactory: (options: AuthModuleOptions) => new AuthorizationSettings(options.authorization?.resources ?? {}), inject: [MODULE_OPTIONS_TOKEN] },
  { provide: REQUEST_IDENTITY, useValue: identityOfCurrentRequest },
  HandlerAuthorization,
  HandlerAuthorizationInstaller,
  AuthorizationFilterHandler,
];
