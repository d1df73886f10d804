#!/usr/bin/env bash
# Runs every test. Installs what the tests need (Azurite from the npm lockfile; Debian's chromium for the jobs page's
# browser tests, when /usr/bin/chromium is missing; NuGet packages, including the Bicep CLI and Playwright's driver, by
# restore); the tests start and stop their own Azurite on free ports.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f node_modules/azurite/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

./.ci/install-chromium.sh

dotnet test JobPipeline.sln "$@"
