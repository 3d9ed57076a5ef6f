package web

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/docseek/docseek/embed/embedtest"
	"github.com/docseek/docseek/retrieval"
	"github.com/docseek/docseek/server"
)

// The web tests run against docseek as served: a retrieval.Index over our
// own fixture docs (testdata/docs: a made-up "Lantern" product, nothing
// third-party), wrapped in a server.Server, its HTTP handler and this page.

// lantern is the fixture library: our own docs of a made-up product.
var lantern = catalog.LibraryConfig{Name: "lantern", Dir: "testdata/docs", BaseURL: "https://docs.lantern.example"}

// guide is a second library, the catalog package's fixture.
var guide = catalog.LibraryConfig{Name: "guide", Version: "2.1", Dir: "../../catalog/testdata/guide", BaseURL: "https://guide.example/docs"}

// fixtureServer returns the MCP server over a catalog of libs (lantern
// when none is given), as `docseek serve` builds it: the catalog answers
// ask, fetch and list, its first library's index the changelog.
func fixtureServer(tb testing.TB, libs ...catalog.LibraryConfig) *server.Server {
	tb.Helper()
	if len(libs) == 0 {
		libs = []catalog.LibraryConfig{lantern}
	}
	ctx := context.Background()
	cat, err := catalog.Open(ctx, catalog.Config{DataDir: tb.TempDir(), Libraries: libs, Embedder: catalog.EmbedderConfig{Use: embedtest.New()}})
	if err != nil {
		tb.Fatalf("open catalog: %v", err)
	}
	ix, err := cat.Libraries()[0].Wait(ctx)
	if err != nil {
		tb.Fatalf("load %s: %v", libs[0].Name, err)
	}
	return server.New(ix, server.Config{Catalog: cat})
}

// indexServer returns the MCP server over the lantern docs' index alone,
// with no catalog (server.New(ix) as library users build it).
func indexServer(tb testing.TB) *server.Server {
	tb.Helper()
	ctx := context.Background()
	c := corpustest.Load(tb, "testdata/docs", corpus.Options{Name: "lantern", BaseURL: "https://docs.lantern.example"})
	ix, err := retrieval.Open(ctx, c, retrieval.Config{Embedder: embedtest.New()})
	if err != nil {
		tb.Fatalf("open index: %v", err)
	}
	return server.New(ix, server.Config{})
}

// startSite serves srv over HTTP on loopback as `docseek serve --http`
// does: /mcp, /healthz and the page at /. token sets --auth-token.
func startSite(tb testing.TB, srv *server.Server, token string) *httptest.Server {
	tb.Helper()
	ui, err := New(srv, Config{AuthToken: token})
	if err != nil {
		tb.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv.Handler(server.HTTPConfig{AuthToken: token, UI: ui}))
	tb.Cleanup(ts.Close)
	return ts
}
