#!/usr/bin/env bash
# Sends one ApacheBench run per tier key through Envoy and prints a table of
# 200s against 429s per tier.
#
# Usage: loadtest/scripts/ab.sh [URL]
#   URL          default http://127.0.0.1:10000/api/items?page=1 (Envoy's listener)
#   REQUESTS     requests per tier, default 200
#   CONCURRENCY  ab -c, default 8
#   TIER_KEYS    "label=key ..." pairs; see lib.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

url="${1:-http://127.0.0.1:10000/api/items?page=1}"
requests="${REQUESTS:-200}"
concurrency="${CONCURRENCY:-8}"
command -v ab >/dev/null || { echo "ab not found: apt-get install apache2-utils" >&2; exit 2; }

echo "ab: ${requests} requests per tier, concurrency ${concurrency}, ${url}"
for pair in ${TIER_KEYS}; do
  ab_statuses "${pair%%=*}" "${pair#*=}" "${url}" "${requests}" "${concurrency}"
done | print_status_table
