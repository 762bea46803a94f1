// The public API of @stepgate/auth is reviewed, not accidental: API Extractor compares each entry
// point's declarations with the report checked in under libs/auth/etc/ (any change fails until
// `npm run api:update` writes it and the diff is committed), and every export carries JSDoc, the
// main ones an @example. Needs a build (`npm run build`) first.
//   node scripts/api/check-api.mjs           check (CI)
//   node scripts/api/check-api.mjs --update  rewrite the reports after a deliberate change
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIB = resolve(dirname(fileURLToPath(import.meta.url)), '../../libs/auth');
const ENTRY_POINTS = [
  { config: 'api-extractor.json', model: 'auth' },
  { config: 'api-extractor.auth-typeorm.json', model: 'auth-typeorm' },
  { config: 'api-extractor.auth-testing.json', model: 'auth-testing' },
];
// What a new user reaches for first: each shows its use in an @example.
const NEEDS_EXAMPLE = new Set([
  'AuthModule', 'Public', 'RequireGroups', 'CurrentIdentity', 'getIdentity', 'memoryPersistence', 'redisStores',
  'SignInStep', 'AuthenticateWithCredentialsCommand', 'CreateUserCommand', 'ProblemDetailsFilter', 'AuthValidationPipe',
  'typeormPersistence', 'dataSourceOptionsFromUrl', 'STEPGATE_ENTITIES',
  'createAuthTestingModule', 'FixedClock', 'sessionRepositoryContract',
]);

const update = process.argv.includes('--update');
const problems = [];
for (const { config, model } of ENTRY_POINTS) {
  const run = spawnSync('npx', ['--no-install', 'api-extractor', 'run', '-c', config, ...(update ? ['--local'] : [])], { cwd: LIB, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stdout.write(run.stdout + run.stderr);
    // Show the change itself, so the CI log says what moved in the public API.
    const report = `${model}.api.md`;
    spawnSync('diff', ['-u', join('etc', report), join('dist/api-report-temp', report)], { cwd: LIB, stdio: 'inherit' });
    problems.push(`${config}: the API report differs from libs/auth/etc/ (or the analysis failed); review the change, then run npm run api:update`);
    continue;
  }
  const entry = JSON.parse(readFileSync(join(LIB, 'dist/api-report-temp', `${model}.api.json`), 'utf8')).members[0];
  // Overloads of one function are separate members; the doc on any of them documents the name.
  const docs = new Map();
  for (const member of entry.members) docs.set(member.name, (docs.get(member.name) ?? '') + (member.docComment ?? ''));
  for (const [name, doc] of docs) {
    if (!/\/\*\*[\s\S]*?\w[\s\S]*\*\//.test(doc)) problems.push(`${model}: ${name} has no JSDoc`);
    else if (NEEDS_EXAMPLE.has(name) && !doc.includes('@example')) problems.push(`${model}: ${name} has no @example`);
  }
  console.log(`${model}: ${docs.size} exports checked`);
}
if (problems.length > 0) {
  console.error(problems.map((p) => `- ${p}`).join('\n'));
  process.exit(1);
}
console.log(update ? 'API reports updated' : 'public API matches the reviewed reports; every export documented');
