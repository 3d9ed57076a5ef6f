#!/usr/bin/env bash
# make dist: the release artifacts, under dist/ (never committed).
#
#   dist/npm/docseek/             the npm launcher package (generated from npm/)
#   dist/npm/PLATFORM/            docseek binary + models/NAME (float16 weights) + LICENSE.model + NOTICE
#   dist/npm/*.tgz                `npm pack` of each package, what a release publishes
#   dist/docseek-VERSION-PLATFORM.tar.gz   the same platform folders as archives
#   dist/SHA256SUMS               sha256 of every archive, npm tarball and binary
#
# Environment: VERSION (semver, required), DIST_PLATFORMS ("all", "host", or
# a space-separated list such as "linux-x64 darwin-arm64"), BIN (a docseek
# built for this machine, used to fetch the model), GO, COMMIT and
# SOURCE_DATE_EPOCH (default: HEAD's hash and time).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
BIN=${BIN:-bin/docseek}
OUT=dist
VERSION=${VERSION:?set VERSION, e.g. VERSION=0.1.0}
# COMMIT and SOURCE_DATE_EPOCH may be given (make dist-repro builds copies
# of the tree that have no .git).
COMMIT=${COMMIT:-$(git rev-parse HEAD)}
# Archives take their timestamps from the commit, so a rebuild is identical.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
export SOURCE_DATE_EPOCH
ALL="linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64"
# The Apache-2.0 text of the model's licence, from Debian's base-files.
APACHE=${APACHE_LICENSE:-/usr/share/common-licenses/Apache-2.0}

host() {
  local os arch
  os=$($GO env GOOS) arch=$($GO env GOARCH)
  case "$os" in windows) os=win32 ;; esac
  case "$arch" in amd64) arch=x64 ;; esac
  echo "$os-$arch"
}

case "${DIST_PLATFORMS:-all}" in
  all) platforms=$ALL ;;
  host) platforms=$(host) ;;
  *) platforms=$DIST_PLATFORMS ;;
esac
for p in $platforms; do
  [[ " $ALL " == *" $p "* ]] || { echo "dist: unknown platform $p (known: $ALL)" >&2; exit 2; }
done
[[ -r $APACHE ]] || { echo "dist: no Apache-2.0 licence text at $APACHE (Debian's base-files has it; set APACHE_LICENSE)" >&2; exit 1; }

# The model, fetched the way `make data` does (into the data dir, once).
"$BIN" model fetch >/dev/null
info=$("$BIN" model info --json)
field() { node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(String(v[process.argv[1]]))' "$1" <<<"$info"; }
model_dir=$(field dir) model=$(field model) model_id=$(field id)
wheel="$(field package)==$(field version)" wheel_sha=$(field wheel_sha256)
docs_version=$("$BIN" version --json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0,"utf8")).default_docs_version)')

rm -rf "$OUT"
mkdir -p "$OUT/npm"
# The shipped model: the fetched one with float16 weights (half the size;
# vectors within cosine 0.9999 of float32, see README). Converted once,
# copied into every platform folder.
half=$OUT/.model-float16
"$BIN" model float16 --model-dir "$model_dir" --out "$half" >/dev/null
for p in $platforms; do
  os=${p%-*} arch=${p#*-}
  goos=$os goarch=$arch exe=docseek exp=
  [[ $os == win32 ]] && goos=windows exe=docseek.exe
  [[ $arch == x64 ]] && goarch=amd64 exp=simd # the AVX2/FMA kernels; others are portable
  dir=$OUT/npm/$p
  mkdir -p "$dir/models"
  echo "dist: $p ($goos/$goarch${exp:+, GOEXPERIMENT=$exp})" >&2
  CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch GOEXPERIMENT=$exp \
    $GO build -trimpath -buildvcs=false \
    -ldflags "-s -w -buildid= -X main.version=$VERSION -X main.commit=$COMMIT" \
    -o "$dir/$exe" ./cmd/docseek
  cp -R "$half" "$dir/models/$model"
  cp "$APACHE" "$dir/LICENSE.model"
  cat >"$dir/NOTICE" <<NOTICE
docseek $VERSION ($COMMIT) for $p

models/$model is the embedding model $model_id
(https://huggingface.co/$model_id), licensed under the Apache License,
Version 2.0 (LICENSE.model). Its files are taken from the PyPI package
$wheel (wheel sha256 $wheel_sha), which redistributes them. They are
unmodified except model.safetensors, whose float32 weights docseek converted
to float16 (\`docseek model float16\`); models/$model/.docseek-model.json
lists each file's sha256 and, under float16_of, the original weights'.
NOTICE
done
rm -rf "$half"

node npm/generate.js "$VERSION" "$docs_version" "$OUT/npm" $platforms

for d in docseek $platforms; do
  (cd "$OUT/npm" && npm pack "./$d" --pack-destination . --silent >/dev/null)
done
for p in $platforms; do
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    --exclude=package.json --exclude=README.md \
    --transform "s,^$p,docseek-$VERSION-$p," -C "$OUT/npm" -cf - "$p" | gzip -n >"$OUT/docseek-$VERSION-$p.tar.gz"
done

(cd "$OUT" && find . -maxdepth 1 -name '*.tar.gz' && find npm -maxdepth 1 -name '*.tgz' && find npm -mindepth 2 -maxdepth 2 -name 'docseek*' -type f) |
  sed 's,^\./,,' | LC_ALL=C sort | (cd "$OUT" && xargs sha256sum) >"$OUT/SHA256SUMS"
echo "dist: $(wc -l <"$OUT/SHA256SUMS") artifacts in $OUT/SHA256SUMS" >&2
