#!/usr/bin/env bash
# Fetches the Vercel AI SDK docs, a third-party docs set we never tuned on:
# the npm package ai@6.0.333 ships them as 238 .mdx files in docs/
# (numbered folders, frontmatter, MDX components such as <PropertiesTable>).
# `npm pack` downloads the tarball into WORK, its sha512 is checked against
# the pin below, and it is extracted there; nothing is committed. Prints the
# docs folder. Used by scripts/eval_ai_sdk.sh and scripts/eval_libraries.sh.
#
# usage: scripts/fetch_ai_sdk.sh WORK
set -euo pipefail

PKG=ai@6.0.333
INTEGRITY=sha512-mY+EpkQtTRHHJZ6CaKKJETsYmAEITKKPKmVY+FhJGUjDaLLl7CaF2Qgv8ShGN4eZgSSHbi34yfWx71QvQgKyOQ==
WORK=${1:?usage: fetch_ai_sdk.sh WORK}
DIR=$WORK/ai-sdk

mkdir -p "$DIR"
if [ "$(cat "$DIR/.integrity" 2>/dev/null)" != "$INTEGRITY" ]; then
	rm -rf "$DIR/package" "$DIR/.integrity"
	tgz=$(cd "$DIR" && npm pack --silent "$PKG" | tail -n 1)
	got=sha512-$(openssl dgst -sha512 -binary "$DIR/$tgz" | base64 -w0)
	if [ "$got" != "$INTEGRITY" ]; then
		echo "fetch_ai_sdk: $tgz: integrity $got, want $INTEGRITY" >&2
		exit 1
	fi
	tar -xzf "$DIR/$tgz" -C "$DIR" package/docs
	rm -f "$DIR/$tgz"
	echo "$INTEGRITY" >"$DIR/.integrity"
fi
echo "$DIR/package/docs"
