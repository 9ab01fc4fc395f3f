#!/usr/bin/env bash
# Runs wrk through Envoy with tier-mix.lua, which picks a tier key per
# request by a mix and prints a table of 200s against 429s per tier.
#
# Usage: loadtest/scripts/wrk.sh [URL]
#   URL        default http://127.0.0.1:10000/api/items?page=1 (Envoy's listener)
#   THREADS    wrk threads, and connections (one each), default 4
#   DURATION   wrk -d, default 10s
#   MIX        tier shares, default enterprise=0.2,professional=0.3,free=0.4,anonymous=0.1
#   TIER_KEYS  "label=key ..." pairs; see lib.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "${here}/lib.sh"

url="${1:-http://127.0.0.1:10000/api/items?page=1}"
threads="${THREADS:-4}"
duration="${DURATION:-10s}"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }

echo "wrk: ${threads} threads with one connection each, ${duration}, ${url}"
export TIER_KEYS
# One connection per thread keeps each thread's responses in request order,
# which tier-mix.lua relies on to pair them with tiers.
wrk -t "${threads}" -c "${threads}" -d "${duration}" --latency -s "${here}/tier-mix.lua" "${url}"
