#!/usr/bin/env bash
# Packs @stepgate/auth as npm would publish it, installs the tarball into test/consumer (a Nest app
# outside the workspace, copied to a scratch directory), type-checks the app against the shipped
# declarations and runs its tests on Express and Fastify. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm pack --workspace @stepgate/auth --pack-destination "$work" --silent >/dev/null
tarball=$(ls "$work"/stepgate-auth-*.tgz)
echo "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB, $(tar -tzf "$tarball" | wc -l) files)"
# Nothing the monorepo keeps for itself may ship: specs, build info, test helpers of the repo.
if tar -tzf "$tarball" | grep -E '\.spec\.|tsbuildinfo|/test/' ; then echo "the tarball ships files it must not" >&2; exit 1; fi

cp -r test/consumer "$work/consumer"
rm -rf "$work/consumer/node_modules" "$work/consumer/dist"
cd "$work/consumer"
npm pkg set "dependencies.@stepgate/auth=file:$tarball"
npm install --no-audit --no-fund --prefer-offline --loglevel=error
npm run build --silent
status=0
npm test || status=$?
# CI adds these counts to its summary line.
if [[ -n "${CONSUMER_RESULTS:-}" ]]; then cp test-results.tap "$CONSUMER_RESULTS"; fi
[[ $status -eq 0 ]] || exit $status

# The documentation's TypeScript, type-checked against the same installed package. The snippets
# show the optional integrations too, so their peers are added now, after the minimal-install tests.
node "$root/scripts/readme-snippets.mjs" readme "$root/README.md" "$root/libs/auth/README.md" "$root"/docs/*.md
npm install --no-audit --no-fund --prefer-offline --loglevel=error typeorm@1.1.1 @nestjs/typeorm@12.0.2 ioredis@5.11.1 @nestjs/swagger@12.0.2
npx --no-install tsc -p tsconfig.readme.json
echo "documentation snippets: type-check passed"
