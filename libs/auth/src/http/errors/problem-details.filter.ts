import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthError } from '../../domain/auth-error';
import { causeChainOf } from './cause-chain';
import { problemOf } from './problem-details';

/**
 * Answers every error as `application/problem+json` (RFC 9457), so an app has one error format.
 * `AuthModule` registers it for the whole app unless `globalFilter: false`, and on its own routes always.
 *
 * - The module's errors carry their stable `code` (DESIGN.md section 4).
 * - A host's `HttpException` keeps its status and its words: the message is `detail`, the host's
 *   `code` (or Nest's `errorCode`) is `code`, otherwise a code named for the status: the generic one of
 *   section 4 where there is one (400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, ...), else the status's
 *   name (409 `CONFLICT`). Other fields of an object body become extension members.
 * - Nest's unmatched-route 404 and the body parser's errors (malformed JSON, 413) get the stable
 *   code and a fixed sentence, because their messages echo the request.
 * - Anything else is a fixed 500 `INTERNAL_ERROR`: its message and stack reach only the log.
 *
 * @example
 * // With `globalFilter: false`, for some of your controllers only:
 * @UseFilters(ProblemDetailsFilter) @Controller('orders') export class OrdersController {}
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Stepgate');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const { body, headers } = problemOf(exception);
    if (exception instanceof AuthError) {
      // The module's own 5xx are designed answers (a full hashing queue, an unreachable provider):
      // one line each, no stack, so a burst of them cannot flood the log or cost a stack capture.
      // The cause (a mail server's refusal, a gateway's status) is the operator's only clue: the
      // answer names nothing.
      const cause = exception.cause === undefined ? '' : ` Cause: ${causeChainOf(exception.cause)}`;
      if (body.status >= 500) this.logger.warn(`${body.code}: ${exception.message}${cause}`);
      else if (cause) this.logger.debug(`${body.code}:${cause}`);
    } else if (body.status >= 500) {
      this.logger.error(`${body.code}: ${(exception as Error)?.message}`, (exception as Error)?.stack);
    }
    const adapter = this.adapterHost.httpAdapter;
    const response = host.switchToHttp().getResponse();
    adapter.setHeader(response, 'Content-Type', 'application/problem+json');
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
    adapter.reply(response, JSON.stringify(body), body.status);
  }
}

/**
 * The module's own errors only, for the whole app when `globalFilter` is false: the guards throw
 * them on the host's routes too, and Nest's default filter would answer an error it does not know
 * as a 500. Everything else is left to Nest's `BaseExceptionFilter` or the host's filters.
 */
@Catch(AuthError)
export class AuthErrorFilter extends ProblemDetailsFilter {}
