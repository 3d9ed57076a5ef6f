#!/usr/bin/env bash
# Runs every fuzz target of the module for a fixed number of executions.
#
# Execution counts (-fuzztime Nx), not durations: with a duration, Go 1.26's
# fuzz coordinator can report a spurious "context deadline exceeded" failure
# when the deadline fires while a worker is busy (go.dev/issue/75804, fixed in
# Go 1.27), which a loaded 2-core CI machine hits. A count has no deadline.
#
# SCALE multiplies every budget (make fuzz uses a larger one).
set -euo pipefail
scale=${SCALE:-1}
budget() { # target -> executions at SCALE=1 (about 5-15 s each on 2 cores)
  case "$1" in
    FuzzExtractModel) echo 2000 ;;     # builds a zip per input
    FuzzChunk) echo 5000 ;;            # goldmark parse + chunking per input
    FuzzMarkdown) echo 5000 ;;         # two goldmark renderings per input
    FuzzReadBundle|FuzzReadQuestions) echo 20000 ;;
    *) echo 50000 ;;
  esac
}
for pkg in $(go list ./...); do
  for t in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    n=$(( $(budget "$t") * scale ))
    echo "fuzz $pkg $t (${n} execs)"
    go test -run '^$' -fuzz "^${t}\$" -fuzztime "${n}x" "$pkg"
  done
done
