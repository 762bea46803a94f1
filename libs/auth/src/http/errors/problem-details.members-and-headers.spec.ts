// The seam step-up needs: an AuthError carries problem members and response headers, and the one
// filter renders them — without letting a member overwrite what the document itself says.
import { describe, expect, it } from 'vitest';
import { AuthError, MfaEnrollmentRequiredError, MfaRequiredError, TokenInvalidError } from '../../domain/auth-error';
import { problemOf } from './problem-details';

describe('problemOf: members and headers carried by an AuthError', () => {
  it('adds the members to the document and the headers to the answer', () => {
    const challenge = 'Bearer error="insufficient_user_authentication", error_description="A second factor is required", max_age=300';
    const error = new MfaRequiredError('A second factor is required.', {
      members: { operation: 'transfer_funds', operation_id: 'op-1', methods: ['totp', 'recovery'], max_age: 300 },
      headers: { 'WWW-Authenticate': challenge },
    });
    expect(problemOf(error)).toEqual({
      body: {
        type: 'urn:stepgate:problem:mfa-required',
        title: 'Step-up authentication required',
        status: 403,
        detail: 'A second factor is required.',
        code: 'MFA_REQUIRED',
        operation: 'transfer_funds',
        operation_id: 'op-1',
        methods: ['totp', 'recovery'],
        max_age: 300,
      },
      headers: { 'WWW-Authenticate': challenge },
    });
  });

  it("never lets a member replace the document's own members", () => {
    const error = new AuthError('FORBIDDEN', 'No.', { members: { status: 200, code: 'OK', type: 'x', title: 'x', detail: 'x', errors: [], extra: 1 } });
    expect(problemOf(error).body).toEqual({ type: 'urn:stepgate:problem:forbidden', title: 'Forbidden', status: 403, detail: 'No.', code: 'FORBIDDEN', extra: 1 });
  });

  it("lets the error's own header win over the one its code implies, and refuses a header that would split the answer", () => {
    const own = new AuthError('TOKEN_INVALID', 'Bad token.', { headers: { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' } });
    expect(problemOf(own).headers['WWW-Authenticate']).toBe('Bearer realm="api", error="invalid_token"');
    expect(problemOf(new TokenInvalidError()).headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
    const split = new AuthError('FORBIDDEN', 'No.', { headers: { 'X-Reason': 'a\r\nSet-Cookie: x=1' } });
    expect(problemOf(split).headers).toEqual({});
  });

  it('gives the enrol-first refusal of the default flow policy its own code, apart from step-up', () => {
    expect(problemOf(new MfaEnrollmentRequiredError()).body).toMatchObject({ status: 403, code: 'MFA_ENROLLMENT_REQUIRED', type: 'urn:stepgate:problem:mfa-enrollment-required' });
  });
});
