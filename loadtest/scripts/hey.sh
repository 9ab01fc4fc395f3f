#!/usr/bin/env bash
# Sends one hey run per tier key through Envoy and prints a table of 200s
# against 429s per tier, from hey's status code distribution.
#
# hey is packaged in Debian and Ubuntu: apt-get install hey. Elsewhere build
# it with Go: go install github.com/rakyll/hey@latest (this needs the Go
# module proxy, which some build machines cannot reach).
#
# Usage: loadtest/scripts/hey.sh [URL]
#   URL          default http://127.0.0.1:10000/api/items?page=1 (Envoy's listener)
#   REQUESTS     requests per tier, default 200
#   CONCURRENCY  hey -c, default 8
#   TIER_KEYS    "label=key ..." pairs; see lib.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

url="${1:-http://127.0.0.1:10000/api/items?page=1}"
requests="${REQUESTS:-200}"
concurrency="${CONCURRENCY:-8}"
if ! command -v hey >/dev/null; then
  echo "hey not found: apt-get install hey, or go install github.com/rakyll/hey@latest" >&2
  exit 2
fi

echo "hey: ${requests} requests per tier, concurrency ${concurrency}, ${url}"
for pair in ${TIER_KEYS}; do
  label="${pair%%=*}"
  key="${pair#*=}"
  headers=(-H "x-loadtest-run: ${label}")
  if [[ -n "${key}" ]]; then
    headers+=(-H "x-api-key: ${key}")
  fi
  # hey prints "  [200]  123 responses" under "Status code distribution:";
  # each line becomes that many "label status" lines for the table.
  hey -n "${requests}" -c "${concurrency}" "${headers[@]}" "${url}" \
    | awk -v label="${label}" '
        /^Status code distribution:/ { in_codes = 1; next }
        in_codes && /^[ \t]*\[[0-9]+\]/ {
          code = $1; gsub(/[\[\]]/, "", code)
          for (i = 0; i < $2; i++) print label, code
          next
        }
        in_codes && NF == 0 { in_codes = 0 }'
done | print_status_table
