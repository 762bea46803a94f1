import { ConfigurableModuleBuilder, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { AuthModuleExtras, AuthModuleOptions } from './auth-module.options';
import { AccessGuard } from './http/guards/access.guard';
import { RequestContextGuard } from './http/guards/request-context.guard';
import { REQUEST_CONTEXT_ENABLED } from './http/request-context';
import { AuthErrorFilter, ProblemDetailsFilter } from './http/errors/problem-details.filter';

// Guards run in registration order: the request context (when asked for) before the access guard.
const guardsFor = ({ globalGuards, requestContext }: Required<AuthModuleExtras>): Provider[] => [
  { provide: REQUEST_CONTEXT_ENABLED, useValue: requestContext },
  ...(requestContext ? [{ provide: APP_GUARD, useClass: RequestContextGuard }] : []),
  ...(globalGuards ? [{ provide: APP_GUARD, useClass: AccessGuard }] : []),
];

// Some filter is always global: the module's errors (its guards' 401 and 403 on the host's routes,
// its commands sent by host code) must never fall to Nest's default answer, a 500.
const filterFor = (globalFilter: boolean): Provider => ({ provide: APP_FILTER, useClass: globalFilter ? ProblemDetailsFilter : AuthErrorFilter });

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<AuthModuleOptions>()
    .setClassMethodName('forRoot')
    .setExtras<Required<AuthModuleExtras>>({ isGlobal: false, globalGuards: true, globalFilter: true, requestContext: false }, (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
      providers: [...(definition.providers ?? []), ...guardsFor(extras), filterFor(extras.globalFilter)],
    }))
    .build();
