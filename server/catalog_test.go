package server

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/embed/embedtest"
)

// twoLibraries is a server over a catalog of two folder libraries (the
// catalog package's fixtures) with the hash embedder.
func twoLibraries(t *testing.T) *mcp.ClientSession {
	t.Helper()
	cat, err := catalog.Open(context.Background(), catalog.Config{
		DataDir: t.TempDir(),
		Libraries: []catalog.LibraryConfig{
			{Name: "guide", Dir: "../catalog/testdata/guide", BaseURL: "https://guide.example/docs", Version: "2.1", Exclude: []string{"blog/**"}},
			{Name: "notes", Dir: "../catalog/testdata/notes"},
		},
		Embedder: catalog.EmbedderConfig{Use: embedtest.NewWords()},
	})
	if err != nil {
		t.Fatal(err)
	}
	return connect(t, New(nil, Config{Catalog: cat}))
}

// The server's instructions name the libraries when several are served,
// and say to pass library; with one, they are the plain ones.
func TestCatalogInstructions(t *testing.T) {
	cs := twoLibraries(t)
	got := cs.InitializeResult().Instructions
	for _, want := range []string{"Libraries served: guide 2.1, notes local.", "pass library"} {
		if !strings.Contains(got, want) {
			t.Errorf("instructions lack %q:\n%s", want, got)
		}
	}
	if got := connect(t, New(newFakeIndex(fixtureCorpus()), Config{})).InitializeResult().Instructions; got != instructions {
		t.Errorf("one index: instructions = %q, want the plain ones", got)
	}
}

func TestCatalogTools(t *testing.T) {
	cs := twoLibraries(t)
	runToolCases(t, cs, []toolCase{
		{"ask all libraries", "ask", map[string]any{"question": "rotate the signing key", "k": 2}, false,
			[]string{"from notes local", "guide 2.1", "target `notes:rotate`", "notes local · "}},
		{"ask one library", "ask", map[string]any{"question": "signing key", "library": "guide"}, false,
			[]string{"from guide 2.1", "`guide:start/"}},
		{"ask unknown library", "ask", map[string]any{"question": "key", "library": "react"}, true,
			[]string{`unknown library "react"`, "guide@2.1, notes@local"}},
		{"ask unknown version", "ask", map[string]any{"question": "key", "library": "guide", "version": "9"}, true,
			[]string{`"guide" has no version "9"; served versions: 2.1`}},
		{"ask product needs library", "ask", map[string]any{"question": "key", "product": "start"}, true, []string{"give library too"}},
		{"fetch with library", "fetch", map[string]any{"target": "notes:rotate"}, false,
			[]string{"Library: notes local", "revoke the old key", "target `notes:rotate`"}},
		{"fetch bare unambiguous", "fetch", map[string]any{"target": "start/install"}, false, []string{"Library: guide 2.1", "target `guide:start/install`"}},
		{"fetch URL by base", "fetch", map[string]any{"target": "https://guide.example/docs/start/install#configure-the-proxy"}, false,
			[]string{"settings file", "guide:start/install#configure-the-proxy"}},
		{"fetch URL of no library", "fetch", map[string]any{"target": "https://other.example/x"}, true, []string{"base URL of a served library"}},
		{"fetch excluded page", "fetch", map[string]any{"target": "guide:blog/release"}, true, []string{"not a page"}},
		{"list libraries", "list", map[string]any{}, false,
			[]string{"2 libraries served", "`guide` 2.1 — folder ", "2 pages, 2 chunks", "semantic search ready", "`notes` local"}},
		{"list one library", "list", map[string]any{"library": "guide"}, false, []string{"Library: guide 2.1", "start/install"}},
		{"list library prefix", "list", map[string]any{"prefix": "guide:start"}, false, []string{"start/install"}},
	})
}

func TestCatalogAskPagingAndSources(t *testing.T) {
	cs := twoLibraries(t)
	ask := func(args map[string]any) AskOutput {
		t.Helper()
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "ask", Arguments: args})
		if err != nil || res.IsError {
			t.Fatalf("ask %v: %v %s", args, err, Text(res))
		}
		var out AskOutput
		data, _ := json.Marshal(res.StructuredContent)
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := ask(map[string]any{"question": "install the widget and configure the proxy", "k": 1})
	if len(first.Results) != 1 || first.Results[0].Library == "" || first.Results[0].Version == "" {
		t.Fatalf("first answer = %+v, want one result naming its library and version", first.Results)
	}
	if strings.Join(first.Searched, ",") != "guide@2.1,notes@local" {
		t.Errorf("searched = %v", first.Searched)
	}
	if len(first.Sources) != 1 || first.Sources[0].DocsDate == "" {
		t.Errorf("sources = %+v, want one with a docs date", first.Sources)
	}
	if len(first.Notes) != 1 || !strings.HasPrefix(first.Notes[0], "For more") {
		t.Errorf("notes = %q, want only how to page: one library matches best", first.Notes)
	}
	// Both libraries match: the answer says so, and how to narrow it.
	both := ask(map[string]any{"question": "configure the proxy, then rotate the signing key"})
	if !slices.ContainsFunc(both.Notes, func(n string) bool {
		return strings.Contains(n, "Several libraries match this question about equally") && strings.Contains(n, "ask again with library")
	}) {
		t.Errorf("notes = %q, want the hint to pass library", both.Notes)
	}
	second := ask(map[string]any{"question": "install the widget and configure the proxy", "k": 1, "exclude": []string{first.Results[0].Target}})
	if len(second.Results) != 1 || second.Results[0].Target == first.Results[0].Target {
		t.Errorf("second page = %+v, want another target than %q", second.Results, first.Results[0].Target)
	}
}

func TestCatalogResources(t *testing.T) {
	cs := twoLibraries(t)
	ctx := context.Background()
	res, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: "docs://notes/rotate"})
	if err != nil {
		t.Fatal(err)
	}
	if txt := res.Contents[0].Text; !strings.Contains(txt, "revoke the old key") || !strings.Contains(txt, "notes local") {
		t.Errorf("resource text = %q", txt)
	}
	if _, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: "docs://react/index"}); err == nil {
		t.Error("reading a page of an unknown library succeeded")
	}
	uris := resourceURIs(t, cs)
	if got := strings.Join(uris, " "); !strings.Contains(got, "docs://guide/start/install") || !strings.Contains(got, "docs://notes/rotate") {
		t.Errorf("resources = %v", uris)
	}
	tpl, err := cs.ListResourceTemplates(ctx, nil)
	if err != nil || len(tpl.ResourceTemplates) != 1 || tpl.ResourceTemplates[0].URITemplate != "docs://{library}/{+path}" {
		t.Errorf("templates = %+v, %v", tpl, err)
	}
}

func TestCatalogCompletion(t *testing.T) {
	cs := twoLibraries(t)
	tpl := &mcp.CompleteReference{Type: "ref/resource", URI: "docs://{library}/{+path}"}
	cases := []struct {
		name    string
		ref     *mcp.CompleteReference
		arg     string
		value   string
		context map[string]string
		want    []string
	}{
		{"every library", tpl, "library", "", nil, []string{"guide", "notes"}},
		{"library by prefix", tpl, "library", "No", nil, []string{"notes"}},
		{"paths of a library", tpl, "path", "", map[string]string{"library": "guide"}, []string{"start/index", "start/install"}},
		{"path by substring", tpl, "path", "stall", map[string]string{"library": "guide"}, []string{"start/install"}},
		{"excluded pages are not offered", tpl, "path", "blog", map[string]string{"library": "guide"}, []string{}},
		{"path needs a library", tpl, "path", "", nil, []string{}},
		{"unknown library", tpl, "path", "", map[string]string{"library": "react"}, []string{}},
		{"prompts", &mcp.CompleteReference{Type: "ref/prompt", Name: "x"}, "a", "", nil, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			params := &mcp.CompleteParams{Ref: c.ref, Argument: mcp.CompleteParamsArgument{Name: c.arg, Value: c.value}}
			if c.context != nil {
				params.Context = &mcp.CompleteContext{Arguments: c.context}
			}
			res, err := cs.Complete(context.Background(), params)
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Completion.Values; strings.Join(got, ",") != strings.Join(c.want, ",") || res.Completion.Total != len(c.want) {
				t.Errorf("values = %q (total %d), want %q", got, res.Completion.Total, c.want)
			}
		})
	}
}

func TestRankCompletions(t *testing.T) {
	values := []string{"sso/index", "user-management/invitations", "invitations/api", "directory-sync"}
	got := rankCompletions(values, "INVIT")
	if want := []string{"invitations/api", "user-management/invitations"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("rankCompletions = %q, want %q", got, want)
	}
}

// With two versions of a library and no library given, ask searches the
// default (first configured) version and says which version it left out.
func TestCatalogAskNamesVersionsNotSearched(t *testing.T) {
	cat, err := catalog.Open(context.Background(), catalog.Config{
		DataDir: t.TempDir(),
		Libraries: []catalog.LibraryConfig{
			{Name: "guide", Dir: "../catalog/testdata/guide", Version: "2.1", Exclude: []string{"blog/**"}},
			{Name: "guide", Dir: "../catalog/testdata/guide", Version: "1.0"},
		},
		Embedder: catalog.EmbedderConfig{Use: embedtest.NewWords()},
	})
	if err != nil {
		t.Fatal(err)
	}
	cs := connect(t, New(nil, Config{Catalog: cat}))
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "ask", Arguments: map[string]any{"question": "configure the proxy"}})
	if err != nil || res.IsError {
		t.Fatalf("ask: %v %s", err, Text(res))
	}
	if txt := Text(res); !strings.Contains(txt, "not searched: guide@1.0 (pass library and version") {
		t.Errorf("answer does not name the version left out:\n%s", txt)
	}
	var out AskOutput
	data, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Join(out.Searched, ",") != "guide@2.1" || strings.Join(out.NotSearched, ",") != "guide@1.0" {
		t.Errorf("searched %v, not searched %v; want guide@2.1, guide@1.0", out.Searched, out.NotSearched)
	}
	// One library searched: sources names it, the results need not.
	if len(out.Sources) != 1 || out.Sources[0].Version != "2.1" {
		t.Errorf("sources = %+v, want guide 2.1 alone", out.Sources)
	}
	for _, r := range out.Results {
		if r.Library != "" || r.Version != "" {
			t.Errorf("result %s names %s %s, which sources already does", r.Target, r.Library, r.Version)
		}
	}
	if !slices.ContainsFunc(out.Notes, func(n string) bool { return strings.Contains(n, "not searched: guide@1.0") }) {
		t.Errorf("structured notes %q do not name the version left out", out.Notes)
	}
}

// TestAskOutputMatchesSchema checks ask's structured output against the
// output schema it publishes (the server sets it without the go-sdk's
// per-call validation): answers from one index and across libraries, with
// results left out, with none found, and with a library's sources named.
func TestAskOutputMatchesSchema(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		cs       *mcp.ClientSession
		question string // one the docs answer
	}{
		{"one index", connect(t, New(newFakeIndex(fixtureCorpus()), Config{})), "how do I configure a SAML connection?"},
		{"catalog", twoLibraries(t), "rotate the signing key"},
	} {
		name, cs := c.name, c.cs
		tools, err := cs.ListTools(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var schema jsonschema.Schema
		for _, tool := range tools.Tools {
			if tool.Name == "ask" {
				data, _ := json.Marshal(tool.OutputSchema)
				if err := json.Unmarshal(data, &schema); err != nil {
					t.Fatalf("%s: ask's output schema: %v", name, err)
				}
			}
		}
		resolved, err := schema.Resolve(nil)
		if err != nil {
			t.Fatalf("%s: resolve ask's output schema: %v", name, err)
		}
		for _, args := range []map[string]any{
			{"question": c.question, "k": 10},
			{"question": c.question, "k": 20, "max_tokens": 200},
			{"question": "zzzz qqqq", "mode": "grep"},
		} {
			res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "ask", Arguments: args})
			if err != nil || res.IsError {
				t.Fatalf("%s: ask %v: %v %s", name, args, err, Text(res))
			}
			data, _ := json.Marshal(res.StructuredContent)
			var out map[string]any
			if err := json.Unmarshal(data, &out); err != nil {
				t.Fatalf("%s: ask %v: structured content %s: %v", name, args, data, err)
			}
			if err := resolved.Validate(out); err != nil {
				t.Errorf("%s: ask %v: structured content does not match the output schema: %v\n%s", name, args, err, data)
			}
			if results, _ := out["results"].([]any); args["mode"] != "grep" && len(results) == 0 {
				t.Errorf("%s: ask %v found nothing; the check needs results", name, args)
			}
		}
	}
}
