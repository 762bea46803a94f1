// The benches run the demo from apps/demo/dist/, so a stale build would measure yesterday's code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log } from './report.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DIST_ENTRY = join(ROOT, "apps/demo/dist/main.js");

/** Runs `npm run build` when apps/demo/dist/ is missing or older than any source or tsconfig. */
export function ensureBuild() {
  const sources = [join(ROOT, 'libs/auth/src'), join(ROOT, 'apps/demo/src')].flatMap(listTs);
  const configs = ['tsconfig.base.json', 'libs/auth/tsconfig.build.json', 'apps/demo/tsconfig.build.json'].map((f) => join(ROOT, f));
  const newestSource = Math.max(...[...sources, ...configs].map((f) => statSync(f).mtimeMs));
  if (existsSync(DIST_ENTRY) && statSync(DIST_ENTRY).mtimeMs >= newestSource) return;
  log(existsSync(DIST_ENTRY) ? 'dist is older than the sources: npm run build' : 'no dist yet: npm run build');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
}

function listTs(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.(e2e-|int-)?spec\.ts$/.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}
