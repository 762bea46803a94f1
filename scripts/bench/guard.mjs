#!/usr/bin/env node
// `npm run bench:guard`: what Stepgate's guards cost per request, on Express and on Fastify.
// See scripts/bench/README.md for what is measured and how to read the output.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureBuild, ROOT } from './lib/build.mjs';
import { machineMeter } from './lib/cpu.mjs';
import { inOwnSession, needsOwnSession, runBench, runInOwnSession } from './lib/lifecycle.mjs';
import { log } from './lib/report.mjs';
import { applyNice, pinCpus, startServer } from './lib/server-process.mjs';
import { measure, probe, probeUnderSignIns, profiling } from './guard/measure.mjs';
import { printGuardTable, printHeader, printMachineLoad, printSignInLoadTable } from './guard/report.mjs';
import { checkKeycloak, mintRealmRound, realmPoolSize, realmProfiled, realmServerFor, startRealmServers } from './guard/realm.mjs';
import { BARE, realmScenarios, SCENARIOS, settings } from './guard/settings.mjs';
import { mintForRounds, prepareTokens } from './guard/tokens.mjs';

const SERVER_ENTRY = join(ROOT, 'scripts/bench/bench-server.mjs');
const BARE_ENTRY = join(ROOT, 'scripts/bench/bare-server.mjs');

if (needsOwnSession(settings.nice)) {
  runInOwnSession();
} else {
  const onError = (error) => console.error('\nbench:guard failed:', error?.stack ?? error);
  runBench({ name: 'bench:guard', deadlineSeconds: settings.deadlineSeconds, onError }, main);
}

async function main() {
  const servers = [];
  const ownProcesses = (server) => [server, server.bare, ...Object.values(server.realm ?? {})].filter(Boolean).map((s) => s.child.pid);
  const machine = machineMeter(() => servers.flatMap(ownProcesses));
  // Before the build, so a realm that is down fails the run at once.
  if (settings.keycloak) await checkKeycloak();
  else log('BENCH_KEYCLOAK=off: no realm-token rows in this run');
  ensureBuild();
  const pinning = pinCpus();
  applyNice(settings.nice, pinning, { ownSession: inOwnSession });
  printHeader(pinning);

  const passportSecret = randomBytes(32).toString('base64url');
  for (const platform of settings.platforms) servers.push(await startGuardServer(platform, pinning, passportSecret));
  for (const server of servers) server.bare = await startBareServer(server.platform, pinning);
  if (settings.keycloak) for (const server of servers) server.realm = await startRealmServers(server.platform, pinning, passportSecret);
  for (const server of servers) await prepareTokens(server, passportSecret);
  if (settings.keycloak) await mintRealmRound(servers, realmPoolSize(servers, 1), 'the warm-up');

  log('warm-up: 1 s of each scenario on each platform');
  for (const server of servers) {
    await measure(server.bare, BARE, { seconds: 1 });
    for (const scenario of SCENARIOS) {
      const run = await measure(server, scenario, { seconds: 1, newTokenSeconds: 1 });
      if (scenario.key === 'new') server.newTokenRate = run.rps;
    }
    for (const scenario of realmScenarios) {
      const target = realmServerFor(server, scenario, 1);
      const run = await measure(target, scenario, { seconds: 1, newTokenSeconds: 1 });
      if (scenario.token === 'pool') target.newTokenRate = run.rps;
    }
  }
  for (const server of servers) await mintForRounds(server);

  printGuardTable(await guardRounds(servers));
  printSignInLoadTable(await signInLoadRounds(servers));
  printMachineLoad(machine());
}

async function startGuardServer(platform, { serverCpu, nice }, passportSecret) {
  const server = await startServer({
    name: platform,
    entry: SERVER_ENTRY,
    args: [platform],
    nodeArgs: settings.serverNodeArgs,
    cpu: serverCpu,
    nice,
    maxSeconds: settings.deadlineSeconds + 30,
    env: { ...(settings.profile.length ? { BENCH_PROFILE_DIR: settings.profileDir } : {}), BENCH_PASSPORT_SECRET: passportSecret, BENCH_REDIS_URL: settings.redisUrl },
  });
  log(`${platform} server pid ${server.child.pid} on 127.0.0.1:${server.port}`);
  return { ...server, platform, cpu: serverCpu };
}

/** The baseline on the same core: measured in the same rounds, never at the same time as the demo. */
async function startBareServer(platform, { serverCpu, nice }) {
  const server = await startServer({ name: `bare-${platform}`, entry: BARE_ENTRY, args: [platform], nodeArgs: settings.serverNodeArgs, cpu: serverCpu, nice, maxSeconds: settings.deadlineSeconds + 30 });
  log(`bare ${platform} server pid ${server.child.pid} on 127.0.0.1:${server.port}`);
  return { ...server, platform, cpu: serverCpu };
}

/** Alternating rounds (round → platform → every scenario), so drift in the machine's speed hits all alike. */
async function guardRounds(servers) {
  const runs = [];
  for (let round = 1; round <= settings.rounds; round++) {
    log(`round ${round}/${settings.rounds}`);
    if (settings.keycloak) await mintRealmRound(servers, realmPoolSize(servers, settings.newTokenSeconds), `round ${round}`);
    for (const server of servers) {
      runs.push({ round, platform: server.platform, scenario: BARE.key, ...(await measure(server.bare, BARE, { seconds: settings.seconds })) });
      for (const scenario of SCENARIOS) {
        const profiled = round === settings.rounds && settings.profile.includes(scenario.key);
        const run = await profiling(server, profiled, () => measure(server, scenario, { seconds: settings.seconds, newTokenSeconds: settings.newTokenSeconds }));
        runs.push({ round, platform: server.platform, scenario: scenario.key, ...run });
      }
      for (const scenario of realmScenarios) {
        const target = realmServerFor(server, scenario, settings.seconds);
        const profiled = round === settings.rounds && realmProfiled(scenario);
        const run = await profiling(target, profiled, () => measure(target, scenario, { seconds: settings.seconds, newTokenSeconds: settings.newTokenSeconds }));
        // The warm-up's 1 s runs before the JIT is done: the next round's pool is sized from the fastest run seen.
        if (scenario.token === 'pool') target.newTokenRate = Math.max(target.newTokenRate, run.rps);
        runs.push({ round, platform: server.platform, scenario: scenario.key, ...run });
      }
    }
  }
  return runs;
}

async function signInLoadRounds(servers) {
  const runs = [];
  log(`sign-in load: ${settings.rounds} rounds of idle / under sign-ins on each platform`);
  for (let round = 1; round <= settings.rounds; round++) {
    for (const server of servers) {
      runs.push({ round, platform: server.platform, loaded: false, ...(await probe(server)) });
      const profiled = round === settings.rounds && settings.profile.includes('signin-load');
      runs.push({ round, platform: server.platform, loaded: true, ...(await profiling(server, profiled, () => probeUnderSignIns(server))) });
    }
  }
  return runs;
}
