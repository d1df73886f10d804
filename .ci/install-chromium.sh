#!/usr/bin/env bash
# Installs Debian's chromium for the jobs page's browser tests (Microsoft.Playwright drives /usr/bin/chromium;
# Playwright's own browser download is never used). Idempotent and quiet: does nothing when chromium is there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and this is not a Debian-like machine: install chromium (/usr/bin/chromium) by hand." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "Installing chromium with apt-get failed." >&2
  exit 1
fi
