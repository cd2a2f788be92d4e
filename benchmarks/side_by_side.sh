#!/usr/bin/env bash
# ws_load.py on two versions of the server, alternated in one session so both see the same machine:
#   bash benchmarks/side_by_side.sh REV [ROUNDS] [ws_load options...]
#   bash benchmarks/side_by_side.sh 2b1a546 2 --clients 1 --capacity 50 --seconds 20
# REV is checked out into a temporary git worktree; its backend/ goes first on PYTHONPATH for its runs
# (the benchmark script itself is this checkout's). Each run prints its own calibration: compare those too.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: side_by_side.sh REV [ROUNDS] [ws_load options...]}
rounds=${2:-2}
shift $(( $# >= 2 ? 2 : 1 ))
tree=$(mktemp -d)/before
git worktree add -q --detach "$tree" "$rev"
trap 'git worktree remove --force "$tree"' EXIT
for round in $(seq 1 "$rounds"); do
  for side in "$rev" HEAD; do
    echo "=== $side, round $round, $(date +%T)"
    if [ "$side" = HEAD ]; then
      python benchmarks/ws_load.py "$@"
    else
      PYTHONPATH="$tree/backend" python benchmarks/ws_load.py "$@"
    fi
  done
done
