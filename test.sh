#!/usr/bin/env bash
# Runs every test. Installs what the tests need (Azurite from the npm lockfile; NuGet packages, including the
# Bicep CLI, by restore); the tests start and stop their own Azurite on free ports.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f node_modules/azurite/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet test JobPipeline.sln "$@"
