import { ConfigurableModuleBuilder, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { AuthModuleExtras, AuthModuleOptions } from './auth-module.options';
import { AuthenticationGuard } from './http/guards/authentication.guard';
import { GroupsGuard } from './http/guards/groups.guard';
import { AuthErrorFilter, ProblemDetailsFilter } from './http/errors/problem-details.filter';

// Guards run in registration order: authenticate, then check groups. RequestContextGuard is always
// registered (in auth.module.ts) and comes before them.
const GLOBAL_GUARDS: Provider[] = [
  { provide: APP_GUARD, useExisting: AuthenticationGuard },
  { provide: APP_GUARD, useExisting: GroupsGuard },
];

// Some filter is always global: the module's errors (its guards' 401 and 403 on the host's routes,
// its commands sent by host code) must never fall to Nest's default answer, a 500.
const filterFor = (globalFilter: boolean): Provider => ({ provide: APP_FILTER, useClass: globalFilter ? ProblemDetailsFilter : AuthErrorFilter });

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<AuthModuleOptions>()
    .setClassMethodName('forRoot')
    .setExtras<Required<AuthModuleExtras>>({ isGlobal: false, globalGuards: true, globalFilter: true }, (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
      providers: [...(definition.providers ?? []), ...(extras.globalGuards ? GLOBAL_GUARDS : []), filterFor(extras.globalFilter)],
    }))
    .build();
