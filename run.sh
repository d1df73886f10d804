#!/usr/bin/env bash
# Starts JobPipeline locally: Azurite (from the npm lockfile, data under .azurite/) and JobPipeline.Server on
# http://127.0.0.1:7071 with a development API key. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f node_modules/azurite/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_pid=""
if port_open 10000 && port_open 10001 && port_open 10002; then
  echo "Azurite is already listening on 10000-10002; using it."
else
  mkdir -p .azurite
  node node_modules/azurite/dist/src/azurite.js --location .azurite --debug .azurite/debug.log \
    --skipApiVersionCheck --loose --silent \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  azurite_pid=$!
  trap '[ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    port_open 10000 && port_open 10001 && port_open 10002 && break
    sleep 0.1
  done
fi

echo "JobPipeline.Server on http://127.0.0.1:7071"
echo "Development API key (tenant 'dev'): local-dev-key"
ASPNETCORE_ENVIRONMENT=Development dotnet run --project JobPipeline.Server --no-launch-profile --urls http://127.0.0.1:7071
