#!/usr/bin/env python3
"""Measure docseek over MCP stdio the way an agent uses it.

Starts `docseek serve` (stdio), and reports:
  - first answer: seconds from process start to the first `ask` result
    (initialize + tools/call, sent at once, as a client does), and to the
    first hybrid one (the server answers by keywords while vectors load);
  - ask latency p50/p95 over N questions from an eval file (one at a time);
  - resident memory: the server's peak RSS (VmHWM) and current RSS (VmRSS).

Usage: scripts/stdio_latency.py [--bin bin/docseek] [--questions eval/workos-0.2.0.jsonl]
                                [-n 100] [-- extra serve flags]
Stdlib only.
"""
import argparse, json, os, subprocess, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="bin/docseek")
    ap.add_argument("--questions", default="eval/workos-0.2.0.jsonl")
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--k", type=int, default=8)
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    qs = [json.loads(l)["query"] for l in open(a.questions) if l.strip()][: a.n]

    t0 = time.perf_counter()
    p = subprocess.Popen([a.bin, "serve", *a.extra], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    def send(obj):
        p.stdin.write((json.dumps(obj) + "\n").encode()); p.stdin.flush()
    def recv(want_id):
        while True:
            line = p.stdout.readline()
            if not line:
                sys.exit("server closed stdout")
            msg = json.loads(line)
            if msg.get("id") == want_id:
                return msg
    def ask(i, q, loading_ok=False):
        send({"jsonrpc": "2.0", "id": i, "method": "tools/call",
              "params": {"name": "ask", "arguments": {"question": q, "k": a.k}}})
        m = recv(i)
        if "error" in m or m["result"].get("isError"):
            if loading_ok and still_loading(m):
                return None
            sys.exit(f"ask failed: {m}")
        return m
    def still_loading(m):
        return any("still loading" in c.get("text", "") for c in m.get("result", {}).get("content", []))

    send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "stdio_latency", "version": "1"}}})
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    def keywords_only(m):
        return any("keywords only" in c.get("text", "") for c in m["result"].get("content", []))
    i = 1
    first = ask(i, "how do I invite someone to an organization", loading_ok=True)
    while first is None:  # no index at all yet: the server says the docs are still loading
        time.sleep(0.02); i += 1; first = ask(i, "how do I invite someone to an organization", loading_ok=True)
    t_first = time.perf_counter() - t0
    full, i = first, i + 1
    while keywords_only(full):  # the full (hybrid) index is still loading
        time.sleep(0.02); full = ask(i, "how do I invite someone to an organization"); i += 1
    t_full = time.perf_counter() - t0

    lat = []
    for i, q in enumerate(qs):
        s = time.perf_counter(); ask(100 + i, q); lat.append((time.perf_counter() - s) * 1000)
    lat.sort()
    pct = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))]
    status = open(f"/proc/{p.pid}/status").read()
    mem = {l.split(":")[0]: l.split(":")[1].strip() for l in status.splitlines() if l.startswith(("VmHWM", "VmRSS"))}
    p.stdin.close(); p.wait(timeout=10)
    print(f"first answer after start: {t_first:.2f} s; first hybrid answer: {t_full:.2f} s")
    print(f"ask over stdio, {len(lat)} questions, k={a.k}: p50 {pct(0.5):.1f} ms, p95 {pct(0.95):.1f} ms")
    print(f"server memory: peak RSS {mem.get('VmHWM')}, RSS {mem.get('VmRSS')}")


if __name__ == "__main__":
    main()
