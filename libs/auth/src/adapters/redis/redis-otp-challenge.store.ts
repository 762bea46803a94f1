import { keyLifetimeMs, type RedisClient } from './redis-client';
import { type OtpAttemptOutcome, type OtpBinding, type OtpChallengeState, type OtpChannel, bindingKeyOf } from '../../domain/otp-challenge';
import { OtpChallengeStore } from '../../ports/otp-challenge-store';

// DEL, HSET and PEXPIRE in one script: no instance can ever see the old code next to the new one,
// a mix of both challenges' fields, or a challenge without its expiry.
const ISSUE = `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'userId', ARGV[2], 'channel', ARGV[3], 'codeDigest', ARGV[4], 'expiresAt', ARGV[5], 'attempts', ARGV[6], 'maxAttempts', ARGV[7])
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return 1
`;

// The whole of OtpChallenge.attempt in one script, so parallel submissions are served one after
// another: expiry by the caller's clock (ARGV[2]), then the attempt is counted, then compared.
// An exhausted challenge stays until its key expires, so later submissions keep answering
// 'exhausted'; an accepted or expired one is deleted.
//
// The comparison XORs every byte instead of using '=='. The digests are HMACs under a key the
// client never sees, so even a leak of how long a common prefix is would not tell it which code to
// try next; the loop costs 64 iterations and removes the question.
const CONSUME = `
local stored = redis.call('HMGET', KEYS[1], 'id', 'userId', 'channel', 'codeDigest', 'expiresAt', 'attempts', 'maxAttempts')
if not stored[1] then return {'unknown'} end
if tonumber(ARGV[2]) >= tonumber(stored[5]) then
  redis.call('DEL', KEYS[1])
  return {'expired'}
end
local max = tonumber(stored[7])
if tonumber(stored[6]) >= max then return {'exhausted'} end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local submitted, expected = ARGV[1], stored[4]
-- Lengths are not secret: every digest is 64 hex characters.
local diff = (#submitted == #expected and #expected > 0) and 0 or 1
if diff == 0 then
  for i = 1, #expected do diff = bit.bor(diff, bit.bxor(string.byte(submitted, i), string.byte(expected, i))) end
end
if diff == 0 then
  redis.call('DEL', KEYS[1])
  stored[6] = tostring(attempts)
  return {'accepted', stored[1], stored[2], stored[3], stored[4], stored[5], stored[6], stored[7]}
end
if attempts < max then return {'rejected', max - attempts} end
return {'exhausted'}
`;

// Fields in the order `stateOf` reads them, as CONSUME returns them on acceptance.
const FIND = `
return redis.call('HMGET', KEYS[1], 'id', 'userId', 'channel', 'codeDigest', 'expiresAt', 'attempts', 'maxAttempts')
`;

/**
 * Email and SMS challenges shared by every instance through Redis (6.2 or later): one hash per
 * binding, which disappears at the challenge's expiry.
 *
 * Expiry is decided by the caller's `now`, as `RedisFlowStateStore` does. The key's lifetime is sent
 * as a duration (`PX`), not as an absolute `PEXPIREAT`: a Redis clock running ahead of the
 * instances' would otherwise drop challenges early, or keep nothing at all for a time it already
 * sees as past.
 *
 * @default keyPrefix 'stepgate:otp:'
 * @example
 * const challenges = new RedisOtpChallengeStore(new Redis(process.env.REDIS_URL));
 * const outcome = await challenges.consume({ kind: 'flow', flowId }, digest, clock.now());
 */
export class RedisOtpChallengeStore extends OtpChallengeStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix = 'stepgate:otp:',
  ) {
    super();
  }

  async issue(challenge: OtpChallengeState, now: Date): Promise<void> {
    const { id, userId, channel, codeDigest, expiresAt, attempts, maxAttempts } = challenge;
    // The key's lifetime is measured from the caller's `now` (a duration, so neither this
    // instance's nor Redis's wall clock matters). It only decides when Redis frees the memory;
    // whether the challenge has expired is decided by each caller's `now` in CONSUME and `find`.
    const ttl = keyLifetimeMs(expiresAt, now);
    await this.redis.eval(ISSUE, 1, this.keyOf(challenge.binding), id, userId, channel, codeDigest, expiresAt.getTime(), attempts, maxAttempts, ttl);
  }

  async consume(binding: OtpBinding, codeDigest: string, now: Date): Promise<OtpAttemptOutcome> {
    const [outcome, ...rest] = (await this.redis.eval(CONSUME, 1, this.keyOf(binding), codeDigest, now.getTime())) as [string, ...(string | number)[]];
    switch (outcome) {
      case 'accepted':
        return { outcome, challenge: stateOf(binding, rest as string[]) };
      case 'rejected':
        return { outcome, attemptsLeft: Number(rest[0]) };
      case 'exhausted':
      case 'expired':
      case 'unknown':
        return { outcome };
      default:
        throw new Error(`Unexpected answer from the OTP challenge script: ${String(outcome)}`);
    }
  }

  async find(binding: OtpBinding, now: Date): Promise<OtpChallengeState | undefined> {
    const fields = (await this.redis.eval(FIND, 1, this.keyOf(binding))) as (string | null)[];
    if (fields[0] === null) return undefined;
    const state = stateOf(binding, fields as string[]);
    return now.getTime() >= state.expiresAt.getTime() ? undefined : state;
  }

  async discard(binding: OtpBinding): Promise<void> {
    await this.redis.del(this.keyOf(binding));
  }

  private keyOf(binding: OtpBinding): string {
    return `${this.keyPrefix}${bindingKeyOf(binding)}`;
  }
}

// The key is the binding, so the binding asked for is the one the challenge was issued for.
function stateOf(binding: OtpBinding, fields: readonly string[]): OtpChallengeState {
  const [id, userId, channel, codeDigest, expiresAt, attempts, maxAttempts] = fields;
  return {
    id,
    userId,
    binding: { ...binding },
    channel: channel as OtpChannel,
    codeDigest,
    expiresAt: new Date(Number(expiresAt)),
    attempts: Number(attempts),
    maxAttempts: Number(maxAttempts),
  };
}
