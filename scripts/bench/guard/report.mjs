// bench:guard's output; scripts/bench/README.md explains how to read it.
import { cpus } from 'node:os';
import { fmtInt, fmtMs, median, printTable } from '../lib/report.mjs';
import { BARE, realmScenarios, SCENARIOS, settings } from './settings.mjs';

export function printHeader(pinning) {
  console.log(
    'bench:guard: Stepgate guards vs a bare Nest app, a public route and passport-jwt' +
      (settings.keycloak ? `, and on the realm's own tokens vs nest-keycloak-connect (Keycloak at ${settings.keycloak.url})` : '') +
      ' (demo from apps/demo/dist, sqlite::memory:, stores in Redis)',
  );
  console.log(
    `node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${pinning.cpuCount} CPUs; ${pinning.note}; ` +
      (pinning.nice === undefined ? 'default priority' : `nice ${pinning.nice}${pinning.autogroup ? ' (own session and autogroup)' : ''}`),
  );
  console.log(
    `${settings.rounds} alternating rounds x ${settings.seconds} s per scenario (new-token ~${settings.newTokenSeconds} s), ` +
      `autocannon -c ${settings.connections}; figures are medians over the rounds\n`,
  );
}

export function printGuardTable(runs) {
  const rows = [];
  const summary = {};
  for (const platform of settings.platforms) {
    const of = (scenario) => runs.filter((r) => r.platform === platform && r.scenario === scenario);
    const byRound = (scenario) => new Map(of(scenario).map((r) => [r.round, r]));
    const publicByRound = byRound('public');
    const bareByRound = byRound(BARE.key);
    for (const scenario of [BARE, ...SCENARIOS, ...realmScenarios]) {
      const list = of(scenario.key);
      // Each ratio pairs runs of the same round, so drift of the machine between rounds cancels.
      const paired = (reference, ratioOf) => median(list.map((r) => ratioOf(r, reference.get(r.round))));
      // nest-keycloak-connect's rows run on an app without Stepgate: Stepgate's public route is no reference for them.
      const stepgate = scenario.server === undefined || scenario.server === 'stepgate';
      const ratio = stepgate ? paired(publicByRound, (r, p) => r.rps / p.rps) : undefined;
      const cpuRatio = stepgate ? paired(publicByRound, (r, p) => p.serverCpuPerRequest / r.serverCpuPerRequest) : undefined;
      const bareRatio = paired(bareByRound, (r, b) => r.rps / b.rps);
      const versusRatio = scenario.versus ? paired(byRound(scenario.versus), (r, v) => r.rps / v.rps) : undefined;
      summary[`${platform}:${scenario.key}`] = { rps: median(list.map((r) => r.rps)), ratio, bareRatio, versusRatio };
      const cells = guardCells(list, ratio, cpuRatio, bareRatio);
      // The comparison with nest-keycloak-connect goes beside `x public`, only in runs that measure it.
      if (settings.keycloak) cells.splice(5, 0, times(versusRatio));
      rows.push([scenario.label, platform, ...cells]);
    }
  }
  console.log('\n== Guard cost (medians of the rounds) ==');
  const header = ['scenario', 'platform', 'req/s', 'spread', 'p99 ms', 'x bare Nest', 'x public', 'server CPU us/req', 'x public by CPU', 'server CPU', 'client CPU', 'other on core (max)', 'requests', 'failed+repeats'];
  if (settings.keycloak) header.splice(7, 0, 'x nest-keycloak-connect');
  printTable(header, rows);
  printTargets(summary);
}

const times = (ratio) => (ratio === undefined ? '-' : `${ratio.toFixed(2)}x`);

function guardCells(list, ratio, cpuRatio, bareRatio) {
  const rpsList = list.map((r) => r.rps);
  const percent = (value) => `${Math.round(value * 100)}%`;
  return [
    fmtInt(median(rpsList)),
    percent((Math.max(...rpsList) - Math.min(...rpsList)) / median(rpsList)),
    fmtMs(median(list.map((r) => r.p99))),
    times(bareRatio),
    times(ratio),
    fmtInt(median(list.map((r) => r.serverCpuPerRequest))),
    times(cpuRatio),
    percent(median(list.map((r) => r.serverCpuShare))),
    percent(median(list.map((r) => r.clientCpuShare))),
    percent(Math.max(...list.map((r) => r.foreignCpuShare))),
    fmtInt(list.reduce((n, r) => n + r.requests, 0)),
    String(list.reduce((n, r) => n + r.failures + (r.repeats ?? 0), 0)),
  ];
}

function printTargets(summary) {
  console.log('\nTargets (printed, not asserted):');
  const targets = [];
  for (const platform of settings.platforms) {
    const s = (key) => summary[`${platform}:${key}`];
    // Against a bare Nest app: what adopting Stepgate costs every route, guarded or not.
    const bareGoals = platform === 'express' ? { public: 0.95, seen: 0.85, new: 0.4 } : { public: 0.85, seen: 0.7 };
    for (const [key, goal] of Object.entries(bareGoals)) targets.push([`${key} >= ${goal.toFixed(2)}x bare Nest`, platform, s(key).bareRatio, goal, 'x bare']);
    targets.push([`seen token >= 0.85x public`, platform, s('seen').ratio, 0.85, 'x public']);
    targets.push([`@VerifyElevation (elevation in Redis) >= 0.80x public`, platform, s('elevated').ratio, 0.8, 'x public']);
    if (platform === 'express') targets.push([`new token >= 0.40x public`, platform, s('new').ratio, 0.4, 'x public']);
    targets.push([`seen token >= 3x passport-jwt`, platform, s('seen').rps / s('passport').rps, 3, 'x passport']);
    targets.push([`new token >= 3x passport-jwt`, platform, s('new').rps / s('passport').rps, 3, 'x passport']);
    if (!settings.keycloak) continue;
    targets.push([`realm token, seen >= 3x nest-keycloak-connect OFFLINE`, platform, s('realm-seen').versusRatio, 3, 'x nest-keycloak-connect']);
    targets.push([`realm token, new >= 2x nest-keycloak-connect OFFLINE`, platform, s('realm-new').versusRatio, 2, 'x nest-keycloak-connect']);
  }
  printTable(
    ['target', 'platform', 'measured', 'result'],
    targets.map(([label, platform, value, goal, unit]) => [label, platform, `${value.toFixed(2)}${unit}`, value >= goal ? 'PASS' : 'MISS']),
  );
}

export function printSignInLoadTable(runs) {
  const rows = [];
  for (const platform of settings.platforms) {
    const idle = runs.filter((r) => r.platform === platform && !r.loaded);
    const loaded = runs.filter((r) => r.platform === platform && r.loaded);
    const ratio = median(loaded.map((r) => r.p99 / idle.find((i) => i.round === r.round).p99));
    const both = (field, format) => `${format(median(idle.map((r) => r[field])))} / ${format(median(loaded.map((r) => r[field])))}`;
    rows.push([
      platform,
      fmtMs(median(idle.map((r) => r.p99))),
      fmtMs(median(loaded.map((r) => r.p99))),
      `${ratio.toFixed(2)}x`,
      ratio <= 2 ? 'PASS' : 'MISS',
      both('p50', fmtMs),
      both('rps', fmtInt),
      fmtInt(median(loaded.map((r) => r.signInsPerSecond))),
      `${Math.round(Math.max(...[...idle, ...loaded].map((r) => r.foreignCpuShare)) * 100)}%`,
      String([...idle, ...loaded].reduce((n, r) => n + r.failures + (r.signInFailures ?? 0), 0)),
    ]);
  }
  console.log(`\n== Sign-in load: GET /bench/secure (seen token, -c ${settings.probeConnections}) idle vs while POST /auth/login runs at full speed (-c ${settings.signInConnections}) ==`);
  printTable(['platform', 'p99 idle ms', 'p99 loaded ms', 'ratio', 'target <= 2x', 'p50 idle / loaded', 'req/s idle / loaded', 'sign-ins/s', 'other on core (max)', 'failed'], rows);
}

/** How much CPU other processes took during the run: the figures are only as good as the machine is quiet. */
export function printMachineLoad({ wall, others, steal }) {
  console.log(
    `\ntotal time ${wall.toFixed(0)} s; other processes used ${Math.round(others * 100)}% of one CPU on average during the run ` +
      `(hypervisor steal ${Math.round(steal * 100)}%)${settings.keycloak ? ', Keycloak minting tokens and answering ONLINE introspection included' : ''}` +
      `${others + steal > 0.05 ? ': the machine was not quiet, so compare ratios and rerun when it is' : ''}`,
  );
}
