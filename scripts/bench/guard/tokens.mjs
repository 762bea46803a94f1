// bench:guard's tokens: the seen ones (signed in once) and a pool of unseen ones, minted by
// refresh-token rotation, of which no token is ever sent twice.
import { createHmac } from 'node:crypto';
import { generateSync } from 'otplib';
import { performance } from 'node:perf_hooks';
import { log, secondsSince } from '../lib/report.mjs';
import { postJson } from '../lib/server-process.mjs';
import { SCENARIOS, settings } from './settings.mjs';

/** Signs in the seen tokens, opens the mint chains with a first pool, and checks every scenario answers 200. */
export async function prepareTokens(server, passportSecret) {
  const alice = await signIn(server, 'alice', 'alice-demo-password');
  const admin = await signIn(server, 'admin', 'admin-demo-password');
  server.tokens = { seen: alice.access_token, admin: admin.access_token, passport: hs256(passportSecret), elevated: await elevatedToken(server) };
  server.pool = [];
  server.poolNext = 0;
  server.chains = [];
  const started = performance.now();
  const sessions = await Promise.all(Array.from({ length: settings.mintChains }, () => signIn(server, 'alice', 'alice-demo-password')));
  for (const session of sessions) {
    server.pool.push(session.access_token);
    server.chains.push(session.refresh_token);
  }
  await mint(server, 2000);
  log(`${server.platform}: ${settings.mintChains} sessions and ${server.pool.length} unseen tokens in ${secondsSince(started)} s`);

  for (const scenario of SCENARIOS) {
    const token = scenario.token === 'pool' ? (await refresh(server, 0)).access_token : server.tokens[scenario.token];
    const response = await fetch(server.base + scenario.path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (response.status !== 200) throw new Error(`${server.platform} ${scenario.path}: ${response.status} ${await response.text()}`);
  }
}

/**
 * A token of a session holding a live elevation for the step-up route, earned the way a client
 * earns one: admin (who has no email or phone, so enrols without a step-up) enrols TOTP, asks for
 * the route (403 MFA_REQUIRED), and validates a recovery code with the operation's id. After the
 * admin scenario's own sign-in, which therefore stays password-only.
 */
async function elevatedToken(server) {
  const admin = await signIn(server, 'admin', 'admin-demo-password');
  const bearer = { authorization: `Bearer ${admin.access_token}`, 'content-type': 'application/json' };
  const post = async (path, body) => {
    const response = await fetch(server.base + path, { method: 'POST', headers: bearer, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${server.platform} POST ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { secret } = await post('/auth/totp/setup', {});
  const { recovery_codes: recoveryCodes } = await post('/auth/totp/setup', { code: generateSync({ secret }) });
  const refused = await fetch(server.base + '/bench/elevated', { headers: bearer });
  if (refused.status !== 403) throw new Error(`${server.platform} /bench/elevated without an elevation: ${refused.status}, expected 403`);
  const { operation_id: correlationId } = await refused.json();
  await post('/auth/otp/validate', { method: 'recovery', code: recoveryCodes[0], correlation_id: correlationId });
  return admin.access_token;
}

/** Enough unseen tokens for every round of the new-token scenario, sized from the warm-up's rate. */
export async function mintForRounds(server) {
  const perRound = Math.ceil(server.newTokenRate * settings.newTokenSeconds * 1.2) + 4 * settings.connections;
  const wanted = Math.min(settings.maxPool, perRound * settings.rounds);
  const started = performance.now();
  const before = server.pool.length - server.poolNext;
  await mint(server, wanted - before);
  server.perRound = Math.floor((server.pool.length - server.poolNext) / settings.rounds);
  log(
    `${server.platform}: minted ${server.pool.length - server.poolNext - before} more unseen tokens by refresh in ${secondsSince(started)} s ` +
      `(${server.perRound} per round; new-token warm-up ran at ${Math.round(server.newTokenRate)} req/s)`,
  );
}

/**
 * Takes the next slice of the pool sized for `newTokenSeconds`: an autocannon `requests` entry that
 * hands each token out once, the `amount` of requests that fits the slice, and `repeats()`.
 */
export function poolSlice(server, path, newTokenSeconds) {
  const wanted = Math.ceil((server.newTokenRate ?? 2000) * newTokenSeconds) + 4 * settings.connections;
  const size = Math.min(wanted, server.perRound ?? Infinity, server.pool.length - server.poolNext);
  const source = { tokens: server.pool, next: server.poolNext, end: server.poolNext + size, repeats: 0 };
  server.poolNext += size;
  // One request builder shared by all connections, so each token goes out once; a token reused
  // because the slice ran out is counted, never hidden.
  const setupRequest = (request) => {
    let token = source.tokens[source.next++];
    if (source.next > source.end) {
      source.repeats++;
      token = source.tokens[source.end - 1];
    }
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
  };
  return {
    request: { method: 'GET', path, setupRequest },
    // A bounded number of requests, so the slice is never exhausted (each connection builds one ahead).
    amount: Math.max(settings.connections, size - 3 * settings.connections),
    repeats: () => source.repeats,
  };
}

/** Rotates every refresh-token chain in parallel until `count` more access tokens are minted. */
async function mint(server, count) {
  let remaining = count;
  await Promise.all(
    server.chains.map(async (_, chain) => {
      while (remaining-- > 0) server.pool.push((await refresh(server, chain)).access_token);
    }),
  );
}

async function refresh(server, chain) {
  const result = await postJson(server, '/auth/refresh', JSON.stringify({ refresh_token: server.chains[chain] }));
  server.chains[chain] = result.refresh_token;
  return result;
}

function signIn(server, username, password) {
  return postJson(server, '/auth/login', JSON.stringify({ username, password }));
}

/** A token as the NestJS docs' passport-jwt setup expects it: HS256 over the shared string secret. */
function hs256(secret) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'bench-user', username: 'bench', iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
