import type { SessionMode } from '@stepgate/auth';
import { ACCESS_PIN_PATTERN } from './access-pin.step';

/** Everything the demo reads from its environment (DESIGN.md section 3). */
export interface DemoConfig {
  readonly port: number;
  readonly databaseUrl: string;
  readonly redisUrl?: string;
  readonly mode: SessionMode;
  readonly seed: boolean;
  /** Where the signing key is kept between starts; generated on first start. */
  readonly signingKeyFile: string;
  /** A PEM that takes precedence over the file (tests pass one to stay off the disk). */
  readonly signingKeyPem?: string;
  /** Raised by tests that fire many failed sign-ins on purpose. */
  readonly signInThrottle?: { perAccount?: { limit?: number }; perClient?: { limit?: number } };
  /** How stale another instance's view of a revoked session may be; lowered by multi-instance tests. @default 1000 */
  readonly sessionCheckStalenessMs?: number;
  /** With a PIN (6 digits), every sign-in asks for it after the password: the custom-step example. */
  readonly accessPin?: string;
  /** argon2id hashes computed at once. @default the library's, max(1, cores - 1) */
  readonly passwordMaxConcurrent?: number;
}

export function demoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const mode = env.AUTH_MODE ?? 'stateful';
  if (mode !== 'stateful' && mode !== 'stateless') throw new Error(`AUTH_MODE must be stateful or stateless, not "${mode}"`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const accessPin = env.DEMO_ACCESS_PIN || undefined;
  if (accessPin !== undefined && !ACCESS_PIN_PATTERN.test(accessPin)) throw new Error('DEMO_ACCESS_PIN must be 6 digits');
  const passwordMaxConcurrent = env.PASSWORD_MAX_CONCURRENT ? Number(env.PASSWORD_MAX_CONCURRENT) : undefined;
  if (passwordMaxConcurrent !== undefined && !(Number.isInteger(passwordMaxConcurrent) && passwordMaxConcurrent >= 1)) {
    throw new Error(`PASSWORD_MAX_CONCURRENT must be a positive integer, not "${env.PASSWORD_MAX_CONCURRENT}"`);
  }
  return {
    port,
    databaseUrl: env.DATABASE_URL ?? 'sqlite:./data/demo.sqlite',
    redisUrl: env.REDIS_URL || undefined,
    mode,
    seed: !['false', '0', 'no', 'off'].includes((env.DEMO_SEED ?? 'true').toLowerCase()),
    signingKeyFile: env.SIGNING_KEY_FILE ?? './data/signing-key.pem',
    signingKeyPem: env.SIGNING_KEY_PEM || undefined,
    accessPin,
    passwordMaxConcurrent,
  };
}
