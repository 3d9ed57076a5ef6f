package server

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// readOnly marks every docseek tool: they read the loaded corpus and
// nothing else, and the same call gives the same answer.
func readOnly(title string) *mcp.ToolAnnotations {
	closed := false
	return &mcp.ToolAnnotations{Title: title, ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: &closed}
}

// AskInput is the input of the ask tool.
type AskInput struct {
	Question  string   `json:"question"`
	K         int      `json:"k,omitempty"`
	Mode      string   `json:"mode,omitempty"`
	Product   string   `json:"product,omitempty"`
	MaxTokens int      `json:"max_tokens,omitempty"`
	Library   string   `json:"library,omitempty"`
	Version   string   `json:"version,omitempty"`
	Exclude   []string `json:"exclude,omitempty"`
}

// AskOutput is the structured result of the ask tool. Several MCP hosts
// (Claude Code, Codex, opencode) give the model only the structured output
// when a result has one, not the text content, so it carries everything the
// text says, once: no field repeats another (a result's path, anchor, title
// and section are in its target and breadcrumb), and what is the same for
// every result (its library's docs date) is said once, in Sources.
type AskOutput struct {
	Question string      `json:"question" jsonschema:"the question as asked"`
	Mode     string      `json:"mode" jsonschema:"the ranking used: hybrid, vector, lexical or grep"`
	Results  []AskResult `json:"results" jsonschema:"the best sections, best first"`
	// Omitted counts results left out to stay within max_tokens.
	Omitted int `json:"omitted,omitempty" jsonschema:"results left out to stay within max_tokens (raise max_tokens or lower k)"`
	// Sources are the libraries the results came from.
	Sources []source `json:"sources,omitempty" jsonschema:"the libraries (name, version, docs date) the results came from"`
	// Searched are the libraries searched ("name@version").
	Searched []string `json:"searched,omitempty" jsonschema:"the libraries searched, as name@version"`
	// NotSearched are other versions of the searched libraries, left out
	// because no library was given (each is searched at its default version).
	NotSearched []string `json:"not_searched,omitempty" jsonschema:"other served versions not searched (pass library and version to search one), as name@version"`
	// Notes are what the text says besides the results: why the ranking
	// is keywords only, what was not searched, how to get more.
	Notes []string `json:"notes,omitempty" jsonschema:"what to know about this answer beyond its results, in plain words"`
}

// AskResult is one section in an ask answer.
type AskResult struct {
	// Target is what fetch accepts to return the whole section: path#anchor.
	Target     string   `json:"target" jsonschema:"pass to fetch for the whole section (path#anchor)"`
	Breadcrumb []string `json:"breadcrumb" jsonschema:"page title, then the headings down to this section"`
	URL        string   `json:"url" jsonschema:"source link of the section: cite it"`
	// Kind is "reference" or "changelog", or "" for a guide page (the
	// usual kind, which the structured output leaves out).
	Kind  string  `json:"kind,omitempty" jsonschema:"reference or changelog; absent for a guide page"`
	Date  string  `json:"date,omitempty" jsonschema:"changelog entry date (YYYY-MM-DD)"`
	Score float64 `json:"score" jsonschema:"ranking score, 4 decimals (higher is better; comparable within one answer only)"`
	Text  string  `json:"text" jsonschema:"the section's markdown, trimmed to the part that matches when truncated"`
	// Truncated reports that Text is a trimmed part of the section.
	Truncated bool `json:"truncated,omitempty" jsonschema:"true when text is only part of the section: fetch the target for all of it"`
	// Library and Version name the section's library when several
	// libraries were searched; otherwise Sources names the one.
	Library string `json:"library,omitempty" jsonschema:"the library (doc set) of the section, when several were searched (else see sources)"`
	Version string `json:"version,omitempty" jsonschema:"the library's version, when several libraries were searched"`

	// Title is the page title, for Go callers (the web page heads a result
	// without a breadcrumb with it); the structured output leaves it out,
	// as Breadcrumb starts with it.
	Title string `json:"-"`
}

func (s *Server) addTools() {
	mcp.AddTool(s.mcp, &mcp.Tool{
		Name: "ask",
		Description: "Search the documentation by meaning and return the best sections for a natural-language question, " +
			"each with its breadcrumb, source URL and a fetch target. Use this first for any how-to, concept, API, error or " +
			"\"which option does X\" question. Long sections are trimmed to the part that matches; call fetch with a " +
			"result's target for the whole section.",
		Annotations:  readOnly("Ask the docs"),
		OutputSchema: askOutputSchema,
		InputSchema: object([]string{"question"}, map[string]*jsonschema.Schema{
			"question": stringProp("The question, in plain words (identifiers such as API names or event names help).", 1, maxQuestionLen),
			"k":        intProp("Number of sections to return.", 1, maxK, defaultK),
			"mode": {Type: "string", Description: "Ranking: hybrid (default, meaning + keywords), vector (meaning only), lexical (keywords only) or grep (substring, like the original server).",
				Enum: []any{"hybrid", "vector", "lexical", "grep"}},
			"product":    stringProp(`Only search one product: a top-level docs folder such as "sso" or "authkit" (see list).`, 0, 100),
			"max_tokens": intProp("Upper bound on the answer's size in tokens (about 4 characters each).", minMaxTokens, maxMaxTokens, s.cfg.DefaultMaxTokens),
			"library":    stringProp(`Only search this library (doc set), e.g. "workos"; empty searches every library, each at its default version (list shows them). Each result names its library and version.`, 0, 100),
			"version":    stringProp(`The library's version when it has several, e.g. "0.1.0"; empty means its default (the first configured).`, 0, 100),
			"exclude": {Type: "array", Description: "Targets already read (from a previous answer): they are left out, so asking again returns the next best sections.",
				Items: stringProp("A target: path, path#anchor or library:path#anchor.", 1, corpus.MaxTargetLen), MaxItems: ptr(maxExclude)},
		}),
	}, s.ask)

	mcp.AddTool(s.mcp, &mcp.Tool{
		Name: "fetch",
		Description: "Return the exact text of a documentation page or section, with navigation (parent, siblings, children). " +
			"Use it after ask, with a result's target (\"path#anchor\"), or when you know the page path or docs URL. " +
			"A long page returns its table of contents: fetch one section of it instead.",
		Annotations: readOnly("Fetch a page or section"),
		InputSchema: object([]string{"target"}, map[string]*jsonschema.Schema{
			"target": stringProp(`A page path ("sso/index"), a section ("sso/index#get-started") or a docs URL.`, 1, corpus.MaxTargetLen),
		}),
	}, s.fetch)

	mcp.AddTool(s.mcp, &mcp.Tool{
		Name: "list",
		Description: "List the documentation tree under a prefix, with page titles and descriptions. " +
			"Use it to browse what exists (e.g. all pages of one product) when ask is not specific enough.",
		Annotations: readOnly("List docs pages"),
		InputSchema: object(nil, map[string]*jsonschema.Schema{
			"prefix":  stringProp(`A folder of the docs, e.g. "sso" or "reference/authkit" (or "library:folder"); empty for the top level, or for the list of libraries when several are served.`, 0, corpus.MaxTargetLen),
			"library": stringProp(`The library to browse when several are served, e.g. "workos".`, 0, 100),
		}),
	}, s.list)

	mcp.AddTool(s.mcp, &mcp.Tool{
		Name: "changelog",
		Description: "Return platform changelog entries, newest first, optionally ranked by a query and limited to those since a date. " +
			"Use it for \"what's new\", \"when was X released\" or \"what changed\" questions.",
		Annotations: readOnly("Platform changelog"),
		InputSchema: object(nil, map[string]*jsonschema.Schema{
			"query": stringProp("Optional: rank entries by relevance to this text.", 0, maxQuestionLen),
			"since": {Type: "string", Description: "Optional: only entries on or after this date (YYYY-MM-DD).", Pattern: `^\d{4}-\d{2}-\d{2}$`},
			"limit": intProp("Number of entries.", 1, maxChangelogN, defaultChangelogN),
		}),
	}, s.changelog)
}

// askOutputSchema is the ask tool's output schema, inferred from AskOutput
// as the go-sdk infers a typed tool's.
var askOutputSchema = must(jsonschema.For[AskOutput](&jsonschema.ForOptions{}))

// ask sets the structured output itself and returns no typed output: given
// one, the go-sdk marshals it, decodes it again into maps, checks it
// against the output schema and marshals it once more, on every call, which
// took more CPU than the search and rendering of a keyword answer.
// TestAskOutputMatchesSchema checks the answers against the schema instead.
func (s *Server) ask(ctx context.Context, _ *mcp.CallToolRequest, in AskInput) (*mcp.CallToolResult, any, error) {
	a, err := s.Ask(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	res := textResult(a.Markdown)
	res.StructuredContent = &a.AskOutput
	return res, nil, nil
}

// must returns v, or panics on a schema that cannot be inferred (a
// programming error, caught by every test that starts a server).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// keywordsIfDegraded switches a search that needs vectors to lexical
// ranking while only a provisional index serves, with a note saying why
// (empty when the mode stands).
func keywordsIfDegraded(mode retrieval.Mode, degraded string) (retrieval.Mode, string) {
	if degraded == "" || !mode.UsesVectors() {
		return mode, ""
	}
	return retrieval.ModeLexical, degraded + ", so these results are ranked by keywords only."
}

// products returns the top-level folders of the corpus, in order.
func products(c *corpus.Corpus) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range c.Pages {
		if p.Product != "" && !seen[p.Product] && strings.Contains(p.Path, "/") {
			seen[p.Product] = true
			out = append(out, p.Product)
		}
	}
	return out
}

func checkProduct(c *corpus.Corpus, product string) error {
	ps := products(c)
	for _, p := range ps {
		if p == product {
			return nil
		}
	}
	return fmt.Errorf("product %q is unknown; products are: %s", product, strings.Join(ps, ", "))
}

// FetchInput is the input of the fetch tool.
type FetchInput struct {
	Target string `json:"target"`
}

func (s *Server) fetch(ctx context.Context, _ *mcp.CallToolRequest, in FetchInput) (*mcp.CallToolResult, any, error) {
	doc, err := s.Fetch(ctx, in.Target)
	if err != nil {
		return nil, nil, fetchError(err)
	}
	if s.cfg.Catalog == nil {
		return textResult(renderDocument(doc.Document, maxPageChars, "fetch")), nil, nil
	}
	return textResult(renderCatalogDocument(doc)), nil, nil
}

// notFound turns a retrieval "not found" into a message that helps the
// agent recover: the suggestions, and where to look next.
func notFound(err error, tool string) error {
	var nf *retrieval.NotFoundError
	if !errors.As(err, &nf) {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%q is not a page or section of these docs.", nf.Target)
	if len(nf.Suggestions) > 0 {
		b.WriteString(" Did you mean:\n")
		for _, sg := range nf.Suggestions {
			fmt.Fprintf(&b, "- %s — %s\n", target(sg.Path, sg.Anchor), oneLine(sg.Title, 100))
		}
		fmt.Fprintf(&b, "Call %s again with one of these, ", tool)
	} else {
		b.WriteString("\nTry ")
	}
	b.WriteString("use list to browse the tree, or ask to search by meaning.")
	return errors.New(b.String())
}

func textResult(text string) *mcp.CallToolResult {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: text}}}
}

// ListInput is the input of the list tool.
type ListInput struct {
	Prefix  string `json:"prefix,omitempty"`
	Library string `json:"library,omitempty"`
}

func (s *Server) list(ctx context.Context, _ *mcp.CallToolRequest, in ListInput) (*mcp.CallToolResult, any, error) {
	l, err := s.List(ctx, in)
	if err != nil {
		return nil, nil, listError(err, in.Prefix)
	}
	return textResult(s.RenderList(l, 0)), nil, nil
}

// RenderList is the list tool's text for a listing (the answer of List),
// showing at most depth levels below its prefix (0: as deep as fits the
// answer's size; deeper entries are counted, not shown). The command line
// prints lists through it.
func (s *Server) RenderList(l *catalog.Listing, depth int) string {
	switch {
	case l.Libraries != nil:
		return renderLibraries(l.Libraries)
	case s.cfg.Catalog != nil:
		src := source{Library: l.Library, Version: l.Version, DocsDate: l.DocsDate}
		return "Library: " + src.String() + "\n" + renderList(l.Prefix, l.Entries, maxPageChars, depth)
	}
	return renderList(l.Prefix, l.Entries, maxPageChars, depth)
}

// ChangelogInput is the input of the changelog tool.
type ChangelogInput struct {
	Query string `json:"query,omitempty"`
	Since string `json:"since,omitempty"`
	Limit int    `json:"limit,omitempty"`
}

func (s *Server) changelog(ctx context.Context, _ *mcp.CallToolRequest, in ChangelogInput) (*mcp.CallToolResult, any, error) {
	entries, err := s.Changelog(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	ix, err := s.index(ctx)
	if err != nil {
		return nil, nil, err
	}
	return textResult(renderChangelog(entries, strings.TrimSpace(in.Query), strings.TrimSpace(in.Since), ix.Corpus())), nil, nil
}
