#!/usr/bin/env node
// The `stepgate-keygen` bin of the package: `npx stepgate-keygen --help`. The logic is in keygen.cli.ts.
import { main } from './keygen.cli';

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`stepgate-keygen: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
