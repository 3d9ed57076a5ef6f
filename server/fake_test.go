package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// fakeIndex is an Index whose behaviour is set per test through function
// fields; newFakeIndex fills them with simple lookups over a corpus.
type fakeIndex struct {
	search    func(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
	fetch     func(ctx context.Context, target string) (*retrieval.Document, error)
	list      func(prefix string) ([]retrieval.ListEntry, error)
	changelog func(ctx context.Context, q retrieval.ChangelogQuery) ([]corpus.ChangelogEntry, error)
	corpus    *corpus.Corpus
}

var _ Index = (*fakeIndex)(nil)

func (f *fakeIndex) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	return f.search(ctx, q)
}
func (f *fakeIndex) Fetch(ctx context.Context, t string) (*retrieval.Document, error) {
	return f.fetch(ctx, t)
}
func (f *fakeIndex) List(prefix string) ([]retrieval.ListEntry, error) { return f.list(prefix) }
func (f *fakeIndex) Changelog(ctx context.Context, q retrieval.ChangelogQuery) ([]corpus.ChangelogEntry, error) {
	return f.changelog(ctx, q)
}
func (f *fakeIndex) Corpus() *corpus.Corpus { return f.corpus }

// fixtureCorpus loads testdata/docs, a small docs set of our own: two
// products, a long page (40 settings) and a changelog, through corpus.Load,
// without sso/sessions.mdx (a page for the tests over a real index; the
// golden file pins the tree without it).
// The folder is committed, so a load error is a broken checkout: it panics
// rather than threading a *testing.T through every caller.
func fixtureCorpus() *corpus.Corpus {
	c, err := corpus.Load(context.Background(), "testdata/docs", corpus.Options{Name: "testdocs", Version: "local", BaseURL: "https://docs.example.com",
		Exclude: []string{"sso/sessions.mdx"}})
	if err != nil {
		panic(fmt.Sprintf("load the fixture docs: %v", err))
	}
	return c
}

// newFakeIndex answers from c: Search returns every section whose text
// mentions a query word (in page order), Fetch resolves path and path#anchor.
func newFakeIndex(c *corpus.Corpus) *fakeIndex {
	f := &fakeIndex{corpus: c}
	f.search = func(_ context.Context, q retrieval.Query) ([]retrieval.Result, error) {
		var out []retrieval.Result
		terms := queryTerms(q.Text)
		for _, p := range c.Pages {
			if q.Product != "" && p.Product != q.Product {
				continue
			}
			for _, s := range p.Sections {
				low := strings.ToLower(s.Text + " " + s.Heading)
				for _, t := range terms {
					if strings.Contains(low, t) {
						out = append(out, retrieval.Result{
							ID: target(p.Path, s.Anchor), Path: p.Path, Anchor: s.Anchor, Section: s.Heading,
							Breadcrumb: s.Breadcrumb, Title: p.Title, URL: p.URL + anchorSuffix(s.Anchor),
							Kind: p.Kind, Text: s.Text, Score: 1 / float64(len(out)+60),
						})
						break
					}
				}
			}
		}
		k := q.K
		if k == 0 {
			k = 8
		}
		if len(out) > k {
			out = out[:k]
		}
		return out, nil
	}
	f.fetch = func(_ context.Context, t string) (*retrieval.Document, error) {
		t = strings.TrimPrefix(t, c.BaseURL+"/")
		path, anchor, _ := strings.Cut(t, "#")
		for _, p := range c.Pages {
			if p.Path != path && p.Path != path+"/index" {
				continue
			}
			doc := &retrieval.Document{Path: p.Path, Title: p.Title, Description: p.Description, URL: p.URL, Kind: p.Kind,
				Breadcrumb: []string{p.Title}}
			var md []string
			for _, s := range p.Sections {
				if anchor != "" && s.Anchor != anchor {
					continue
				}
				if s.Heading != "" {
					md = append(md, strings.Repeat("#", s.Level)+" "+s.Heading)
					if anchor == "" {
						doc.Sections = append(doc.Sections, retrieval.NavLink{Path: p.Path, Anchor: s.Anchor, Title: s.Heading, URL: p.URL + "#" + s.Anchor})
					}
				}
				md = append(md, s.Text)
			}
			if len(md) == 0 {
				break
			}
			if anchor != "" {
				doc.Anchor = anchor
				doc.Parent = &retrieval.NavLink{Path: p.Path, Title: p.Title, URL: p.URL}
			}
			doc.Markdown = strings.Join(md, "\n\n")
			return doc, nil
		}
		return nil, &retrieval.NotFoundError{Target: t, Suggestions: []retrieval.NavLink{{Path: "sso/index", Title: "Single Sign-On"}}}
	}
	f.list = func(prefix string) ([]retrieval.ListEntry, error) {
		var out []retrieval.ListEntry
		for _, p := range c.Pages {
			if prefix == "" || strings.HasPrefix(p.Path, prefix+"/") {
				out = append(out, retrieval.ListEntry{Path: p.Path, Title: p.Title, Description: p.Description, IsPage: true})
			}
		}
		if len(out) == 0 {
			return nil, retrieval.ErrNotFound
		}
		return out, nil
	}
	f.changelog = func(_ context.Context, q retrieval.ChangelogQuery) ([]corpus.ChangelogEntry, error) {
		var out []corpus.ChangelogEntry
		for _, e := range c.Changelog {
			if q.Since == "" || e.Date >= q.Since {
				out = append(out, e)
			}
		}
		return out, nil
	}
	return f
}

func anchorSuffix(a string) string {
	if a == "" {
		return ""
	}
	return "#" + a
}
