import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { GUARDED_EXECUTE, GUARDED_HANDLER, type GuardedUse, HANDLER_GUARD } from './handler-authorization.decorators';
import { HandlerAuthorization } from './handler-authorization';

/**
 * Finds, when the app starts, every provider whose `execute` carries `@Authorize` or
 * `@PermittedActions`, checks what the decorators name against the declared rules, and gives each
 * handler this module's checks. Installed per instance, so two apps in one process keep their own.
 */
@Injectable()
export class HandlerAuthorizationInstaller implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly authorization: HandlerAuthorization,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      // The instance's class first: a factory or value provider's metatype is not the handler's class.
      const type: unknown = (wrapper.instance as object | undefined)?.constructor ?? wrapper.metatype;
      const uses = guardedUsesOf(type);
      if (uses.length === 0) continue;
      const name = (type as { name?: string }).name ?? 'a handler';
      // A request-scoped handler is built per request, after this ran: it would answer every call with a 500.
      if (!wrapper.isDependencyTreeStatic()) throw new Error(`${name} is request-scoped; @Authorize and @PermittedActions protect singleton or transient handlers only.`);
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      // A subclass that replaces a decorated execute would run unchecked: refuse to start instead.
      if ((instance as { execute?: { [GUARDED_EXECUTE]?: boolean } }).execute?.[GUARDED_EXECUTE] !== true) {
        throw new Error(`${name}.execute replaces a decorated execute without @Authorize or @PermittedActions of its own; decorate it too.`);
      }
      for (const use of uses) this.authorization.check(use.resource, use.decorator === '@Authorize' ? use.action : undefined);
      Object.defineProperty(instance, HANDLER_GUARD, { value: this.authorization, configurable: true });
    }
  }
}

function guardedUsesOf(type: unknown): GuardedUse[] {
  const uses: GuardedUse[] = [];
  // Inherited handlers carry their parents' decorators on their parents' classes.
  for (let current = type; typeof current === 'function' && current !== Object; current = Object.getPrototypeOf(current)) {
    uses.push(...((Reflect.getOwnMetadata(GUARDED_HANDLER, current) as GuardedUse[] | undefined) ?? []));
  }
  return uses;
}
