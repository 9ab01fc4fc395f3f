# Shared by the load scripts in this folder; source it, do not run it.

# The tier label and API key of one caller per tier, from the bundled
# ratewise config. An empty key sends no x-api-key header (anonymous).
# Override with TIER_KEYS="label=key label=key ...".
TIER_KEYS="${TIER_KEYS:-enterprise=ent-acme-key professional=pro-initech-key free=free-alice-key anonymous=}"

# Reads "label status" lines on stdin and prints a table of 200s, 429s and
# other statuses per label, in the order the labels first appear.
print_status_table() {
  awk '
    {
      if (!($1 in seen)) { seen[$1] = 1; order[++labels] = $1 }
      total[$1]++
      if ($2 == 200) ok[$1]++
      else if ($2 == 429) limited[$1]++
      else other[$1]++
    }
    END {
      printf "%-14s %8s %8s %8s %8s\n", "tier", "200", "429", "other", "total"
      for (i = 1; i <= labels; i++) {
        label = order[i]
        printf "%-14s %8d %8d %8d %8d\n", label, ok[label], limited[label], other[label], total[label]
      }
    }'
}

# Prints a TCP port on 127.0.0.1 that nothing listens on now. Another
# process may still take it before the caller binds it.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "${port}"
      return 0
    fi
  done
  echo "no free port found on 127.0.0.1" >&2
  return 1
}

# Waits up to $2 seconds until "curl $1" succeeds.
wait_for_url() {
  local url="$1" seconds="$2"
  for _ in $(seq 1 $(( seconds * 5 ))); do
    if curl -fs -o /dev/null "${url}"; then
      return 0
    fi
    sleep 0.2
  done
  echo "timed out after ${seconds} s waiting for ${url}" >&2
  return 1
}

# Waits up to $2 seconds until something listens on 127.0.0.1:$1.
wait_for_port() {
  local port="$1" seconds="$2"
  for _ in $(seq 1 $(( seconds * 5 ))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "timed out after ${seconds} s waiting for 127.0.0.1:${port}" >&2
  return 1
}

# Runs ab once for a tier and prints "label status" for every response.
# ab -v 2 prints each response's header block after "LOG: header received:".
ab_statuses() {
  local label="$1" key="$2" url="$3" requests="$4" concurrency="$5"
  local headers=(-H "x-loadtest-run: ${label}")
  if [[ -n "${key}" ]]; then
    headers+=(-H "x-api-key: ${key}")
  fi
  ab -v 2 -n "${requests}" -c "${concurrency}" "${headers[@]}" "${url}" 2>/dev/null \
    | awk -v label="${label}" '/^LOG: header received:/ { getline; print label, $2 }'
}
