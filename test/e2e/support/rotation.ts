import { expect } from 'vitest';
import type { Response } from 'supertest';
import type { DemoUnderTest } from './demo-app';
import { expectProblem } from './problem';

/**
 * Fires `count` refreshes with one refresh token at once and checks that exactly one of them
 * rotated it: the other `count - 1` see it spent (401 REFRESH_TOKEN_REUSED). The one that rotated
 * answers 200, unless a loser's reuse detection revoked the session between its rotation and its
 * session check, when it answers 401 SESSION_REVOKED: either way it is the only one not told "reused",
 * and no request leaves with a pair that still works (the family is revoked as reuse).
 */
export async function expectSingleRotation(demo: DemoUnderTest, refreshToken: string, count = 10): Promise<Response[]> {
  const responses = await Promise.all(Array.from({ length: count }, () => demo.http.post('/auth/refresh').send({ refresh_token: refreshToken })));
  const outcomes = responses.map((response) => (response.status === 200 ? 'OK' : String(response.body?.code)));
  const reused = responses.filter((response) => response.body?.code === 'REFRESH_TOKEN_REUSED');
  expect(reused, outcomes.join(',')).toHaveLength(count - 1);
  reused.forEach((response) => expectProblem(response, 401, 'REFRESH_TOKEN_REUSED'));
  const [winner] = responses.filter((response) => response.body?.code !== 'REFRESH_TOKEN_REUSED');
  if (winner.status === 200) {
    expectProblem(await demo.http.post('/auth/refresh').send({ refresh_token: winner.body.refresh_token }), 401, 'SESSION_REVOKED');
    expectProblem(await demo.http.get('/auth/me').set('authorization', `Bearer ${winner.body.access_token}`), 401, 'SESSION_REVOKED');
  } else {
    expectProblem(winner, 401, 'SESSION_REVOKED');
  }
  return responses;
}
