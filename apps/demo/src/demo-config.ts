import { keycloakSettingsFromEnv, type KeycloakRealmOptions, type SessionMode } from '@stepgate/auth';
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
  readonly signInThrottle?: { perAccount?: { limit?: number }; perClient?: { limit?: number }; maxChecksInFlightPerClient?: number };
  /** How stale another instance's view of a revoked session may be; lowered by multi-instance tests. @default 1000 */
  readonly sessionCheckStalenessMs?: number;
  /** With a PIN (6 digits), every sign-in asks for it after the password: the custom-step example. */
  readonly accessPin?: string;
  /**
   * Lets `track_session: false` ask a stateful demo for a stateless session (DESIGN.md section 4: the
   * request picks the mode). `ALLOW_STATELESS_SIGN_INS`, on by default in the demo; the library's
   * default is off. @default false
   */
  readonly allowStatelessSignIns?: boolean;
  /** argon2id hashes computed at once. @default the library's, max(1, cores - 1) */
  readonly passwordMaxConcurrent?: number;
  /** argon2id hashes allowed to wait (benchmarks that sign in in bulk raise it). @default the library's, 16 x maxConcurrent */
  readonly passwordMaxQueued?: number;
  /** `SMTP_URL`: where email codes go. @default the console sender */
  readonly smtpUrl?: string;
  /** `SMTP_FROM`: the sender address of those emails. @default 'Stepgate demo <no-reply@stepgate.test>' */
  readonly smtpFrom?: string;
  /** `SMS_WEBHOOK_URL`: each SMS is a POST of JSON `{ to, message }`. @default the console sender */
  readonly smsWebhookUrl?: string;
  /** `TRUSTED_PROXIES`: a hop count (`1`) or a comma-separated list of proxy addresses/CIDRs. @default the socket address */
  readonly trustedProxies?: number | string[];
  /**
   * `KEYCLOAK_URL`, `KEYCLOAK_REALM`, `KEYCLOAK_CLIENT_ID`, `KEYCLOAK_CLIENT_SECRET`: the realm that
   * checks passwords and lists users, whose own access tokens the demo accepts too. @default the local provider
   */
  readonly keycloak?: KeycloakRealmOptions;
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
    seed: isOn(env.DEMO_SEED ?? 'true'),
    allowStatelessSignIns: isOn(env.ALLOW_STATELESS_SIGN_INS ?? 'true'),
    signingKeyFile: env.SIGNING_KEY_FILE ?? './data/signing-key.pem',
    signingKeyPem: env.SIGNING_KEY_PEM || undefined,
    accessPin,
    passwordMaxConcurrent,
    trustedProxies: trustedProxiesOf(env.TRUSTED_PROXIES),
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || undefined,
    smsWebhookUrl: env.SMS_WEBHOOK_URL || undefined,
    keycloak: keycloakSettingsFromEnv(env),
  };
}

/** The start-up line's account of where the demo keeps its state, with no credential in it. */
export function storageSummary(config: Pick<DemoConfig, 'mode' | 'databaseUrl' | 'redisUrl' | 'keycloak'>): string {
  const identity = config.keycloak ? `keycloak ${maskCredentials(config.keycloak.url)} realm ${config.keycloak.realm}` : 'local';
  return `mode ${config.mode}, database ${maskCredentials(config.databaseUrl)}, stores ${config.redisUrl ? `redis ${maskCredentials(config.redisUrl)}` : 'memory'}, identity ${identity}`;
}

// libpq and most drivers also take the password as a query parameter.
const SECRET_PARAMETER = /([?&](?:password|pass|pwd|secret|token)=)[^&#]*/gi;

/**
 * A connection URL fit for a log line: the password (in the authority or as a query parameter)
 * becomes `***`. A URL that does not parse keeps only its scheme, since where its password
 * ends cannot be told.
 */
export function maskCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:(\/\/)?/i.exec(url)?.[0];
    return scheme ? `${scheme}***` : '***';
  }
  let masked = url;
  if (parsed.password !== '') {
    parsed.password = '***';
    masked = parsed.toString();
  }
  return masked.replace(SECRET_PARAMETER, '$1***');
}

function isOn(value: string): boolean {
  return !['false', '0', 'no', 'off'].includes(value.toLowerCase());
}

// The library checks the addresses themselves at start-up; this only tells a count from a list.
function trustedProxiesOf(value: string | undefined): number | string[] | undefined {
  if (!value) return undefined;
  if (/^[0-9]+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim()).filter(Boolean);
}
