// Writes every ```ts block of the given Markdown files into a folder as its own module, so CI can
// type-check the documentation against the packed package (scripts/consumer-check.sh): a snippet
// that stops compiling fails the build instead of misleading a reader.
//   node scripts/readme-snippets.mjs OUT_DIR README.md docs/*.md
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) throw new Error('usage: readme-snippets.mjs OUT_DIR FILE.md...');
mkdirSync(outDir, { recursive: true });

let count = 0;
const problems = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    const end = lines.indexOf('```', start);
    if (end < 0) throw new Error(`${file}:${start}: unclosed code block`);
    const code = lines.slice(start, end).join('\n');
    // A block without imports would be a script sharing one global scope with the others.
    if (!/^\s*(import|export)\s/m.test(code)) problems.push(`${file}:${start}: a TypeScript block must be a whole module, with its imports`);
    // Named after the file's path, so two README.md files never write the same snippet name.
    const name = `${relative(process.cwd(), file).replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+/, '').toLowerCase()}-line-${start}.ts`;
    writeFileSync(join(outDir, name), `// From ${file}, line ${start}.\n${code}\n`);
    count++;
    i = end;
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${count} TypeScript snippets extracted from ${files.join(', ')}`);
