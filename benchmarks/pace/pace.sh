#!/usr/bin/env bash
# Builds benchmarks/pace/pace.c with the system C compiler (cc or gcc: Debian's build-essential) into benchmarks/pace/target/pace
# when it is missing or older than the source, then runs it with the given arguments (see pace.c).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$here/target/pace"
if [[ ! -x "$binary" || "$here/pace.c" -nt "$binary" ]]; then
  compiler=$(command -v cc || command -v gcc || true)
  [[ -n "$compiler" ]] || { echo "benchmarks/pace/pace.sh: no C compiler (apt-get install build-essential)" >&2; exit 2; }
  mkdir -p "$here/target"
  "$compiler" -O2 -Wall -Wextra -o "$binary" "$here/pace.c"
fi
exec "$binary" "$@"
