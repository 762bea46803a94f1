// bench:guard's realm-token rows: the Keycloak realm they need, their servers, and the realm's own
// access tokens. A seen token is alice's (password grant); the unseen ones come from the client's
// service account (client_credentials: no password hash in Keycloak, so minting is bounded by its
// RS256 signatures). Tokens live 300 s, so they are minted again before every round.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../lib/build.mjs';
import { log, secondsSince } from '../lib/report.mjs';
import { startServer } from '../lib/server-process.mjs';
import { REALM_SCENARIOS, settings } from './settings.mjs';

const STEPGATE_ENTRY = join(ROOT, 'scripts/bench/bench-server.mjs');
const KEYCLOAK_CONNECT_ENTRY = join(ROOT, 'scripts/bench/keycloak-connect-server.mjs');
const START_KEYCLOAK = 'Start it with `bash scripts/keycloak.sh`, or set BENCH_KEYCLOAK=off to run without the realm-token rows.';
/** A round's tokens must outlive it by this much, or the round would count expired tokens as failures. */
const EXPIRY_MARGIN_SECONDS = 15;

/** Fails the run, before any server starts, unless the realm answers and issues tokens. */
export async function checkKeycloak() {
  const { url, realm } = settings.keycloak;
  const issuer = `${url}/realms/${realm}`;
  let answer;
  try {
    answer = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new Error(`Keycloak does not answer at ${url} (${error.cause?.code ?? error.message}). ${START_KEYCLOAK}`);
  }
  if (answer.status !== 200) throw new Error(`Keycloak at ${url} has no realm "${realm}" (GET .well-known/openid-configuration: ${answer.status}). ${START_KEYCLOAK}`);
  const discovered = (await answer.json()).issuer;
  if (discovered !== issuer) throw new Error(`the realm's issuer is ${discovered}, not ${issuer}: BENCH_KEYCLOAK_URL must name the host the servers ask`);
  await tokenRequest({ grant_type: 'client_credentials' });
}

/** Per platform: the demo accepting realm tokens, and nest-keycloak-connect OFFLINE and ONLINE. */
export async function startRealmServers(platform, { serverCpu, nice }, passportSecret) {
  const { url, realm, clientId, clientSecret } = settings.keycloak;
  const env = { KEYCLOAK_URL: url, KEYCLOAK_REALM: realm, KEYCLOAK_CLIENT_ID: clientId, KEYCLOAK_CLIENT_SECRET: clientSecret };
  const common = { nodeArgs: settings.serverNodeArgs, cpu: serverCpu, nice, maxSeconds: settings.deadlineSeconds + 30 };
  const profileEnv = settings.profile.length ? { BENCH_PROFILE_DIR: settings.profileDir } : {};
  const started = {
    stepgate: await startServer({
      ...common,
      name: `${platform}-keycloak`,
      entry: STEPGATE_ENTRY,
      args: [platform, 'keycloak'],
      env: { ...env, ...profileEnv, BENCH_PASSPORT_SECRET: passportSecret, BENCH_REDIS_URL: settings.redisUrl },
    }),
    offline: await startServer({ ...common, name: `keycloak-connect-offline-${platform}`, entry: KEYCLOAK_CONNECT_ENTRY, args: [platform, 'offline'], env }),
    online: await startServer({ ...common, name: `keycloak-connect-online-${platform}`, entry: KEYCLOAK_CONNECT_ENTRY, args: [platform, 'online'], env }),
  };
  const realmServers = {};
  for (const [role, server] of Object.entries(started)) {
    log(`${server.name} server pid ${server.child.pid} on 127.0.0.1:${server.port}`);
    realmServers[role] = { ...server, platform, cpu: serverCpu };
  }
  return realmServers;
}

/**
 * A seen token and a pool of `poolSize` unseen ones, handed to every realm server of every platform:
 * each server is its own process, so a token new to one is new to all, and each hands it out once.
 * Every server must accept the seen token (which also puts it in Stepgate's cache) and refuse a forged one.
 */
export async function mintRealmRound(servers, poolSize, what) {
  const started = performance.now();
  const seen = (await tokenRequest({ grant_type: 'password', ...settings.keycloak.user })).access_token;
  const pool = await mintPool(poolSize);
  const expiresAt = Math.min(...[seen, pool[0]].map((token) => claimsOf(token).exp));
  log(`realm: ${pool.length} unseen tokens and a seen one for ${what} in ${secondsSince(started)} s (${Math.round(pool.length / ((performance.now() - started) / 1000))}/s)`);
  for (const server of servers.flatMap((s) => Object.values(s.realm))) {
    Object.assign(server, { tokens: { realm: seen }, pool, poolNext: 0, perRound: pool.length, tokensExpireAt: expiresAt });
    await expectStatus(server, seen, 200);
    await expectStatus(server, forged(seen), 401);
  }
}

/**
 * The pool a run of `seconds` needs on the fastest server that takes new tokens, sized as
 * mintForRounds sizes its own (the warm-up, before any rate is known, assumes poolSlice's 2000 req/s).
 */
export function realmPoolSize(servers, seconds) {
  const roles = [...new Set(REALM_SCENARIOS.filter((scenario) => scenario.token === 'pool').map((scenario) => scenario.server))];
  const rates = servers.flatMap((s) => roles.map((role) => s.realm[role].newTokenRate ?? 2000));
  const wanted = Math.ceil(Math.max(...rates) * seconds * 1.2) + 4 * settings.connections;
  return Math.min(settings.keycloak.maxPool, wanted);
}

/** The realm server a scenario runs on, failing rather than sending tokens that would expire during the run. */
export function realmServerFor(server, scenario, seconds) {
  const target = server.realm[scenario.server];
  if (Date.now() / 1000 + seconds + EXPIRY_MARGIN_SECONDS > target.tokensExpireAt) {
    throw new Error(`the realm tokens expire in less than ${seconds + EXPIRY_MARGIN_SECONDS} s: mint them closer to the run`);
  }
  return target;
}

/** Whether this run profiles `key` (BENCH_PROFILE): nest-keycloak-connect's servers cannot be profiled. */
export function realmProfiled(scenario) {
  return scenario.server === 'stepgate' && settings.profile.includes(scenario.key);
}

async function mintPool(count) {
  const pool = [];
  let remaining = count;
  await Promise.all(
    Array.from({ length: Math.min(count, settings.keycloak.mintConcurrency) }, async () => {
      while (remaining-- > 0) pool.push((await tokenRequest({ grant_type: 'client_credentials' })).access_token);
    }),
  );
  return pool;
}

async function tokenRequest(grant) {
  const { url, realm, clientId, clientSecret } = settings.keycloak;
  const body = new URLSearchParams({ ...grant, client_id: clientId, client_secret: clientSecret });
  let answer;
  try {
    answer = await fetch(`${url}/realms/${realm}/protocol/openid-connect/token`, { method: 'POST', body, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new Error(`Keycloak stopped answering at ${url} (${error.cause?.code ?? error.message}). ${START_KEYCLOAK}`);
  }
  const json = await answer.json().catch(() => ({}));
  if (!answer.ok || !json.access_token) {
    throw new Error(`Keycloak refused the ${grant.grant_type} grant of ${clientId}: ${answer.status} ${JSON.stringify(json)}. ${START_KEYCLOAK}`);
  }
  return json;
}

async function expectStatus(server, token, status) {
  const answer = await fetch(`${server.base}/bench/secure`, { headers: { authorization: `Bearer ${token}` } });
  if (answer.status !== status) throw new Error(`${server.name} /bench/secure: ${answer.status}, expected ${status}: ${await answer.text()}`);
}

const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

/** The token with one signature character changed in the middle, where base64url stays canonical. */
function forged(token) {
  const at = token.lastIndexOf('.') + 20;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}
