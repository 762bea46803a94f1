import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/**
 * Reads a route's metadata once per controller and handler and remembers it (or what `derive`
 * makes of it): metadata is fixed at start-up, and the guards run on every request. Keyed by both,
 * since one handler inherited by two controllers carries each controller's own class metadata.
 */
export class HandlerMetadata<T, M = T> {
  private readonly byClass = new WeakMap<object, WeakMap<object, T | undefined>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
    private readonly derive?: (metadata: M | undefined, context: ExecutionContext) => T,
  ) {}

  of(context: ExecutionContext): T | undefined {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.byClass.get(controller);
    if (!byHandler) this.byClass.set(controller, (byHandler = new WeakMap()));
    const known = byHandler.get(handler);
    if (known !== undefined || byHandler.has(handler)) return known;
    const metadata = this.reflector.getAllAndOverride<M>(this.key, [handler, controller]);
    const value = this.derive ? this.derive(metadata, context) : (metadata as unknown as T);
    byHandler.set(handler, value);
    return value;
  }
}
