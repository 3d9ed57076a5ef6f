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

// fixtureCorpus is a small docs set of our own: two products, a long page
// and a changelog.
func fixtureCorpus() *corpus.Corpus {
	base := "https://docs.example.com"
	page := func(path, title, desc string, secs ...corpus.Section) *corpus.Page {
		product, _, _ := strings.Cut(path, "/")
		for i := range secs {
			secs[i].Breadcrumb = append([]string{title}, secs[i].Breadcrumb...)
		}
		return &corpus.Page{Path: path, Title: title, Description: desc, URL: base + "/" + strings.TrimSuffix(path, "/index"),
			Kind: corpus.KindDoc, Product: product, Sections: secs}
	}
	sec := func(anchor, heading string, level int, text string) corpus.Section {
		var crumb []string
		if heading != "" {
			crumb = []string{heading}
		}
		return corpus.Section{Anchor: anchor, Heading: heading, Level: level, Breadcrumb: crumb, Text: text}
	}
	var long []corpus.Section
	long = append(long, sec("", "", 0, "A long guide to every widget setting."))
	for i := 1; i <= 40; i++ {
		long = append(long, sec(fmt.Sprintf("setting-%d", i), fmt.Sprintf("Setting %d", i), 2,
			strings.Repeat(fmt.Sprintf("Setting %d controls how widgets behave in case %d. ", i, i), 20)))
	}
	c := &corpus.Corpus{Name: "testdocs", Version: "local", BaseURL: base}
	c.Pages = []*corpus.Page{
		page("sso/index", "Single Sign-On", "Let users sign in with their company identity provider.",
			sec("", "", 0, "Single Sign-On lets users sign in through SAML or OIDC providers."),
			sec("get-started", "Get started", 2, "Install the SDK, then create a connection.\n\n```bash\nnpm install widget-sdk\n# not a heading\n```"),
			sec("configure-a-connection", "Configure a connection", 2, "Open the dashboard and paste the SAML metadata URL.")),
		page("sso/long-guide", "Widget settings guide", "Every setting.", long...),
		page("directory-sync/index", "Directory Sync", "Sync users and groups from directories.",
			sec("", "", 0, "Directory Sync keeps users and groups up to date."),
			sec("webhooks", "Webhooks", 2, "Verify the signature header before trusting an event.\n\n```js\nverify(payload, sig)\n```")),
		page("email", "Email delivery", "How email is sent.", sec("", "", 0, "Emails are sent from our domain.")),
	}
	c.Changelog = []corpus.ChangelogEntry{
		{Title: "Widgets GA", Date: "2026-02-10", URL: base + "/changelog#widgets-ga", Changes: []string{"Widgets are generally available."}, Package: "workos-platform"},
		{Title: "SAML improvements", Date: "2025-12-01", URL: base + "/changelog#saml", Changes: []string{"Faster SAML metadata refresh."}, Package: "workos-platform"},
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
