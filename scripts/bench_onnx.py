#!/usr/bin/env python3
"""Time onnxruntime on the workloads of BenchmarkQuery and BenchmarkBulk
(embed/bert/testdata/bench_texts.json), end to end as a user of it embeds:
tokenize, run the ONNX graph, mean-pool, L2-normalise.

Run by scripts/bench_compare.py inside its venv (onnxruntime, tokenizers,
numpy); prints one JSON object. Not a docseek dependency.

    bench_onnx.py --model all-minilm-l6-v2.onnx --tokenizer tokenizer.json \
        --texts embed/bert/testdata/bench_texts.json --threads 2

Bulk mirrors sentence-transformers' encode: texts sorted by length, batches
of --batch-size padded to their longest text, truncation at --max-tokens.
Tokens are counted as the Go benchmark counts them: ids after truncation,
[CLS] and [SEP] included. Times are means, the statistic `go test -bench`
reports as ns/op.
"""
import argparse
import json
import os
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--texts", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-tokens", type=int, default=256, help="all-MiniLM-L6-v2's max_seq_length")
    ap.add_argument("--query-runs", type=int, default=100)
    ap.add_argument("--bulk-runs", type=int, default=3)
    ap.add_argument("--no-spin", action="store_true",
                    help="idle intra-op threads sleep instead of spinning (onnxruntime spins by default)")
    a = ap.parse_args()

    with open(a.texts, encoding="utf-8") as f:
        bench = json.load(f)
    tok = Tokenizer.from_file(a.tokenizer)
    tok.enable_truncation(a.max_tokens)
    tok.enable_padding()  # to the longest text of each batch
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if a.no_spin:
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    sess = ort.InferenceSession(a.model, so, providers=["CPUExecutionProvider"])

    def embed(texts):
        encs = tok.encode_batch(texts)
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        types = np.zeros_like(ids)
        (hidden,) = sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(texts):
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # as sentence-transformers
        out = [None] * len(texts)
        for b in range(0, len(texts), a.batch_size):
            idx = order[b : b + a.batch_size]
            for i, v in zip(idx, embed([texts[i] for i in idx])):
                out[i] = v
        return out

    bulk = bench["bulk"]
    tokens = sum(len(tok.encode(t).ids) for t in bulk)
    query_tokens = len(tok.encode(bench["query"]).ids)

    for _ in range(5):  # warm up
        embed([bench["query"]])
    encode(bulk[:16])

    c0, t0 = time.process_time(), time.perf_counter()
    for _ in range(a.query_runs):
        embed([bench["query"]])
    q_wall = (time.perf_counter() - t0) / a.query_runs
    q_cpu = (time.process_time() - c0) / a.query_runs

    c0, t0 = time.process_time(), time.perf_counter()
    for _ in range(a.bulk_runs):
        encode(bulk)
    b_wall = (time.perf_counter() - t0) / a.bulk_runs
    b_cpu = (time.process_time() - c0) / a.bulk_runs

    print(json.dumps({
        "onnxruntime": ort.__version__,
        "threads": a.threads,
        "spinning": not a.no_spin,
        "query_tokens": query_tokens,
        "query_ms": q_wall * 1000,
        "query_cpu_ms": q_cpu * 1000,
        "bulk_texts": len(bulk),
        "bulk_tokens": tokens,
        "bulk_tokens_per_s": tokens / b_wall,
        "bulk_tokens_per_cpu_s": tokens / b_cpu,
        "loadavg": os.getloadavg()[0],
    }))


if __name__ == "__main__":
    main()
