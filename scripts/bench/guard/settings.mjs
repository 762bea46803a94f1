// bench:guard's knobs (scripts/bench/README.md lists them) and its scenarios.
import { join, resolve } from 'node:path';
import { ROOT } from '../lib/build.mjs';
import { positiveInt, positiveNumber } from '../lib/knobs.mjs';

const env = process.env;

/** BENCH_KEYCLOAK: `on` (the default) needs the realm and fails without it; only `off` drops its rows. */
function keycloakSwitch(value = 'on') {
  if (value !== 'on' && value !== 'off') throw new Error(`BENCH_KEYCLOAK must be on or off, not "${value}"`);
  return value === 'on';
}
const keycloakOn = keycloakSwitch(env.BENCH_KEYCLOAK);

export const settings = {
  platforms: (env.BENCH_PLATFORMS ?? 'express,fastify').split(',').map((p) => p.trim()),
  rounds: positiveInt(env.BENCH_ROUNDS, 3),
  seconds: positiveInt(env.BENCH_SECONDS, 3),
  /** How long each new-token round should last; the pool is minted to fit. */
  newTokenSeconds: positiveNumber(env.BENCH_NEW_TOKEN_SECONDS, 2),
  connections: positiveInt(env.BENCH_CONNECTIONS, 50),
  /** Refresh-token chains minted in parallel (each chain is one session). */
  mintChains: positiveInt(env.BENCH_MINT_CHAINS, 64),
  /** Upper bound on access tokens minted per platform (refresh costs ~2 ms of server CPU each). */
  maxPool: positiveInt(env.BENCH_MAX_POOL, 45_000),
  probeConnections: positiveInt(env.BENCH_PROBE_CONNECTIONS, 10),
  signInConnections: positiveInt(env.BENCH_SIGNIN_CONNECTIONS, 8),
  serverNodeArgs: (env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  /** Niceness of the server and of this process, so other work on the machine disturbs less (ignored if not permitted). */
  nice: Number(env.BENCH_NICE ?? -10),
  /** Scenario keys (and `signin-load`) to CPU-profile in the server during the last round. */
  profile: (env.BENCH_PROFILE ?? '').split(',').map((k) => k.trim()).filter(Boolean),
  profileDir: resolve(env.BENCH_PROFILE_DIR ?? join(ROOT, 'scripts/bench/profiles')),
  /** The demo's stores: the step-up scenario reads its elevation from here. Started by scripts/services.sh. */
  redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  /** Everything stops by itself after this, whatever state the run is in (minting realm tokens takes minutes). */
  deadlineSeconds: positiveInt(env.BENCH_DEADLINE_SECONDS, keycloakOn ? 900 : 540),
  /**
   * The realm of scripts/keycloak.sh. Its issuer follows the host a request names, so tokens are
   * minted at the same URL the servers are configured with.
   */
  keycloak: keycloakOn && {
    url: (env.BENCH_KEYCLOAK_URL ?? 'http://127.0.0.1:8180').replace(/\/+$/, ''),
    realm: 'stepgate',
    clientId: 'stepgate-api',
    clientSecret: 'stepgate-api-test-secret',
    user: { username: 'alice', password: 'alice-demo-password' },
    /** Token requests in flight while minting; Keycloak serves other work on this machine too. */
    mintConcurrency: positiveInt(env.BENCH_KEYCLOAK_MINT_CONCURRENCY, 32),
    /** Upper bound on the realm tokens minted per round (each costs Keycloak an RS256 signature, ~2 ms here). */
    maxPool: positiveInt(env.BENCH_MAX_REALM_POOL, 20_000),
  },
};

/** The same route on a bare Nest app without Stepgate (bare-server.mjs): what every route is measured against. */
export const BARE = { key: 'bare', label: 'bare Nest, no Stepgate (baseline)', path: '/bench/public' };

/** Routes with the same body, so the ratios between them are the cost of what guards each. */
export const SCENARIOS = [
  { key: 'public', label: 'public route (@Public)', path: '/bench/public' },
  { key: 'seen', label: 'guard, seen token', path: '/bench/secure', token: 'seen' },
  { key: 'new', label: 'guard, new token each request', path: '/bench/secure', token: 'pool' },
  { key: 'admin', label: "@RequireGroups('admin'), seen token", path: '/bench/admin', token: 'admin' },
  { key: 'elevated', label: '@VerifyElevation, live elevation in Redis', path: '/bench/elevated', token: 'elevated' },
  { key: 'passport', label: 'reference: passport-jwt HS256', path: '/bench/passport-jwt', token: 'passport' },
];

/**
 * The same `GET /bench/secure` with access tokens the Keycloak realm issued, on three servers per
 * platform (`server`): the demo accepting realm tokens (bench-server.mjs keycloak) and
 * nest-keycloak-connect validating OFFLINE and ONLINE (keycloak-connect-server.mjs). `versus` is the
 * nest-keycloak-connect row a Stepgate row is compared with.
 */
export const REALM_SCENARIOS = [
  { key: 'realm-seen', label: 'realm token, seen', server: 'stepgate', path: '/bench/secure', token: 'realm', versus: 'kc-seen' },
  { key: 'realm-new', label: 'realm token, new each request', server: 'stepgate', path: '/bench/secure', token: 'pool', versus: 'kc-new' },
  { key: 'kc-seen', label: 'nest-keycloak-connect OFFLINE, seen token', server: 'offline', path: '/bench/secure', token: 'realm' },
  { key: 'kc-new', label: 'nest-keycloak-connect OFFLINE, new token each request', server: 'offline', path: '/bench/secure', token: 'pool' },
  { key: 'kc-online', label: 'reference: nest-keycloak-connect ONLINE, seen token', server: 'online', path: '/bench/secure', token: 'realm' },
];

/** The scenarios this run measures on the realm's servers: none with BENCH_KEYCLOAK=off. */
export const realmScenarios = settings.keycloak ? REALM_SCENARIOS : [];
