#!/usr/bin/env bash
# A local end-to-end run with no Envoy: nginx sends an auth_request
# subrequest to ratewise's HTTP check (/ext_authz/*) before it serves each request, and ab
# sends one run per tier key through nginx. Prints a table of 200s against
# 429s per tier, then stops everything it started.
#
# Usage: loadtest/scripts/nginx-e2e.sh
#   REQUESTS        requests per tier, default 200
#   CONCURRENCY     ab -c, default 8
#   TIER_KEYS       "label=key ..." pairs; see lib.sh
#   RATEWISE_ARGS   extra ratewise flags, such as "--config my.yaml"
#   RATEWISE_JAR    the server jar to run; default server/target/ratewise-server.jar,
#                   built with Maven when missing
#   KEEP_WORKDIR=1  keep the temporary folder with the logs and nginx.conf
#
# Needs java, maven (only when the server jar is missing), nginx with the
# auth_request module (Debian's nginx has it), ab and curl. Everything
# listens on 127.0.0.1 on free ports, and nginx runs as the current user
# with its own prefix, so no root is needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "${here}/../.." && pwd)"
source "${here}/lib.sh"

requests="${REQUESTS:-200}"
concurrency="${CONCURRENCY:-8}"
server_jar="${RATEWISE_JAR:-${repo}/server/target/ratewise-server.jar}"
for tool in java nginx ab curl; do
  command -v "${tool}" >/dev/null || { echo "${tool} not found" >&2; exit 2; }
done

workdir="$(mktemp -d -t ratewise-nginx-e2e.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "${pid}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "${pid}" 2>/dev/null || true
  done
  if [[ "${KEEP_WORKDIR:-0}" == 1 ]]; then
    echo "kept ${workdir}" >&2
  else
    rm -rf "${workdir}"
  fi
}
trap cleanup EXIT

if [[ ! -f "${server_jar}" ]]; then
  echo "building ${server_jar}"
  (cd "${repo}" && mvn -q -pl server -am package -DskipTests)
fi

grpc_port="$(free_port)"
http_port="$(free_port)"
backend_port="$(free_port)"
nginx_port="$(free_port)"

# ratewise runs in the work folder so any state it writes stays there.
# shellcheck disable=SC2086 # RATEWISE_ARGS is split into flags on purpose.
(cd "${workdir}" && exec java -jar "${server_jar}" --bind-address 127.0.0.1 \
  --grpc-port "${grpc_port}" --http-port "${http_port}" ${RATEWISE_ARGS:-}) \
  > "${workdir}/ratewise.log" 2>&1 &
pids+=($!)
if ! wait_for_url "http://127.0.0.1:${http_port}/readyz" 60; then
  tail -n 20 "${workdir}/ratewise.log" >&2
  exit 1
fi

probe_status="$(curl -s -o /dev/null -w '%{http_code}' -H 'x-api-key: ent-acme-key' \
  "http://127.0.0.1:${http_port}/ext_authz/probe")"
if [[ "${probe_status}" == 404 ]]; then
  echo "ratewise returned 404 for /ext_authz/probe: this build has no HTTP check; build one that serves /ext_authz/*" >&2
  exit 3
fi

mkdir -p "${workdir}/temp"
sed -e "s|@PREFIX@|${workdir}|g" \
    -e "s|@RATEWISE_HTTP_PORT@|${http_port}|g" \
    -e "s|@BACKEND_PORT@|${backend_port}|g" \
    -e "s|@NGINX_PORT@|${nginx_port}|g" \
    "${repo}/loadtest/nginx/nginx.conf.template" > "${workdir}/nginx.conf"
nginx -p "${workdir}" -c "${workdir}/nginx.conf" -e "${workdir}/error.log" &
pids+=($!)
if ! wait_for_port "${nginx_port}" 10; then
  cat "${workdir}/error.log" >&2
  exit 1
fi

url="http://127.0.0.1:${nginx_port}/api/items?page=1"
echo "nginx on 127.0.0.1:${nginx_port} -> ratewise HTTP check on 127.0.0.1:${http_port}"
echo "ab: ${requests} requests per tier, concurrency ${concurrency}, ${url}"
for pair in ${TIER_KEYS}; do
  ab_statuses "${pair%%=*}" "${pair#*=}" "${url}" "${requests}" "${concurrency}"
done | print_status_table
