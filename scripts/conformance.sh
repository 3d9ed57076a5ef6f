#!/usr/bin/env bash
# Runs the official MCP conformance suite (and an MCP Inspector CLI smoke
# check) against `docseek serve --http` on loopback.
#
# The suite's scenarios that need the reference server's fixtures (tools
# named test_*, test:// resources, prompts, sampling, elicitation) cannot pass
# against a docs server; they are listed, with the reason, in
# scripts/conformance-baseline.yml. The suite fails on any other failure and
# on a baseline entry that starts passing.
#
# The suite needs Node 22; npm installs it (the node@22 package) with the
# suite and the Inspector into a prefix under the data dir, once.
set -euo pipefail

BIN=${BIN:-bin/docseek}
DATA=${DOCSEEK_DATA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/docseek}
PREFIX=$DATA/tools/mcp-conformance-0.1.16
BASELINE=$(cd "$(dirname "$0")" && pwd)/conformance-baseline.yml

if [ ! -x "$PREFIX/node_modules/.bin/conformance" ] || [ ! -x "$PREFIX/node_modules/.bin/mcp-inspector" ] || [ ! -x "$PREFIX/node_modules/.bin/node" ]; then
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error \
    node@22 @modelcontextprotocol/conformance@0.1.16 @modelcontextprotocol/inspector@0.15.0 >&2
fi
export PATH=$PREFIX/node_modules/.bin:$PATH
echo "conformance: node $(node --version)" >&2

# A free loopback port.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$(mktemp)
OUT=$(mktemp -d)
"$BIN" serve --http "127.0.0.1:$PORT" --no-ui 2>"$LOG" &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$LOG" "$OUT"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; echo "conformance: docseek serve exited" >&2; exit 1; }
  sleep 0.1
done

conformance server --url "http://127.0.0.1:$PORT/mcp" --expected-failures "$BASELINE" -o "$OUT"

# The Inspector CLI over stdio: the tools an agent sees, and one semantic answer.
tools=$(mcp-inspector --cli "$BIN" serve --method tools/list)
for t in ask fetch list changelog workos_search workos_docs workos_changelogs workos_examples; do
  grep -q "\"name\": \"$t\"" <<<"$tools" || { echo "conformance: Inspector sees no tool $t" >&2; exit 1; }
done
answer=$(mcp-inspector --cli "$BIN" serve --method tools/call --tool-name ask --tool-arg 'question=how do I invite a user to an organization?')
grep -q '(hybrid search)' <<<"$answer" && grep -q 'authkit/invitations' <<<"$answer" || {
  echo "conformance: Inspector's ask gave no semantic answer naming authkit/invitations:" >&2; head -c 2000 <<<"$answer" >&2; exit 1; }
grep -q '"isError": true' <<<"$answer" && { echo "conformance: Inspector's ask returned an error" >&2; exit 1; }
echo "conformance: Inspector CLI ok (8 tools, ask answered)" >&2
