// The server side of bench:flow's TOTP pool: users with TOTP enrolled, created inside the server
// process through the library's public API. A TOTP time step is accepted once per user, so the
// bench needs a user per sign-in in each step, and hundreds of them; created one by one through
// the directory, each would cost an argon2id hash (~20 ms).
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { BeginTotpSetupCommand, ConfirmTotpSetupCommand, CreateUserCommand, normalizeUsername, TotpAuthenticator, UserAccountRepository } from '@stepgate/auth';

export const TOTP_PASSWORD = 'totp-bench-password';
// Enough setups in flight to overlap the database's round trips; the QR code each setup renders is
// most of the work, and it is synchronous.
const IN_FLIGHT = 8;

/**
 * Creates `count` users sharing one password and enrols TOTP for each as an authenticator app would
 * (begin, then confirm with the current code). Resolves with what the bench needs to sign them in:
 * the password, the TOTP parameters of the setup URI, each user's secret, and the last time step a
 * confirmation spent (no user's code of that step can sign in).
 */
export async function seedTotpUsers(app, count) {
  const commands = app.get(CommandBus);
  const accounts = app.get(UserAccountRepository);
  const authenticator = app.get(TotpAuthenticator);
  const first = await commands.execute(new CreateUserCommand(usernameOf(0), TOTP_PASSWORD, { groups: ['staff'] }));
  // One hash for all: the PHC string carries its salt and parameters, so every sign-in still pays
  // the full argon2id verification.
  const { passwordHash } = await accounts.findById(first.userId);
  const userIds = [first.userId];
  for (let i = 1; i < count; i++) {
    const id = randomUUID();
    await accounts.insert({ id, username: normalizeUsername(usernameOf(i)), passwordHash, groups: ['staff'], attributes: {}, enabled: true, createdAt: new Date() });
    userIds.push(id);
  }
  const users = new Array(count);
  let parameters;
  let spentUntil = 0;
  let next = 0;
  const enrolNext = async () => {
    while (next < count) {
      const i = next++;
      const { secret, otpauthUrl } = await commands.execute(new BeginTotpSetupCommand(userIds[i]));
      parameters ??= totpParametersOf(otpauthUrl);
      const now = new Date();
      await commands.execute(new ConfirmTotpSetupCommand(userIds[i], await authenticator.generate(secret, now)));
      spentUntil = Math.max(spentUntil, Math.floor(now.getTime() / 1000 / parameters.period));
      users[i] = { username: usernameOf(i), secret };
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, enrolNext));
  return { password: TOTP_PASSWORD, ...parameters, spentUntil, users };
}

function usernameOf(i) {
  return `totp-bench-${i}`;
}

/** The setup URI leaves out what authenticator apps assume (Key Uri Format: SHA1, 6 digits, 30 s). */
function totpParametersOf(otpauthUrl) {
  const query = new URL(otpauthUrl).searchParams;
  return {
    period: Number(query.get('period') ?? 30),
    digits: Number(query.get('digits') ?? 6),
    algorithm: (query.get('algorithm') ?? 'SHA1').toLowerCase(),
  };
}
