package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// The tools of the original @workos/mcp-docs-server, with the same names and
// parameters, so existing agent set-ups keep working; the answers come from
// hybrid retrieval and the parsed corpus instead of substring search.

// platformPackage is the only changelog the docs package ships.
const platformPackage = "workos-platform"

const maxSearchResults = 50

func (s *Server) addCompatTools() {
	defTen, _ := json.Marshal(10)
	one, fifty := 1.0, float64(maxSearchResults)
	mcp.AddTool(s.mcp, &mcp.Tool{
		Name: "workos_search",
		Description: "Search through all WorkOS documentation (by meaning and keywords). Use this when you need to find information " +
			"but don't know the exact documentation path. Returns the best matching sections with their paths; " +
			"pass a path to workos_docs for the full document. (Same as ask, in the original server's shape.)",
		Annotations: readOnly("Search WorkOS docs"),
		InputSchema: &jsonschema.Schema{Type: "object", Required: []string{"query"}, Properties: map[string]*jsonschema.Schema{
			"query": stringProp(`Search terms or a question: keywords, method names, error messages or phrases. Examples: "SSO authentication", "directory sync webhook", "MagicAuth", "SAML metadata".`, 1, maxQuestionLen),
			"maxResults": {Type: "number", Description: "Maximum number of results to return. Defaults to 10.",
				Minimum: &one, Maximum: &fifty, Default: defTen},
		}},
	}, s.workosSearch)

	mcp.AddTool(s.mcp, &mcp.Tool{
		Name: "workos_docs",
		Description: "Get WorkOS documentation content by path, with the other docs around it for navigation. " +
			"Use this when you know the documentation path or want to browse hierarchically; if you don't, use workos_search first. " +
			`Accepts "path#anchor" for one section.`,
		Annotations: readOnly("Read a WorkOS docs page"),
		InputSchema: &jsonschema.Schema{Type: "object", Required: []string{"path"}, Properties: map[string]*jsonschema.Schema{
			"path": stringProp(`Documentation path to retrieve, without extension. Examples: "sso/index", "directory-sync/index", "authkit/index". A folder name such as "sso" gives its index page.`, 1, corpus.MaxTargetLen),
		}},
	}, s.workosDocs)

	mcp.AddTool(s.mcp, &mcp.Tool{
		Name:        "workos_changelogs",
		Description: `Get WorkOS changelogs: version history, new features and breaking changes. For platform updates, new features or "what's new" questions use the package name "workos-platform" (the only changelog the docs ship).`,
		Annotations: readOnly("WorkOS changelogs"),
		InputSchema: &jsonschema.Schema{Type: "object", Required: []string{"package"}, Properties: map[string]*jsonschema.Schema{
			"package": stringProp(`Package name: "workos-platform".`, 1, 200),
		}},
	}, s.workosChangelogs)

	mcp.AddTool(s.mcp, &mcp.Tool{
		Name: "workos_examples",
		Description: "Get WorkOS code examples for a product: the code blocks of its documentation, each with a link to its section. " +
			`Use it after reading the docs to find practical implementation snippets, e.g. "sso", "directory-sync", "authkit", "audit-logs".`,
		Annotations: readOnly("WorkOS code examples"),
		InputSchema: &jsonschema.Schema{Type: "object", Required: []string{"example"}, Properties: map[string]*jsonschema.Schema{
			"example": stringProp(`A product (top-level docs folder) such as "sso", "directory-sync", "authkit", "audit-logs", or a page path such as "sso/index".`, 1, corpus.MaxTargetLen),
		}},
	}, s.workosExamples)
}

// WorkosSearchInput is the input of workos_search.
type WorkosSearchInput struct {
	Query      string  `json:"query"`
	MaxResults float64 `json:"maxResults,omitempty"`
}

func (s *Server) workosSearch(ctx context.Context, _ *mcp.CallToolRequest, in WorkosSearchInput) (*mcp.CallToolResult, any, error) {
	q, err := checkText("query", in.Query, maxQuestionLen)
	if err != nil {
		return nil, nil, err
	}
	k := defaultK + 2
	if in.MaxResults != 0 {
		if in.MaxResults < 1 || in.MaxResults > maxSearchResults || math.IsNaN(in.MaxResults) {
			return nil, nil, fmt.Errorf("maxResults is %v; it must be between 1 and %d", in.MaxResults, maxSearchResults)
		}
		k = int(math.Round(in.MaxResults))
	}
	ix, degraded, err := s.current(ctx)
	if err != nil {
		return nil, nil, err
	}
	mode, note := keywordsIfDegraded(retrieval.ModeHybrid, degraded)
	results, err := ix.Search(ctx, retrieval.Query{Text: q, K: k, Mode: mode})
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	text, _ := renderAsk(q, mode, hitsOf(results, source{}), s.cfg.DefaultMaxTokens*max(k, defaultK)/defaultK, 1)
	if note != "" {
		text = noteLine(note) + text
	}
	if len(results) > 0 {
		text += "\nUse workos_docs with a target above (path or path#anchor) to read the full document.\n"
	}
	return textResult(text), nil, nil
}

// WorkosDocsInput is the input of workos_docs.
type WorkosDocsInput struct {
	Path string `json:"path"`
}

func (s *Server) workosDocs(ctx context.Context, _ *mcp.CallToolRequest, in WorkosDocsInput) (*mcp.CallToolResult, any, error) {
	t, err := checkTarget("path", in.Path, false)
	if err != nil {
		return nil, nil, err
	}
	ix, err := s.index(ctx)
	if err != nil {
		return nil, nil, err
	}
	doc, err := ix.Fetch(ctx, strings.TrimSuffix(strings.TrimSuffix(t, ".mdx"), ".md"))
	if err != nil {
		return nil, nil, notFound(err, "workos_docs")
	}
	return textResult(renderDocument(doc, maxPageChars, "workos_docs")), nil, nil
}

// WorkosChangelogsInput is the input of workos_changelogs.
type WorkosChangelogsInput struct {
	Package string `json:"package"`
}

func (s *Server) workosChangelogs(ctx context.Context, _ *mcp.CallToolRequest, in WorkosChangelogsInput) (*mcp.CallToolResult, any, error) {
	pkg := strings.TrimSpace(in.Package)
	if pkg != platformPackage {
		return nil, nil, fmt.Errorf("no changelog for package %q. The docs ship one changelog: %q (platform updates and new features). "+
			"SDK release notes are on each SDK's GitHub releases page", pkg, platformPackage)
	}
	ix, err := s.index(ctx)
	if err != nil {
		return nil, nil, err
	}
	entries, err := ix.Changelog(ctx, retrieval.ChangelogQuery{Limit: maxChangelogN})
	if err != nil {
		return nil, nil, fmt.Errorf("changelog: %w", err)
	}
	return textResult(renderChangelog(entries, "", "", ix.Corpus())), nil, nil
}

// WorkosExamplesInput is the input of workos_examples.
type WorkosExamplesInput struct {
	Example string `json:"example"`
}

// exampleAliases maps names the original server suggested to the folders
// that hold those docs now.
var exampleAliases = map[string]string{
	"user-management": "authkit",
	"webhooks":        "events",
	"directory":       "directory-sync",
	"audit-log":       "audit-logs",
}

func (s *Server) workosExamples(ctx context.Context, _ *mcp.CallToolRequest, in WorkosExamplesInput) (*mcp.CallToolResult, any, error) {
	name, err := checkTarget("example", in.Example, false)
	if err != nil {
		return nil, nil, err
	}
	name = strings.ToLower(strings.Trim(name, "/"))
	ix, err := s.index(ctx)
	if err != nil {
		return nil, nil, err
	}
	c := ix.Corpus()
	pages := examplePages(c, name)
	if len(pages) == 0 {
		if alias, ok := exampleAliases[name]; ok {
			pages = examplePages(c, alias)
		}
	}
	if len(pages) == 0 {
		return nil, nil, fmt.Errorf("no docs for example %q; products are: %s", name, strings.Join(products(c), ", "))
	}
	return textResult(renderExamples(name, pages, maxPageChars)), nil, nil
}

// examplePages returns the pages of a product, or the page or folder at a path.
func examplePages(c *corpus.Corpus, name string) []*corpus.Page {
	var out []*corpus.Page
	for _, p := range c.Pages {
		if p.Product == name || p.Path == name || strings.HasPrefix(p.Path, name+"/") {
			out = append(out, p)
		}
	}
	return out
}

// renderExamples writes the fenced code blocks of pages under their
// section's breadcrumb and link (once per section), within about maxChars.
func renderExamples(name string, pages []*corpus.Page, maxChars int) string {
	var (
		b     strings.Builder
		shown int
		total int
	)
	for _, p := range pages {
		for _, sec := range p.Sections {
			blocks := fencedBlocks(sec.Text)
			total += len(blocks)
			headed := false
			for _, code := range blocks {
				if b.Len()+len(code) > maxChars {
					continue
				}
				if !headed {
					headed = true
					crumb := strings.Join(sec.Breadcrumb, " > ")
					if crumb == "" {
						crumb = p.Title
					}
					url := corpus.SectionURL(p.URL, sec.Anchor)
					fmt.Fprintf(&b, "## %s\n%s · target `%s`\n\n", oneLine(crumb, 200), url, target(p.Path, sec.Anchor))
				}
				shown++
				fmt.Fprintf(&b, "%s\n\n", code)
			}
		}
	}
	from := name
	if len(pages) > 0 && pages[0].Product != name && !strings.HasPrefix(pages[0].Path, name) {
		from = pages[0].Product // an alias
	}
	head := fmt.Sprintf("# %s examples\n%s from the %s docs", name, plural(total, "code block"), from)
	switch {
	case total == 0:
		return head + ". These pages have no code; read them with workos_docs:\n" + pageList(pages)
	case shown < total:
		head += fmt.Sprintf("; %d are shown (size limit). Ask for a page path (e.g. %q) for its examples", shown, pages[0].Path)
	}
	return head + ".\n\n" + b.String()
}

func pageList(pages []*corpus.Page) string {
	var b strings.Builder
	for i, p := range pages {
		if i == 30 {
			fmt.Fprintf(&b, "- … and %d more\n", len(pages)-i)
			break
		}
		fmt.Fprintf(&b, "- `%s` — %s\n", p.Path, oneLine(p.Title, 100))
	}
	return b.String()
}
