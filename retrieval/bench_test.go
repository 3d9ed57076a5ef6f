package retrieval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/docseek/docseek/embed/embedtest"
)

// syntheticCorpus builds n chunks over pages of 8 sections each, with text
// drawn from a fixed vocabulary of prose words and identifiers (Zipf-like:
// some words are common, most rare), deterministic for a seed.
func syntheticCorpus(n int) *corpus.Corpus {
	r := rand.New(rand.NewPCG(1, 2))
	prose := strings.Fields(`user users organization organizations connection directory sync event events
		token session sign login logout invite invitation role roles permission permissions webhook api key
		domain verification audit log logs admin portal widget widgets redirect callback profile email password
		magic link mfa factor challenge provider identity saml oidc scim group groups member members
		environment production staging dashboard request response error errors rate limit pagination cursor`)
	for i := 0; i < 400; i++ {
		prose = append(prose, fmt.Sprintf("word%d", i))
	}
	idents := []string{"getAuthorizationUrl", "get_authorization_url", "dsync.user.created", "ListConnections",
		"createOrganization", "authenticate_with_code", "user.created", "organization_membership.updated"}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(prose)-1))
	words := func(k int) string {
		var b strings.Builder
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			if r.IntN(25) == 0 {
				b.WriteString(idents[r.IntN(len(idents))])
				continue
			}
			b.WriteString(prose[zipf.Uint64()])
		}
		return b.String()
	}
	c := &corpus.Corpus{Name: "synthetic", Version: "test", BaseURL: fixtureBase}
	for i := 0; len(c.Chunks) < n; i++ {
		product := fmt.Sprintf("product%d", i%20)
		p := &corpus.Page{Path: fmt.Sprintf("%s/page%d", product, i), Title: words(3), Description: words(10), Kind: corpus.KindDoc, Product: product}
		p.URL = fixtureBase + "/" + p.Path
		for s := 0; s < 8 && len(c.Chunks) < n; s++ {
			sec := corpus.Section{Anchor: fmt.Sprintf("s%d", s), Heading: words(4), Level: 2, Text: words(120)}
			sec.Breadcrumb = []string{p.Title, sec.Heading}
			p.Sections = append(p.Sections, sec)
			ch := corpus.Chunk{
				ID: p.Path + "#" + sec.Anchor, Path: p.Path, Anchor: sec.Anchor, Section: sec.Heading, Breadcrumb: sec.Breadcrumb,
				Title: p.Title, Description: p.Description, URL: p.URL + "#" + sec.Anchor, Kind: p.Kind, Product: product, Text: sec.Text,
				Part: 1, Parts: 1,
			}
			corpustest.Rehash(&ch)
			c.Chunks = append(c.Chunks, ch)
		}
		c.Pages = append(c.Pages, p)
	}
	return c
}

var benchQueries = []string{
	"how do I invite a member to an organization",
	"getAuthorizationUrl",
	"dsync.user.created webhook payload",
	"rate limit error pagination cursor",
	"configure saml identity provider redirect callback",
}

func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1000, 6000} {
		c := syntheticCorpus(n)
		emb := newFakeEmbedder()
		emb.Dims = 384
		ix, err := Open(ctx, c, Config{Embedder: emb})
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []Mode{ModeLexical, ModeVector, ModeHybrid} {
			b.Run(fmt.Sprintf("%s/chunks=%d", mode, n), func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if _, err := ix.Search(ctx, Query{Text: benchQueries[i%len(benchQueries)], Mode: mode}); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
		// The query's vector given, as the catalog gives it: the vector
		// scan alone (BenchmarkQuery in embed/bert measures the encoder).
		vec, err := emb.EmbedQuery(ctx, benchQueries[0])
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("vector-given/chunks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ix.Search(ctx, Query{Text: benchQueries[0], Mode: ModeVector, Vector: vec}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("lexical-filtered/chunks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := ix.Search(ctx, Query{Text: benchQueries[i%len(benchQueries)], Mode: ModeLexical, Product: "product3"}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func BenchmarkOpenLexical(b *testing.B) {
	for _, n := range []int{1000, 6000} {
		c := syntheticCorpus(n)
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Open(context.Background(), c, Config{LexicalOnly: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVectorScan measures the similarity scan alone, over as many
// 384-dimension vectors as the WorkOS docs have chunks (3,324) and more.
func BenchmarkVectorScan(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{3324, 10000} {
		m := &vectorMatrix{n: n, dims: 384}
		m.data = make([]float32, (n+lanes-1)/lanes*lanes*m.dims)
		for i := range m.data {
			m.data[i] = r.Float32()
		}
		q := make([]float32, m.dims)
		for i := range q {
			q[i] = r.Float32()
		}
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.similarities(q)
			}
		})
	}
}

// BenchmarkSearchWorkOS measures a search of the WorkOS 0.2.0 docs (3,324
// chunks) with their committed bundle, once the query is embedded: the
// query's vector is given, as the catalog gives it (a chunk's own vector,
// so the scores look like a real query's). The encoder is BenchmarkQuery in
// embed/bert. Needs the synced corpus (see corpustest.Real).
func BenchmarkSearchWorkOS(b *testing.B) {
	ctx := context.Background()
	c, cfg := workosWithBundle(b)
	bundle := cfg.Bundle
	ix, err := Open(ctx, c, cfg)
	if err != nil {
		b.Fatal(err)
	}
	vec, ok := bundle.Vector(c.Chunks[len(c.Chunks)/2].Hash)
	if !ok {
		b.Fatal("no bundle vector for the middle chunk")
	}
	for _, mode := range []Mode{ModeVector, ModeHybrid} {
		b.Run(string(mode), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ix.Search(ctx, Query{Text: "how do I invite a member to an organization", Mode: mode, Vector: vec}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpenWorkOS measures opening the full (hybrid) index of the WorkOS
// 0.2.0 docs (3,324 chunks) from their committed bundle, as a server does at
// start once the docs are parsed: the BM25 indexes and the vector matrix.
// Needs the synced corpus (see corpustest.Real).
func BenchmarkOpenWorkOS(b *testing.B) {
	ctx := context.Background()
	c, cfg := workosWithBundle(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(ctx, c, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// workosWithBundle returns the synced WorkOS 0.2.0 docs and the Config that
// opens them from their committed bundle: a stand-in embedder with the
// bundle's model and dimensions, so that the bundle's vectors are used.
func workosWithBundle(b *testing.B) (*corpus.Corpus, Config) {
	b.Helper()
	c := corpustest.Real(b, "0.2.0")
	bundle, err := bundles.Committed("workos", "0.2.0", "all-MiniLM-L6-v2")
	if err != nil || bundle == nil {
		b.Fatalf("committed bundle: %v", err)
	}
	emb := &embedtest.Embedder{Model: bundle.Manifest.Model, Dims: bundle.Manifest.Dimensions}
	return c, Config{Embedder: emb, Bundle: bundle}
}
