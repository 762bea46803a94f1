import { Header } from '@nestjs/common';
import { HEADERS_METADATA } from '@nestjs/common/constants';

/**
 * `Cache-Control: no-store` (and `Pragma: no-cache` for HTTP/1.0 caches) on every route of the
 * controller, as RFC 6749 section 5.1 asks of responses carrying tokens and DESIGN.md section 5 of
 * any carrying user data: a shared cache or the browser must never keep them. A route that sets its
 * own `Cache-Control` keeps it. Set at start-up as route headers, so no interceptor runs per request.
 */
export function NoStore(): ClassDecorator {
  return (target) => {
    const prototype = (target as unknown as { prototype: object }).prototype;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
      if (key === 'constructor' || typeof descriptor?.value !== 'function') continue;
      const headers: { name: string }[] = Reflect.getMetadata(HEADERS_METADATA, descriptor.value) ?? [];
      if (headers.some((header) => header.name.toLowerCase() === 'cache-control')) continue;
      Header('Cache-Control', 'no-store')(prototype, key, descriptor);
      Header('Pragma', 'no-cache')(prototype, key, descriptor);
    }
  };
}
