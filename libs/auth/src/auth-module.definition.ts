import { ConfigurableModuleBuilder, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { AuthModuleExtras, AuthModuleOptions } from './auth-module.options';
import { AuthenticationGuard } from './http/guards/authentication.guard';
import { GroupsGuard } from './http/guards/groups.guard';
import { ProblemDetailsFilter } from './http/errors/problem-details.filter';

// Guards run in registration order: authenticate, then check groups. RequestContextGuard is always
// registered (in auth.module.ts) and comes before them.
const GLOBAL_ENHANCERS: Provider[] = [
  { provide: APP_GUARD, useExisting: AuthenticationGuard },
  { provide: APP_GUARD, useExisting: GroupsGuard },
  { provide: APP_FILTER, useClass: ProblemDetailsFilter },
];

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<AuthModuleOptions>()
    .setClassMethodName('forRoot')
    .setExtras<Required<AuthModuleExtras>>({ isGlobal: false, globalGuards: true }, (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
      providers: [...(definition.providers ?? []), ...(extras.globalGuards ? GLOBAL_ENHANCERS : [])],
    }))
    .build();
