#!/usr/bin/env bash
# The maintained Node.js LTS lines besides the machine's own: the npm registry's `node` package brings
# each binary (no download from elsewhere), cached between runs. On each: the unit specs and the
# embedded default started as `npm start` starts it (PGlite, in-process queue, demo seed), signed in
# to and asked for tickets. `NODE_LTS_VERSIONS="22.23.3"` picks the lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${NODE_LTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/helpdesk-node-lts}"
VERSIONS="${NODE_LTS_VERSIONS:-22.23.3 24.21.0}"

# One server build for every line (compiled JavaScript does not depend on the Node.js version).
BUILD="$(mktemp -d)"
trap 'rm -rf "$BUILD"' EXIT
npx tsc -p tsconfig.build.json --outDir "$BUILD/dist"
npx tsc-alias -p tsconfig.build.json --outDir "$BUILD/dist"
ln -s "$PWD/node_modules" "$BUILD/node_modules"
cp -r config "$BUILD/config"

for version in $VERSIONS; do
  dir="$CACHE/node-$version"
  if [ ! -x "$dir/node_modules/.bin/node" ]; then
    mkdir -p "$dir"
    (cd "$dir" && echo '{"private":true}' > package.json && npm install --no-audit --no-fund --save-exact "node@$version")
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
  echo "== Node.js $(node --version)"
  NODE_OPTIONS= npx jest --selectProjects unit --silent
  node test/lts/embedded-smoke.mjs "$BUILD"
done
