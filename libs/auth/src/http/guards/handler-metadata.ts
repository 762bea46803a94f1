import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/**
 * Reads a route's metadata once per handler and remembers it: metadata is fixed at start-up, and the
 * guards run on every request.
 */
export class HandlerMetadata<T> {
  private readonly byHandler = new WeakMap<object, T | undefined>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
  ) {}

  of(context: ExecutionContext): T | undefined {
    const handler = context.getHandler();
    if (this.byHandler.has(handler)) return this.byHandler.get(handler);
    const value = this.reflector.getAllAndOverride<T>(this.key, [handler, context.getClass()]);
    this.byHandler.set(handler, value);
    return value;
  }
}
