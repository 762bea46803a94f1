// A code that never left the server is the server's failure, not the client's: the answer must be
// a 503 that says when to come back, and must not echo what the mail server or gateway said (it
// can name hosts, ports and the recipient's address).
import { describe, expect, it } from 'vitest';
import { OtpDeliveryFailedError, ServiceUnavailableError } from '../../domain/auth-error';
import { problemOf } from './problem-details';

describe('OtpDeliveryFailedError as the client sees it', () => {
  const cause = new Error('550 5.1.1 <alice@example.com>: Recipient address rejected by smtp.internal:2525');

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, like any unreachable dependency', () => {
    const problem = problemOf(new OtpDeliveryFailedError({ cause }));
    expect(problem.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', detail: 'The code could not be sent. Try again later.' });
    expect(problem.headers['Retry-After']).toBe('30');
    expect(problemOf(new OtpDeliveryFailedError({ retryAfterSeconds: 5 })).headers['Retry-After']).toBe('5');
  });

  it('keeps the delivery failure out of the problem document, carrying it only as the cause', () => {
    const error = new OtpDeliveryFailedError({ cause });
    expect(JSON.stringify(problemOf(error))).not.toMatch(/alice|smtp\.internal|550/);
    expect(error.cause).toBe(cause);
  });

  it('is a ServiceUnavailableError, so throttles give back an attempt the user never got to make', () => {
    expect(new OtpDeliveryFailedError()).toBeInstanceOf(ServiceUnavailableError);
    expect(new OtpDeliveryFailedError().name).toBe('OtpDeliveryFailedError');
  });
});
