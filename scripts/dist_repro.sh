#!/usr/bin/env bash
# make dist-repro: build the release artifacts twice, from two copies of the
# source tree in different temporary folders (the second with an empty Go
# build cache, so every package is compiled again), and compare their
# SHA256SUMS. Any difference is a reproducibility bug: the differing files
# are named and the script fails.
#
# Environment: VERSION (required), DIST_PLATFORMS (default "host"), BIN (a
# docseek built for this machine; it finds the model), GO, KEEP=1 to keep
# the temporary folders.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
BIN=$(realpath "${BIN:-bin/docseek}")
VERSION=${VERSION:?set VERSION, e.g. VERSION=0.1.0}
# The copies have no .git: the commit and its time come from here.
COMMIT=$(git rev-parse HEAD)
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
export COMMIT SOURCE_DATE_EPOCH VERSION GO BIN
export DIST_PLATFORMS=${DIST_PLATFORMS:-host}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/docseek-repro.XXXXXX")
[[ ${KEEP:-} == 1 ]] || trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

for side in a b; do
  src=$tmp/$side/src-$side # different depths and names: -trimpath must hide them
  mkdir -p "$src"
  git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$src"
  env=()
  [[ $side == b ]] && env=(GOCACHE="$tmp/b/gocache")
  echo "dist-repro: build $side in $src${env:+ (empty build cache)}" >&2
  (cd "$src" && env "${env[@]}" scripts/dist.sh)
done

a=$tmp/a/src-a/dist b=$tmp/b/src-b/dist
if cmp -s "$a/SHA256SUMS" "$b/SHA256SUMS"; then
  echo "dist-repro: identical, $(wc -l <"$a/SHA256SUMS") artifacts:" >&2
  cat "$a/SHA256SUMS" >&2
  exit 0
fi
echo "dist-repro: the two builds differ:" >&2
diff "$a/SHA256SUMS" "$b/SHA256SUMS" >&2 || true
(cd "$a" && find . -type f | LC_ALL=C sort) | while read -r f; do
  cmp -s "$a/$f" "$b/$f" || echo "  differs: $f" >&2
done
exit 1
