#!/usr/bin/env python3
"""Time the reference encoder (sentence-transformers on CPU) on the texts of
embed/bert/testdata/bench_texts.json, the same ones BenchmarkQuery and
BenchmarkBulk use, and print tokens/s and, given our numbers, the ratio.

    GOEXPERIMENT=simd go test ./embed/bert -run '^$' -bench 'Query|Bulk' -benchtime 5x
    python3 scripts/bench_reference.py --ours-tokens-per-s 2500 \
        --ours-tokens-per-cpu-s 1400 --ours-query-ms 6

Tokens are counted as the Go benchmark counts them: ids after truncation,
[CLS] and [SEP] included. Torch uses as many threads as there are cores
(override with --threads). Run both on an otherwise idle machine: on a
shared one wall-clock numbers are noisy, and tokens per CPU-second (process
CPU time, all threads) is the steadier comparison.
"""
import argparse
import json
import os
import statistics
import time


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.expanduser("~/.cache/docseek/models/all-MiniLM-L6-v2"))
    ap.add_argument("--texts", default=os.path.join(here, "..", "embed", "bert", "testdata", "bench_texts.json"))
    ap.add_argument("--batch-size", type=int, default=32, help="sentence-transformers' default is 32")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--ours-tokens-per-s", type=float, help="BenchmarkBulk's tokens/s")
    ap.add_argument("--ours-tokens-per-cpu-s", type=float, help="BenchmarkBulk's tokens/cpu-s")
    ap.add_argument("--ours-query-ms", type=float, help="BenchmarkQuery's ns/op / 1e6")
    args = ap.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    with open(args.texts, encoding="utf-8") as f:
        bench = json.load(f)
    model = SentenceTransformer(args.model, device="cpu")
    prep = getattr(model, "preprocess", None) or model.tokenize
    tokens = sum(len(prep([t])["input_ids"][0]) for t in bench["bulk"])

    model.encode(bench["bulk"][:8], batch_size=args.batch_size)  # warm up
    bulk, bulk_cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        model.encode(bench["bulk"], batch_size=args.batch_size)
        bulk.append(time.perf_counter() - t0)
        bulk_cpu.append(time.process_time() - c0)
    query, query_cpu = [], []
    for _ in range(max(20, args.repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        model.encode([bench["query"]])
        query.append(time.perf_counter() - t0)
        query_cpu.append(time.process_time() - c0)

    ref_tps = tokens / statistics.median(bulk)
    ref_cpu_tps = tokens / statistics.median(bulk_cpu)
    ref_q = statistics.median(query) * 1000
    ref_q_cpu = statistics.median(query_cpu) * 1000
    print(f"reference: torch {torch.__version__}, {torch.get_num_threads()} threads, batch size {args.batch_size}")
    print(f"bulk:  {len(bench['bulk'])} texts, {tokens} tokens, median {statistics.median(bulk):.3f} s "
          f"-> {ref_tps:.0f} tokens/s, {ref_cpu_tps:.0f} tokens/cpu-s")
    print(f"query: median {ref_q:.2f} ms, {ref_q_cpu:.2f} cpu-ms")
    if args.ours_tokens_per_s:
        print(f"ratio bulk tokens/s (ours / reference): {args.ours_tokens_per_s / ref_tps:.2f}")
    if args.ours_tokens_per_cpu_s:
        print(f"ratio bulk tokens/cpu-s (ours / reference): {args.ours_tokens_per_cpu_s / ref_cpu_tps:.2f}")
    if args.ours_query_ms:
        print(f"ratio query time (ours / reference): {args.ours_query_ms / ref_q:.2f}")


if __name__ == "__main__":
    main()
