#!/usr/bin/env bash
# Retrieval quality on a Docusaurus docs set we never tuned on: the
# VoltAgent docs (scripts/fetch_voltagent.sh), with our 30 questions
# (eval/voltagent.jsonl). Prints docseek eval's markdown report for lexical,
# vector and hybrid search. The chunks are embedded on the first run (about
# 2 minutes on 2 shared cores) and stored in the data dir. Exits 1 when a
# question names a page or heading the docs do not have.
#
# usage: scripts/eval_voltagent.sh [docseek eval flags, e.g. --json or --report FILE.md]
# env:   BIN   docseek binary (default bin/docseek; `make build`)
#        WORK  folder for the package (default $TMPDIR/docseek-libraries)
#        plus what docseek reads (DOCSEEK_DATA_DIR, ...)
set -euo pipefail

BIN=${BIN:-bin/docseek}
WORK=${WORK:-${TMPDIR:-/tmp}/docseek-libraries}
HERE=$(cd "$(dirname "$0")" && pwd)
DOCS=$("$HERE/fetch_voltagent.sh" "$WORK")

mkdir -p "$WORK"
"$BIN" eval --library "voltagent=$DOCS,base=https://voltagent.dev/docs" --questions "$HERE/../eval/voltagent.jsonl" \
	--modes lexical,vector,hybrid "$@" 2>"$WORK/eval-voltagent.log"
if grep 'question does not match the corpus' "$WORK/eval-voltagent.log" >&2; then
	exit 1
fi
