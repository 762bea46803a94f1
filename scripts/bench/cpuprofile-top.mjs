// Summarises a `node --cpu-prof` profile: self time by function and by package, heaviest first.
//   node scripts/bench/cpuprofile-top.mjs <file.cpuprofile> [rows=25]
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-top.mjs <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

function packageOf(url) {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return 'stepgate ' + url.slice(dist + 6).split('/').slice(0, 4).join('/');
  return url.replace(/^file:\/\//, '');
}

const byFunction = new Map();
const byPackage = new Map();
for (const [id, micros] of selfMicros) {
  const { callFrame } = byId.get(id);
  const fn = `${callFrame.functionName || '(anonymous)'} ${packageOf(callFrame.url)}${callFrame.url ? ':' + (callFrame.lineNumber + 1) : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  const pkg = packageOf(callFrame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
}

const pct = (micros) => ((100 * micros) / total).toFixed(1).padStart(5) + '%';
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
console.log('\nself time by package');
for (const [pkg, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(pct(micros), pkg);
console.log('\nself time by function');
for (const [fn, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(pct(micros), fn);
