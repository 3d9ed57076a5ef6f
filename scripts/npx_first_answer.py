#!/usr/bin/env python3
"""Time from starting `npx --prefix PREFIX docseek serve` to its first semantic answer.

PREFIX holds docseek installed from the dist packages (npm install --prefix PREFIX
dist/npm/docseek-V.tgz dist/npm/docseek-PLATFORM-V.tgz). Each run starts the command
with an empty HOME, sends initialize and an `ask` at once (as a client does), and
reports the seconds until the answer and its ranking mode ("hybrid" is semantic;
"lexical" would mean the keyword fallback answered). With --direct BIN, runs of the
binary itself (same environment) are interleaved for comparison.

Usage: scripts/npx_first_answer.py PREFIX [-n 5] [--direct PREFIX/node_modules/@docseek/linux-x64/docseek]
Stdlib only.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

QUESTION = "how do I invite a user to an organization?"


def first_answer(argv, env):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env)
    msgs = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "npx-first-answer", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
         "params": {"name": "ask", "arguments": {"question": QUESTION}}},
    ]
    p.stdin.write("".join(json.dumps(m) + "\n" for m in msgs).encode())
    p.stdin.flush()
    while True:
        line = p.stdout.readline()
        if not line:
            sys.exit("server closed stdout")
        msg = json.loads(line)
        if msg.get("id") == 2:
            break
    took = time.perf_counter() - t0
    p.stdin.close()
    p.wait(timeout=30)
    sc = msg["result"].get("structuredContent", {})
    return took, sc.get("mode"), len(sc.get("results", []))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("prefix")
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--direct", help="also time this binary, interleaved")
    a = ap.parse_args()
    bindir = tempfile.mkdtemp()
    for name in ("node", "npm", "npx", "sh"):
        os.symlink(os.path.realpath(subprocess.check_output(["sh", "-c", "command -v " + name], text=True).strip()),
                   os.path.join(bindir, name))
    runs = {"npx": [], "direct": []}
    for _ in range(a.n):
        env = {"HOME": tempfile.mkdtemp(), "PATH": bindir, "LANG": "C.UTF-8"}
        t, mode, n = first_answer(["npx", "--prefix", a.prefix, "docseek", "serve"], env)
        print(f"npx     {t:.3f} s  mode {mode}  {n} results")
        runs["npx"].append(t)
        if a.direct:
            pkg = os.path.dirname(a.direct)
            env["DOCSEEK_MODEL_DIR"] = os.path.join(pkg, "models", "all-MiniLM-L6-v2")
            env["DOCSEEK_DOCS_PACKAGE"] = os.path.join(a.prefix, "node_modules", "@workos", "mcp-docs-server")
            t, mode, n = first_answer([a.direct, "serve"], env)
            print(f"direct  {t:.3f} s  mode {mode}  {n} results")
            runs["direct"].append(t)
    for k, v in runs.items():
        if v:
            print(f"{k:7s} median {statistics.median(v):.3f} s  min {min(v):.3f}  max {max(v):.3f}  (n={len(v)})")


if __name__ == "__main__":
    main()
