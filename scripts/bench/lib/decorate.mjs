// Plain-JS benches apply decorators with Reflect.decorate, as tsc would emit them.
import 'reflect-metadata';

export function decorateMethod(target, key, decorators) {
  const descriptor = Reflect.decorate(decorators, target.prototype, key, Object.getOwnPropertyDescriptor(target.prototype, key));
  Object.defineProperty(target.prototype, key, descriptor);
}
