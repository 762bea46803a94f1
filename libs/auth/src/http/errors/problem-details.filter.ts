import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthError } from '../../domain/auth-error';
import { problemOf } from './problem-details';

/**
 * The one exception filter: every error leaves as `application/problem+json` (RFC 9457) with a
 * stable `code`. Unexpected errors are logged with their stack and answered with a fixed message,
 * so no stack trace or internal detail reaches a client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Stepgate');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const { body, headers } = problemOf(exception);
    if (body.status >= 500) {
      this.logger.error(`${body.code}: ${(exception as Error)?.message}`, (exception as Error)?.stack);
    } else if (exception instanceof AuthError && exception.cause) {
      this.logger.debug(`${body.code}: ${String((exception.cause as Error)?.message ?? exception.cause)}`);
    }
    const adapter = this.adapterHost.httpAdapter;
    const response = host.switchToHttp().getResponse();
    adapter.setHeader(response, 'Content-Type', 'application/problem+json');
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
    adapter.reply(response, JSON.stringify(body), body.status);
  }
}
