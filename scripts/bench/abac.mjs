#!/usr/bin/env node
// `npm run bench:abac`: one page of documents (and their total) for a department member, out of one
// million in PostgreSQL: pushdown (the authorization filter in the query) against load-and-filter
// (every row loaded and checked in memory). Both use the demo's document policy through the package
// from dist (CaslAuthorizationPolicy, whereAuthorized). See scripts/bench/README.md.
// Knobs: BENCH_DATABASE_URL, BENCH_ROWS (1000000), BENCH_PAGE (1), BENCH_PAGE_SIZE (20),
// BENCH_ITERATIONS (200, pushdown), BENCH_LOAD_ITERATIONS (10, load-and-filter),
// BENCH_WARMUP_ITERATIONS (20, pushdown; load-and-filter warms up once), BENCH_DEADLINE_SECONDS (900).
import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { ensureBuild } from './lib/build.mjs';
import { machineBusyShare, machineMeter } from './lib/cpu.mjs';
import { positiveInt } from './lib/knobs.mjs';
import { runBench } from './lib/lifecycle.mjs';
import { log } from './lib/report.mjs';
import { backendPid, BenchDocument, connect, departmentName, ensureDocuments, ownerId } from './abac/documents.mjs';
import { percentile, printHeader, printMachineLoad, printResults } from './abac/report.mjs';

const env = process.env;
const settings = {
  databaseUrl: env.BENCH_DATABASE_URL ?? 'postgres://stepgate:stepgate@127.0.0.1:5432/stepgate_test',
  rows: positiveInt(env.BENCH_ROWS, 1_000_000),
  owners: 1000,
  departments: 20,
  page: positiveInt(env.BENCH_PAGE, 1),
  pageSize: positiveInt(env.BENCH_PAGE_SIZE, 20),
  iterations: positiveInt(env.BENCH_ITERATIONS, 200),
  loadIterations: positiveInt(env.BENCH_LOAD_ITERATIONS, 10),
  warmUpIterations: positiveInt(env.BENCH_WARMUP_ITERATIONS, 20),
  // Generous: a stale build and the first fill both come before the timings.
  deadlineSeconds: positiveInt(env.BENCH_DEADLINE_SECONDS, 900),
};
const CORES = availableParallelism();
const MEMBER_OWNER = 7;

runBench({ name: 'bench:abac', deadlineSeconds: settings.deadlineSeconds, onError: (error) => console.error('\nbench:abac failed:', error?.stack ?? error) }, main);

async function main() {
  const started = performance.now();
  // Before the build, so a database that is down fails the run at once.
  const dataSource = await connect(settings.databaseUrl);
  try {
    ensureBuild();
    // Loaded after the build, so it is the build's.
    const { loadAndFilter, pushdown, pushdownQuery } = await import('./abac/listings.mjs');
    await ensureDocuments(dataSource, settings);
    const documents = dataSource.getRepository(BenchDocument);
    // Frozen, as the identity of a verified access token is: the policy keeps its ability per identity.
    const member = Object.freeze({ userId: ownerId(MEMBER_OWNER), username: `owner-${MEMBER_OWNER}`, groups: Object.freeze(['staff']), attributes: Object.freeze({ department: departmentName(MEMBER_OWNER % settings.departments) }) });

    const expected = await checkAgreement(documents, member, { pushdown, loadAndFilter });
    const [{ version }] = await dataSource.query('SELECT version()');
    printHeader({ settings, cores: CORES, serverVersion: version.split(' on ')[0], member, readable: expected.total, sql: pushdownQuery(documents, member, settings).getQueryAndParameters() });
    const idle = Math.max(0, await machineBusyShare(1000, CORES));
    log(`machine before timing: ${(idle * 100).toFixed(0)}% of ${CORES} cores busy${idle > 0.1 ? ' (other work is running: expect noisier figures)' : ''}`);

    const { pushed, loaded, phases } = await timeBoth(documents, member, { backend: await backendPid(dataSource), loadedRows: expected.loaded, pushdown, loadAndFilter });
    printResults(pushed, loaded);
    printMachineLoad(phases, CORES);
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Both ways must list the same page and the same total before either is timed, and the page must be
 * full: a ratio between two answers that differ, or between two empty pages, means nothing.
 */
async function checkAgreement(documents, member, ways) {
  const pushed = await ways.pushdown(documents, member, settings);
  const loaded = await ways.loadAndFilter(documents, member, settings);
  if (pushed.total !== loaded.total || !isDeepStrictEqual(pushed.ids, loaded.ids)) {
    throw new Error(`pushdown and load-and-filter disagree: totals ${pushed.total} and ${loaded.total}, page ids\n  ${pushed.ids.join(' ')}\n  ${loaded.ids.join(' ')}`);
  }
  if (pushed.ids.length < settings.pageSize) throw new Error(`page ${settings.page} of ${settings.pageSize} holds ${pushed.ids.length} documents for the member: choose a page within their ${pushed.total}`);
  log(`check: both ways list the same ${pushed.ids.length} ids on page ${settings.page} and the same total, ${pushed.total}`);
  return loaded;
}

/** Each way warmed up, then timed on its own, pushdown first. */
async function timeBoth(documents, member, { backend, loadedRows, ...ways }) {
  const ours = () => [backend];
  log(`pushdown: ${settings.warmUpIterations} warm-up, then ${settings.iterations} timed`);
  await repeat(settings.warmUpIterations, () => ways.pushdown(documents, member, settings));
  let meter = machineMeter(ours);
  const pushed = { times: await repeat(settings.iterations, () => ways.pushdown(documents, member, settings)) };
  const phases = [{ name: 'pushdown', load: meter() }];
  log(`pushdown: p50 ${percentile(pushed.times, 0.5).toFixed(2)} ms`);

  log(`load-and-filter: 1 warm-up (after the check's run), then ${settings.loadIterations} timed`);
  await ways.loadAndFilter(documents, member, settings);
  meter = machineMeter(ours);
  const loaded = { times: await repeat(settings.loadIterations, () => ways.loadAndFilter(documents, member, settings)), loaded: loadedRows };
  phases.push({ name: 'load-and-filter', load: meter() });
  return { pushed, loaded, phases };
}

async function repeat(count, run) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}
