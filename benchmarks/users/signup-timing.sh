#!/usr/bin/env bash
# Prints how long sign-ups take for fresh e-mails and for an e-mail that already has an account, against a
# running users-service, so the "no user enumeration by timing" decision can be checked with figures.
# Usage: benchmarks/users/signup-timing.sh [BASE_URL (http://127.0.0.1:9001)] [N per kind (30)]
# Needs curl. Creates N+1 accounts named bench-*@bench.skyport.test in whatever tables the service uses.
set -euo pipefail
base="${1:-http://127.0.0.1:9001}"
n="${2:-30}"
run="$(date +%s)-$$"
password="bench passphrase $run"

signup() { # $1 = e-mail; prints the total time in ms and checks the status
  local out
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$password\",\"name\":\"Bench\"}" "$base/api/users")
  [[ "${out%% *}" == 202 ]] || { echo "sign-up answered ${out%% *}" >&2; exit 1; }
  awk -v t="${out#* }" 'BEGIN { printf "%.1f\n", t * 1000 }'
}

stats() { # reads ms values, prints min median p90 max mean
  sort -n | awk '{ v[NR] = $1; s += $1 } END {
    printf "min %.1f  median %.1f  p90 %.1f  max %.1f  mean %.1f ms (n=%d)\n",
      v[1], v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)], v[NR], s / NR, NR }'
}

taken="bench-taken-$run@bench.skyport.test"
signup "$taken" >/dev/null
for i in 1 2 3 4 5; do signup "bench-warm-$run-$i@bench.skyport.test" >/dev/null; signup "$taken" >/dev/null; done

fresh=() dup=()
for ((i = 0; i < n; i++)); do   # interleaved, so load changes hit both kinds alike
  fresh+=("$(signup "bench-$run-$i@bench.skyport.test")")
  dup+=("$(signup "$taken")")
done
echo "users-service sign-up timing against $base ($n each, interleaved, sequential)"
printf 'fresh e-mail:     '; printf '%s\n' "${fresh[@]}" | stats
printf 'e-mail taken:     '; printf '%s\n' "${dup[@]}" | stats
