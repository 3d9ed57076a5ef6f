package server_test

import (
	"context"
	"fmt"
	"log"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
	"github.com/docseek/docseek/server"
)

// onePage is a tiny server.Index over a single page, enough to show the API;
// docseek serves a *retrieval.Index.
type onePage struct{ c *corpus.Corpus }

func (o onePage) Search(_ context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	return []retrieval.Result{{Path: "sso/index", Anchor: "get-started", Section: "Get started",
		Breadcrumb: []string{"Single Sign-On", "Get started"}, Title: "Single Sign-On",
		URL: "https://docs.example.com/sso#get-started", Text: "Create a connection in the dashboard.", Score: 0.9}}, nil
}

func (o onePage) Fetch(_ context.Context, target string) (*retrieval.Document, error) {
	return nil, &retrieval.NotFoundError{Target: target}
}

func (o onePage) List(string) ([]retrieval.ListEntry, error) { return nil, nil }

func (o onePage) Changelog(context.Context, retrieval.ChangelogQuery) ([]corpus.ChangelogEntry, error) {
	return nil, nil
}

func (o onePage) Corpus() *corpus.Corpus { return o.c }

// A go-sdk client asks a question over in-memory transports.
func ExampleNew() {
	ctx := context.Background()
	s := server.New(onePage{&corpus.Corpus{Name: "example"}}, server.Config{})

	serverT, clientT := mcp.NewInMemoryTransports()
	ss, err := s.MCP().Connect(ctx, serverT, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ss.Close()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "example-client"}, nil).Connect(ctx, clientT, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer cs.Close()

	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "ask", Arguments: map[string]any{"question": "how do I start with SSO?", "k": 1}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(res.Content[0].(*mcp.TextContent).Text)
	// Output:
	// 1 section for "how do I start with SSO?" (hybrid search) from example, best first. Cite the source links; fetch a target for the whole section.
	//
	// ## 1. Single Sign-On > Get started
	// https://docs.example.com/sso#get-started · target `sso/index#get-started` · score 0.9000
	//
	// Create a connection in the dashboard.
}
