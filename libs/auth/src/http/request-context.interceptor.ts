import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ACCESS_CONTEXT, RequestWithAccess, requestContext } from './request-context';

/**
 * Runs the route handler inside the caller's AsyncLocalStorage context, so `getIdentity()` works in
 * everything the handler calls. An interceptor (not a middleware) because it wraps the handler the
 * same way on Express and on Fastify, after the guard has authenticated the caller.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const access = context.switchToHttp().getRequest<RequestWithAccess>()[ACCESS_CONTEXT];
    if (!access) return next.handle();
    return new Observable((subscriber) => requestContext.run(access, () => next.handle().subscribe(subscriber)));
  }
}
