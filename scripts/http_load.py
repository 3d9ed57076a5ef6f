#!/usr/bin/env python3
"""Load docseek's streamable HTTP endpoint with concurrent MCP clients.

Starts `docseek serve --http 127.0.0.1:PORT` (loopback only; the real model
unless extra serve flags say otherwise), waits for /healthz to say the
semantic index is ready, then runs C clients that each call `ask` with eval
questions in a loop for D seconds (bounded in time and count). Reports calls,
errors (HTTP status, JSON-RPC error or isError), throughput, p50/p95/p99
latency and the server's peak RSS (VmHWM).

Usage: scripts/http_load.py [--bin bin/docseek] [-c 50] [-d 60] [--port 18790]
                            [--questions eval/workos-0.2.0.jsonl] [-- extra serve flags]
Stdlib only.
"""
import argparse, json, os, subprocess, sys, threading, time, urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="bin/docseek")
    ap.add_argument("-c", type=int, default=50, help="concurrent clients")
    ap.add_argument("-d", type=float, default=60, help="seconds of load")
    ap.add_argument("--max-calls", type=int, default=200000, help="stop after this many calls")
    ap.add_argument("--port", type=int, default=18790)
    ap.add_argument("--questions", default="eval/workos-0.2.0.jsonl")
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    qs = [json.loads(l)["query"] for l in open(a.questions) if l.strip()]
    base = f"http://127.0.0.1:{a.port}"
    p = subprocess.Popen([a.bin, "serve", "--http", f"127.0.0.1:{a.port}", *a.extra],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        wait_ready(base, p)
        run(a, qs, base, p)
    finally:
        p.terminate()
        p.wait(timeout=15)


def wait_ready(base, p, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        if p.poll() is not None:
            sys.exit("server exited before it was ready")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                body = r.read().decode()
                if r.status == 200 and "loading" not in body and "keyword" not in body:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("server not ready after %ds" % timeout)


def call(base, i, q):
    body = json.dumps({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                       "params": {"name": "ask", "arguments": {"question": q}}}).encode()
    req = urllib.request.Request(base + "/mcp", data=body, method="POST", headers={
        "Content-Type": "application/json",
        "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2025-06-18"})
    with urllib.request.urlopen(req, timeout=60) as r:
        text = r.read().decode()
    # A JSON body, or server-sent events whose data lines carry the reply.
    for line in [text] + [l[5:] for l in text.splitlines() if l.startswith("data:")]:
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("id") == i:
            return "error" not in msg and not msg.get("result", {}).get("isError")
    return False


def run(a, qs, base, p):
    lat, errs, lock = [], [0], threading.Lock()
    counter = [0]
    end = time.time() + a.d

    def client(c):
        n = 0
        while time.time() < end:
            with lock:
                if counter[0] >= a.max_calls:
                    return
                counter[0] += 1
                i = counter[0]
            q = qs[(c * 7919 + n) % len(qs)]
            n += 1
            t0 = time.perf_counter()
            try:
                ok = call(base, i, q)
            except Exception:
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                lat.append(dt)
                if not ok:
                    errs[0] += 1

    t0 = time.perf_counter()
    ts = [threading.Thread(target=client, args=(c,)) for c in range(a.c)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    pct = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] * 1000
    hwm = ""
    try:
        for l in open(f"/proc/{p.pid}/status"):
            if l.startswith("VmHWM"):
                hwm = l.split(":", 1)[1].strip()
    except OSError:
        pass
    load = open("/proc/loadavg").read().split()[:3]
    print(f"{a.c} clients, {wall:.0f} s: {len(lat)} calls, {errs[0]} errors, "
          f"{len(lat) / wall:.1f} calls/s, p50 {pct(.5):.0f} ms, p95 {pct(.95):.0f} ms, "
          f"p99 {pct(.99):.0f} ms, server peak RSS {hwm}, load average {' '.join(load)}")
    if errs[0]:
        sys.exit(1)


if __name__ == "__main__":
    main()
