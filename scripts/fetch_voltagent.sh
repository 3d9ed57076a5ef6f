#!/usr/bin/env bash
# Fetches the VoltAgent docs, a Docusaurus docs set we never tuned on: the
# npm package @voltagent/docs-mcp@2.0.3 ships them as 129 .md/.mdx files in
# docs/ (frontmatter slugs and ids, sidebar_label, `:::tip` admonitions,
# <Tabs>/<TabItem> from @theme/, HTML comments). `npm pack` downloads the
# tarball into WORK, its sha512 is checked against the pin below, and it is
# extracted there; nothing is committed. Prints the docs folder. Used by
# scripts/eval_voltagent.sh.
#
# usage: scripts/fetch_voltagent.sh WORK
set -euo pipefail

PKG=@voltagent/docs-mcp@2.0.3
INTEGRITY=sha512-9KxGs1yJf6TVXTFzludTEBL5mKLu1H+Y0bIsnpZbHywFHAXdjxHLpQ/WLQDp8hkZPHtky4UFcaEstKdVODrpuA==
WORK=${1:?usage: fetch_voltagent.sh WORK}
DIR=$WORK/voltagent

mkdir -p "$DIR"
if [ "$(cat "$DIR/.integrity" 2>/dev/null)" != "$INTEGRITY" ]; then
	rm -rf "$DIR/package" "$DIR/.integrity"
	tgz=$(cd "$DIR" && npm pack --silent "$PKG" | tail -n 1)
	got=sha512-$(openssl dgst -sha512 -binary "$DIR/$tgz" | base64 -w0)
	if [ "$got" != "$INTEGRITY" ]; then
		echo "fetch_voltagent: $tgz: integrity $got, want $INTEGRITY" >&2
		exit 1
	fi
	tar -xzf "$DIR/$tgz" -C "$DIR" package/docs
	rm -f "$DIR/$tgz"
	echo "$INTEGRITY" >"$DIR/.integrity"
fi
echo "$DIR/package/docs"
