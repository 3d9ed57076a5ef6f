#!/usr/bin/env bash
# Retrieval across libraries (issue 10): each question set is scored on its
# own library, searched alone and then with other libraries served beside it
# (docseek eval --search-all). Prints one markdown table: hybrid page
# Recall@5 / MRR@10, how many questions got another library's page in
# their top 5, how many got it first (and how many of those answers hinted
# that several libraries match, naming theirs), and how many answers hinted.
#
# The third-party library is the Mastra reference docs as shipped in the npm
# package @mastra/mcp-docs-server@1.2.27 (folder .docs/reference), fetched
# with `npm pack` into WORK and never committed; its 24 questions are ours
# (eval/mastra-reference.jsonl). Its vectors are embedded on the first run
# (about 40 s on an idle 2-core machine) and stored in the data dir.
# The second is the Vercel AI SDK docs (npm package ai, pinned and checked by
# scripts/fetch_ai_sdk.sh), with our 40 questions (eval/ai-sdk.jsonl); its
# 3,500 chunks take 2-3 minutes to embed on the first run.
#
# usage: scripts/eval_libraries.sh
# env:   BIN   docseek binary (default bin/docseek; `make build`)
#        WORK  folder for the Mastra package (default $TMPDIR/docseek-libraries)
#        plus what docseek reads (DOCSEEK_DATA_DIR, ...)
set -euo pipefail

BIN=${BIN:-bin/docseek}
WORK=${WORK:-${TMPDIR:-/tmp}/docseek-libraries}
PKG=@mastra/mcp-docs-server@1.2.27
EVAL=$(cd "$(dirname "$0")/../eval" && pwd)

mkdir -p "$WORK"
MASTRA=$WORK/package/.docs/reference
if [ ! -d "$MASTRA" ]; then
	tgz=$(cd "$WORK" && npm pack --silent "$PKG" | tail -n 1)
	tar -xzf "$WORK/$tgz" -C "$WORK"
fi

# The folders left out answer agent, memory and model questions at length
# and hold most of the package's pages (README, "Several libraries").
EXCLUDE='"evals/**", "observability/**", "tools/**", "migrations/**", "agents/**", "processors/**", "vectors/**", "memory/**", "workspace/**", "voice/**", "rag/**", "client-js/**", "streaming/**"'
mastra() {
	printf '  - name: mastra\n    dir: %s\n    base_url: https://mastra.ai/reference\n    exclude: [%s]\n' "$MASTRA" "$EXCLUDE"
}
workos() { printf '  - name: workos\n    version: %s\n' "$1"; }
AISDK=$("$(dirname "$0")/fetch_ai_sdk.sh" "$WORK")
aisdk() {
	printf '  - name: ai-sdk\n    dir: %s\n    base_url: https://ai-sdk.dev/docs\n' "$AISDK"
}

# run LABEL QUESTIONS LIBRARY... : the first library is the questions' one
# (eval --search-all scores the first configured library).
run() {
	local label=$1 questions=$2 conf=$WORK/config.yaml
	shift 2
	{
		echo "libraries:"
		for l in "$@"; do
			case $l in
			mastra) mastra ;;
			ai-sdk) aisdk ;;
			*) workos "$l" ;;
			esac
		done
	} >"$conf"
	local all=()
	[ $# -gt 1 ] && all=(--search-all)
	"$BIN" eval --config "$conf" --questions "$questions" --modes hybrid "${all[@]}" --json \
		2>"$WORK/eval.log" >"$WORK/eval.json"
	python3 - "$label" "$WORK/eval.json" <<'EOF'
import json, sys
label, path = sys.argv[1:]
rep = json.load(open(path))
p = rep["modes"]["hybrid"]["page"]
st = rep.get("search_all", {}).get("hybrid")
if st:
    cols = ("%d of %d" % (st["touched"], st["questions"]),
            "%d (%d hinted)" % (st["first"], st["first_hinted"]), str(st["hinted"]))
else:
    cols = ("-", "-", "-")
print("| %s | %.3f | %.3f | %s | %s | %s |" % ((label, p["recall@5"], p["mrr@10"]) + cols))
EOF
}

echo "| questions, libraries searched | Recall@5 | MRR@10 | another library in the top 5 | another library first (hinted) | hint shown |"
echo "| --- | ---: | ---: | --- | --- | --- |"
for set in workos-0.2.0 workos-0.2.0-holdout; do
	q=$EVAL/$set.jsonl
	run "$set, 0.2.0 alone" "$q" 0.2.0
	run "$set, 0.2.0 + Mastra" "$q" 0.2.0 mastra
	run "$set, 0.2.0 + 0.1.0" "$q" 0.2.0 0.1.0
	run "$set, 0.2.0 + 0.1.0 + Mastra" "$q" 0.2.0 0.1.0 mastra
	run "$set, 0.2.0 + AI SDK" "$q" 0.2.0 ai-sdk
done
q=$EVAL/workos-0.1.0.jsonl
run "workos-0.1.0, 0.1.0 alone" "$q" 0.1.0
run "workos-0.1.0, 0.1.0 + Mastra" "$q" 0.1.0 mastra
run "workos-0.1.0, 0.1.0 + 0.2.0" "$q" 0.1.0 0.2.0
q=$EVAL/mastra-reference.jsonl
run "mastra-reference, Mastra alone" "$q" mastra
run "mastra-reference, Mastra + 0.2.0" "$q" mastra 0.2.0
run "mastra-reference, Mastra + 0.2.0 + 0.1.0" "$q" mastra 0.2.0 0.1.0
run "mastra-reference, Mastra + AI SDK" "$q" mastra ai-sdk
q=$EVAL/ai-sdk.jsonl
run "ai-sdk, AI SDK alone" "$q" ai-sdk
run "ai-sdk, AI SDK + 0.2.0" "$q" ai-sdk 0.2.0
run "ai-sdk, AI SDK + Mastra" "$q" ai-sdk mastra
run "ai-sdk, AI SDK + 0.2.0 + 0.1.0 + Mastra" "$q" ai-sdk 0.2.0 0.1.0 mastra
