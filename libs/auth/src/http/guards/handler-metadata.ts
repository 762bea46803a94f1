import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/**
 * Reads a route's metadata once per handler and remembers it (or what `derive` makes of it):
 * metadata is fixed at start-up, and the guards run on every request.
 */
export class HandlerMetadata<T, M = T> {
  private readonly byHandler = new WeakMap<object, T | undefined>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
    private readonly derive?: (metadata: M | undefined, context: ExecutionContext) => T,
  ) {}

  of(context: ExecutionContext): T | undefined {
    const handler = context.getHandler();
    const known = this.byHandler.get(handler);
    if (known !== undefined || this.byHandler.has(handler)) return known;
    const metadata = this.reflector.getAllAndOverride<M>(this.key, [handler, context.getClass()]);
    const value = this.derive ? this.derive(metadata, context) : (metadata as unknown as T);
    this.byHandler.set(handler, value);
    return value;
  }
}
