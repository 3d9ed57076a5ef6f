#!/usr/bin/env python3
"""Validate an eval question file against a docs tree (format in ../shared/eval-format.md).

Checks: one JSON object per line (UTF-8), required fields and types, unique ids, known
kinds, every relevant path naming a page (x -> x.mdx, x/index.mdx, x.md or x/index.md;
"changelog" -> the platform changelog), and every section naming a heading of that page (an ATX heading
line outside fenced code, possibly indented or inside a list item, with any {{ ... }}
attribute removed) or, for the changelog, an entry title. Prints counts per kind and per
product. Stdlib only.

usage: check_questions.py QUESTIONS.jsonl --docs DIR [--changelog FILE.json]
exit status: 0 when clean, 1 when any problem was found, 2 on bad usage.
"""

import argparse
import collections
import json
import os
import re
import sys

KINDS = {"howto", "conceptual", "paraphrase", "identifier", "troubleshooting", "reference", "changelog"}
HEADING = re.compile(r"^\s*(?:[-*+]\s+)*(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
ATTR = re.compile(r"\{\{.*?\}\}")
FENCE = re.compile(r"^\s*(?:[-*+]\s+)?(```+|~~~+)")


def page_file(docs, path):
    """Return the .mdx (or .md) file for a page path, or None."""
    for cand in (path + ".mdx", os.path.join(path, "index.mdx"), path + ".md", os.path.join(path, "index.md")):
        full = os.path.join(docs, cand)
        if os.path.isfile(full):
            return full
    return None


def headings(fname, cache={}):
    """Return the set of heading texts of an MDX file, ignoring fenced code."""
    if fname in cache:
        return cache[fname]
    out = set()
    fence = None
    with open(fname, encoding="utf-8") as f:
        for line in f:
            m = FENCE.match(line)
            if m:
                mark = m.group(1)[0] * 3
                if fence is None:
                    fence = mark
                elif mark == fence:
                    fence = None
                continue
            if fence:
                continue
            h = HEADING.match(line)
            if h:
                out.add(ATTR.sub("", h.group(2)).strip())
    cache[fname] = out
    return out


def product(path):
    parts = path.split("/")
    if parts[0] == "reference" and len(parts) > 2:
        return "reference/" + parts[1]
    return parts[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions")
    ap.add_argument("--docs", required=True, help="docs root (.docs/organized/docs)")
    ap.add_argument("--changelog", help="workos-platform.json (default: DOCS/../changelogs/workos-platform.json)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    args = ap.parse_args()
    clpath = args.changelog or os.path.join(args.docs, "..", "changelogs", "workos-platform.json")
    titles = set()
    if os.path.isfile(clpath):
        with open(clpath, encoding="utf-8") as f:
            titles = {e.get("version", "") for e in json.load(f)}

    problems = []
    ids = set()
    kinds = collections.Counter()
    products = collections.Counter()
    queries = collections.Counter()
    n = 0
    with open(args.questions, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{args.questions}: not UTF-8: {e}")
        return 1
    for ln, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            if ln != len(text.split("\n")):
                problems.append(f"line {ln}: blank line")
            continue
        where = f"line {ln}"
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: bad JSON: {e}")
            continue
        if not isinstance(q, dict):
            problems.append(f"{where}: not an object")
            continue
        n += 1
        extra = set(q) - {"id", "query", "relevant", "kind"}
        if extra:
            problems.append(f"{where}: unknown fields {sorted(extra)}")
        qid = q.get("id")
        if not isinstance(qid, str) or not qid:
            problems.append(f"{where}: missing id")
        else:
            where = f"line {ln} ({qid})"
            if qid in ids:
                problems.append(f"{where}: duplicate id")
            ids.add(qid)
        query = q.get("query")
        if not isinstance(query, str) or not query.strip():
            problems.append(f"{where}: missing query")
        else:
            queries[query.strip().lower()] += 1
        kind = q.get("kind")
        if kind not in KINDS:
            problems.append(f"{where}: bad kind {kind!r}")
        else:
            kinds[kind] += 1
        rel = q.get("relevant")
        if not isinstance(rel, list) or not rel:
            problems.append(f"{where}: relevant must be a non-empty list")
            continue
        for i, r in enumerate(rel):
            if not isinstance(r, dict) or not isinstance(r.get("path"), str):
                problems.append(f"{where}: relevant[{i}] needs a string path")
                continue
            if set(r) - {"path", "section"}:
                problems.append(f"{where}: relevant[{i}] unknown fields {sorted(set(r) - {'path', 'section'})}")
            path, sec = r["path"], r.get("section")
            if sec is not None and (not isinstance(sec, str) or not sec):
                problems.append(f"{where}: relevant[{i}] section must be a non-empty string")
                continue
            if path.endswith((".mdx", ".md")) or path.startswith("/"):
                problems.append(f"{where}: path {path!r} must be relative and without extension")
            if i == 0:
                products[product(path)] += 1
            if path == "changelog":
                if sec is None:
                    problems.append(f"{where}: changelog needs a section (entry title)")
                elif sec not in titles:
                    problems.append(f"{where}: no changelog entry titled {sec!r}")
                continue
            fname = page_file(args.docs, path)
            if fname is None:
                problems.append(f"{where}: no page {path!r}")
                continue
            if sec is not None and sec not in headings(fname):
                problems.append(f"{where}: {path!r} has no heading {sec!r}")
    for qtext, c in queries.items():
        if c > 1:
            problems.append(f"duplicate query ({c}x): {qtext!r}")
    for p in problems:
        print(p)
    if not args.quiet:
        print(f"\n{n} questions, {len(problems)} problems")
        print("by kind:", ", ".join(f"{k} {v} ({100 * v / max(n, 1):.0f}%)" for k, v in kinds.most_common()))
        print("by product (first relevant):")
        for k, v in sorted(products.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {v:4d} {k}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
