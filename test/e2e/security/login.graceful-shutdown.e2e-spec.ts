// Threat: a graceful shutdown that tells a user their correct password is wrong (and counts it
// against them). A sign-in already hashing when the app starts closing must finish as it would
// have: the hashing threads stop only after the HTTP server has let its requests finish.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Argon2PasswordHasher } from '@stepgate/auth';
import { startAuthModuleApp } from '../support/auth-module-app';

const ANN = { username: 'ann', password: 'pw-of-ann-for-shutdown', groups: ['staff'] };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a sign-in in flight while the app closes', () => {
  it('completes with 200 and tokens, though close() was called while its password was being checked', async () => {
    // A hash long enough that close() lands while it runs.
    const { app, http } = await startAuthModuleApp({ password: { memoryCost: 65536, timeCost: 3 } }, [ANN]);
    const verify = Argon2PasswordHasher.prototype.verify;
    let checking!: () => void;
    const started = new Promise<void>((resolve) => (checking = resolve));
    vi.spyOn(Argon2PasswordHasher.prototype, 'verify').mockImplementation(function (this: Argon2PasswordHasher, ...args) {
      const result = verify.apply(this, args);
      checking();
      return result;
    });
    const signIn = http.post('/auth/login').send({ username: ANN.username, password: ANN.password }).then((response) => response);
    await started;
    await app.close();
    const response = await signIn;
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ status: 'complete', token_type: 'Bearer' });
  });
});
