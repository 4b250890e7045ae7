#!/usr/bin/env bash
# The container's build stage, runnable without a container engine (CI runs exactly this):
#   deploy/container/build.sh OUT
# installs the locked dependencies, builds flux-model, server and web, and assembles into OUT
# what the runtime stage copies: the built files and the production dependencies only.
#
# FO_INSTALLED_FROM=DIR copies the installed dependencies of another checkout with the same
# lockfile (DIR/node_modules and each workspace's node_modules) instead of running `npm ci`: CI uses it because a fresh `npm ci` compiles better-sqlite3 when its prebuilt
# binary cannot be downloaded, which takes minutes. The container build runs `npm ci`.
set -euo pipefail
out="${1:?usage: build.sh OUT}"
cd "$(dirname "$0")/../.."

if [ -n "${FO_INSTALLED_FROM:-}" ]; then
  from="$(cd "$FO_INSTALLED_FROM" && pwd -P)"
  if [ "$from" = "$(pwd -P)" ]; then
    echo "FO_INSTALLED_FROM is this tree; run build.sh in a copy of the repository" >&2
    exit 2
  fi
  rm -rf node_modules ./*/node_modules
  cp -R "$from/node_modules" node_modules
  for workspace in flux-model server web sim; do
    if [ -d "$from/$workspace/node_modules" ]; then cp -R "$from/$workspace/node_modules" "$workspace/node_modules"; fi
  done
else
  npm ci --no-audit --no-fund
fi
npm run build

# Runtime tree: the workspace manifests (npm resolves workspaces from them), built output, and
# node_modules pruned to production dependencies. No sources, no test tools, no kubelogin: Azure
# Entra tokens are fetched in-process by @azure/identity.
mkdir -p "$out"
find "$out" -mindepth 1 -delete # emptied, not removed: its parent may not be ours
cp package.json package-lock.json "$out/"
for workspace in flux-model server web sim; do mkdir -p "$out/$workspace" && cp "$workspace/package.json" "$out/$workspace/"; done
cp -R flux-model/dist "$out/flux-model/dist"
cp -R server/dist "$out/server/dist"
cp -R web/dist "$out/web/dist"
cp -R node_modules "$out/node_modules"
# Versions that differ from the hoisted ones live under the workspace (e.g. server/node_modules).
for workspace in flux-model server web; do
  if [ -d "$workspace/node_modules" ]; then cp -R "$workspace/node_modules" "$out/$workspace/node_modules"; fi
done
cp deploy/container/entrypoint.sh "$out/entrypoint.sh"
# What `npm prune --omit=dev` removes, read from the lockfile, without npm's need for a registry
# or a cache: every package the lockfile marks dev-only.
node -e '
  const fs = require("node:fs"), path = require("node:path");
  const out = process.argv[1];
  const lock = JSON.parse(fs.readFileSync(path.join(out, "package-lock.json"), "utf8"));
  for (const [at, meta] of Object.entries(lock.packages)) {
    if (meta.dev && at.includes("node_modules/")) fs.rmSync(path.join(out, at), { recursive: true, force: true });
  }
' "$out"
echo "assembled the runtime tree in $out"
